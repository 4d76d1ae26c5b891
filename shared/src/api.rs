//! The HTTP contract's other types: receipts, problem details, webhook
//! payloads. Shared so that the Worker writes and the form and receivers read
//! the very same shapes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};

use crate::model::Report;
use crate::obligations::Assessment;
use crate::org::Channel;
use crate::problem::Problem;
use crate::texts::Mail;
use crate::time::Timestamp;

/// Largest request body the API accepts.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Where problem types are documented.
pub const PROBLEM_BASE: &str = "https://brud.example/problems/";

/// The answer to `POST /api/reports`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The report's id.
    pub id: String,
    /// Human-readable reference, e.g. `ZAH-2026-0042`.
    pub reference: String,
    /// When the Worker stored the report.
    pub received_at: Timestamp,
    /// The assessment the Worker computed on receipt.
    pub assessment: Assessment,
    /// How the report goes to the school, and how far each channel has
    /// come. Absent from answers of Workers before channels existed.
    #[serde(default)]
    pub channels: Vec<ChannelState>,
    /// The report arrived beyond its client's rate limit or its school's
    /// ceiling and is kept, whole, for the school's DPO to open as a case:
    /// no case yet (`reference` is empty), no mail, no webhook. Absent
    /// when `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub held: bool,
}

/// One channel of a report's delivery (`GET /api/reports/{id}/delivery`
/// and the receipt): no report content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChannelState {
    /// `webhook` or `mail`.
    pub channel: Channel,
    /// For `mail`: the breach mailbox it goes to (public in the profile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `pending` (attempts go on), `delivered` (sent) or `dead` (given up).
    pub status: DeliveryStatus,
    /// When it was sent (RFC 3339), once delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<String>,
}

impl ChannelState {
    /// A channel's state from what is stored: sent when it has a time, or
    /// else the report's delivery status (which is `delivered` only once
    /// every channel was sent).
    pub fn from_stored(
        channel: Channel,
        to: Option<String>,
        sent_at: Option<String>,
        report_status: DeliveryStatus,
    ) -> Self {
        let status = match (&sent_at, report_status) {
            (Some(_), _) => DeliveryStatus::Delivered,
            (None, DeliveryStatus::Dead) => DeliveryStatus::Dead,
            // A report delivered before it had per-channel times.
            (None, DeliveryStatus::Delivered) => DeliveryStatus::Delivered,
            (None, DeliveryStatus::Pending) => DeliveryStatus::Pending,
        };
        ChannelState {
            channel,
            to,
            status,
            sent_at,
        }
    }
}

/// The answer to `GET /api/reports/{id}/delivery`: how far the report's
/// channels have come, for the receipt to follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DeliveryReceipt {
    /// The report's id.
    pub id: String,
    /// Its reference.
    pub reference: String,
    /// Each channel.
    pub channels: Vec<ChannelState>,
}

/// Every kind of problem the API answers with: the last segment of its
/// `type` URI ([`PROBLEM_BASE`] + the kebab-case name, e.g.
/// `…/problems/stale-sequence`). Written once, here, for the Worker that
/// sends them and the clients that tell them apart; docs/api.md names each
/// (checked by a test).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum ProblemType {
    /// 400: the body is not JSON.
    MalformedJson,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 413: the body is over [`MAX_BODY_BYTES`].
    PayloadTooLarge,
    /// 422: the report has problems (in `errors`).
    InvalidReport,
    /// 404: no such organisation.
    UnknownOrganisation,
    /// 409: a different report has this id.
    IdConflict,
    /// 429: over a rate limit.
    TooManyRequests,
    /// 405.
    MethodNotAllowed,
    /// 404 under `/api/`.
    NotFound,
    /// 401: no valid sign-in token.
    Unauthenticated,
    /// 403: signed in, without the role for this.
    Forbidden,
    /// 403: a desk entry sent by another site's page.
    CrossSite,
    /// 503: the desk's sign-in is not configured.
    DeskNotConfigured,
    /// 503: the sign-in keys could not be fetched.
    SignInUnavailable,
    /// 404: no such case in this organisation.
    CaseNotFound,
    /// 400: a query parameter is not valid.
    BadQuery,
    /// 409: the case's state does not allow the event.
    EventNotAllowed,
    /// 422: the event's own data is wrong.
    InvalidEvent,
    /// 409: the case has moved on since `expected_sequence`.
    StaleSequence,
    /// 409: a different event has this `client_event_id`.
    EventIdConflict,
    /// 500.
    Internal,
}

impl ProblemType {
    /// The last segment of the type URI, e.g. `"stale-sequence"`.
    pub fn slug(self) -> &'static str {
        self.into()
    }

    /// The type URI.
    pub fn uri(self) -> String {
        format!("{PROBLEM_BASE}{}", self.slug())
    }

    /// The kind a problem's `type` URI names, if it is one of Brud's.
    pub fn of_uri(uri: &str) -> Option<ProblemType> {
        let slug = uri.strip_prefix(PROBLEM_BASE)?;
        ProblemType::iter().find(|kind| kind.slug() == slug)
    }
}

/// RFC 9457 problem details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProblemDetails {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// Short summary in English.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// A sentence for a person, in Danish and English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<crate::lang::Text>,
    /// Every problem with the report, for 422.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Problem>,
}

impl ProblemDetails {
    /// A problem of kind `kind`.
    pub fn new(status: u16, kind: ProblemType, title: &str) -> Self {
        ProblemDetails {
            problem_type: kind.uri(),
            title: title.to_string(),
            status,
            detail: None,
            errors: Vec::new(),
        }
    }

    /// The kind its `type` names, if it is one of Brud's.
    pub fn kind(&self) -> Option<ProblemType> {
        ProblemType::of_uri(&self.problem_type)
    }
}

/// The event type of a delivered report.
pub const REPORT_RECEIVED: &str = "brud.report.received";

/// The body of a signed delivery to an organisation's endpoint, in the
/// Standard Webhooks layout (`type`, `timestamp`, `data`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WebhookPayload {
    /// Always [`REPORT_RECEIVED`].
    #[serde(rename = "type")]
    pub event_type: String,
    /// When the report was received.
    pub timestamp: Timestamp,
    /// The report and what Brud made of it.
    pub data: DeliveredReport,
}

/// What a receiver gets: enough for a mail relay, Teams, Power Automate or a
/// ticket system to act without calling back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DeliveredReport {
    /// The report id (also the `webhook-id` header).
    pub id: String,
    /// The organisation id.
    pub org: String,
    /// The reference.
    pub reference: String,
    /// When it was received.
    pub received_at: Timestamp,
    /// The report as submitted.
    pub report: Report,
    /// The assessment at receipt.
    pub assessment: Assessment,
    /// The mail for the breach mailbox, in the report's language.
    pub mail: Mail,
}

/// Where a report's delivery to its organisation stands. Stored in D1 as
/// the same strings as on the wire.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, IntoStaticStr, EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not delivered yet; attempts go on.
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Given up after the last attempt (the dead-letter state).
    Dead,
}

impl DeliveryStatus {
    /// Every status.
    pub const ALL: [DeliveryStatus; 3] = [
        DeliveryStatus::Pending,
        DeliveryStatus::Delivered,
        DeliveryStatus::Dead,
    ];

    /// The stored and wire form.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The status written `text`, if any.
    pub fn parse(text: &str) -> Option<DeliveryStatus> {
        DeliveryStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

/// One report's delivery state, as the DPO sees it (no report content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DeliveryState {
    /// The report id.
    pub id: String,
    /// The reference.
    pub reference: String,
    /// When it was received.
    pub received_at: String,
    /// Where the delivery stands.
    pub status: DeliveryStatus,
    /// Delivery attempts so far.
    pub attempts: u32,
    /// The last failure: an HTTP status or `network`, never content.
    pub last_error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_types_read_back_from_their_uri() {
        for kind in ProblemType::iter() {
            assert_eq!(ProblemType::of_uri(&kind.uri()), Some(kind));
            assert!(!kind.slug().contains(char::is_uppercase), "{kind:?}");
        }
        assert_eq!(
            ProblemType::StaleSequence.uri(),
            "https://brud.example/problems/stale-sequence"
        );
        assert_eq!(ProblemType::of_uri("stale-sequence"), None);
        assert_eq!(
            ProblemType::of_uri("https://brud.example/problems/no-such-thing"),
            None
        );
    }

    #[test]
    fn delivery_statuses_read_back_in_both_forms() {
        for status in DeliveryStatus::ALL {
            assert_eq!(DeliveryStatus::parse(status.as_str()), Some(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert_eq!(DeliveryStatus::parse("queued"), None);
    }

    #[test]
    fn a_channel_that_was_sent_stays_sent_whatever_the_report_status() {
        let sent = Some("2026-11-23T10:00:00Z".to_string());
        for status in DeliveryStatus::ALL {
            let state = ChannelState::from_stored(Channel::Mail, None, sent.clone(), status);
            assert_eq!(state.status, DeliveryStatus::Delivered);
        }
        let waiting =
            ChannelState::from_stored(Channel::Webhook, None, None, DeliveryStatus::Pending);
        assert_eq!(waiting.status, DeliveryStatus::Pending);
        let gave_up = ChannelState::from_stored(Channel::Webhook, None, None, DeliveryStatus::Dead);
        assert_eq!(gave_up.status, DeliveryStatus::Dead);
        let json = serde_json::to_value(&gave_up).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "channel": "webhook", "status": "dead" })
        );
    }
}
