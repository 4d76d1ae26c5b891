//! Delivery of stored reports to the organisation on each of its channels
//! ([`Channel`]): a signed webhook to its endpoint, the breach-mailbox mail
//! ([`crate::mail`]), or both; retried with capped exponential backoff,
//! and a dead-letter state in D1 after the last attempt.
//!
//! Neither double-sent nor forgotten:
//! - each channel's success is recorded the moment it happens
//!   ([`reports::mark_sent`]), and an attempt tries only the channels not yet
//!   sent: a mail that went is not sent again because the webhook failed,
//!   and the other way round. The report is `delivered` once every channel
//!   has gone; attempts and the dead-letter state count for the report;
//! - an attempt first holds the report in D1 ([`reports::hold`]), so a queue
//!   message and the scheduled sweep never send it at the same time, and
//!   a report already delivered is never sent again;
//! - an attempt that takes longer than its timeout is aborted
//!   (`AbortController`), not just abandoned, so the endpoint does not get a
//!   request the Worker has counted as failed; the retry carries the same
//!   `webhook-id` for receivers that deduplicate;
//! - the sweep ([`sweep`], every few minutes from the Cron Trigger) queues
//!   again every pending report whose next attempt is overdue: stored but
//!   never queued, or a retry the queue lost.

use std::time::Duration;

use brud_case::chain::SignedHead;
use brud_case::flood::MailCap;
use brud_edge::backoff::Backoff;
use brud_shared::api::{DeliveredReport, DeliveryStatus, REPORT_RECEIVED};
use brud_shared::org::Channel;
use brud_shared::secret::webhook_secret_name;
use brud_shared::syntax::is_loopback_http;
use brud_shared::texts::{breach_mail, breach_mail_message, TextContext};
use brud_shared::time::Timestamp;
use brud_shared::webhook::sign;
use brud_shared::{Assessment, OrgProfile, Report};
use futures_util::future::{select, Either};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use worker::{
    console_error, console_log, AbortController, Date, Delay, Env, Fetch, Headers, Method, Queue,
    Request, RequestInit,
};

use brud_store::flood::Slot;
use brud_store::reports::{self, Attempt, StoredReport};
use brud_store::Database;
use chrono::Duration as Span;

use crate::error::ApiError;
use crate::runtime::var_u32;

/// A queue message: which report to deliver. The report itself stays in D1.
#[derive(Debug, Serialize, Deserialize)]
pub struct DeliveryJob {
    /// The report id.
    pub id: String,
}

/// Retry settings, from the Worker's vars.
#[derive(Debug, Clone)]
pub struct DeliverySettings {
    /// Attempts before the dead-letter state (`MAX_DELIVERY_ATTEMPTS`, default 8).
    pub max_attempts: u32,
    /// First retry delay in seconds (`RETRY_BASE_SECONDS`, default 30).
    pub base_delay: u32,
    /// Longest retry delay in seconds (`RETRY_CAP_SECONDS`, default 3600).
    pub cap_delay: u32,
    /// `NOTIFY_ENDPOINT`: sends every delivery to this loopback URL instead
    /// of the organisation's endpoint. Only loopback URLs are honoured
    /// ([`is_loopback_http`]): it exists for local runs and tests.
    pub endpoint_override: Option<String>,
    /// How long one attempt may take (`DELIVERY_TIMEOUT_SECONDS`, default 15).
    pub timeout: Duration,
    /// How far past its due time a pending report must be before the sweep
    /// queues it again (`SWEEP_GRACE_SECONDS`, default 300).
    pub sweep_grace: Duration,
    /// The breach mails one organisation's mailbox gets per period
    /// (`MAIL_CAP`, [`crate::flood::mail_cap`]).
    pub mail_cap: MailCap,
}

impl DeliverySettings {
    /// Reads the settings from the environment.
    pub fn from_env(env: &Env) -> Self {
        let endpoint_override = env
            .var("NOTIFY_ENDPOINT")
            .ok()
            .map(|value| value.to_string())
            .filter(|url| is_loopback_http(url));
        DeliverySettings {
            max_attempts: var_u32(env, "MAX_DELIVERY_ATTEMPTS", 8).max(1),
            base_delay: var_u32(env, "RETRY_BASE_SECONDS", 30),
            cap_delay: var_u32(env, "RETRY_CAP_SECONDS", 3600),
            endpoint_override,
            timeout: Duration::from_secs(
                var_u32(env, "DELIVERY_TIMEOUT_SECONDS", 15).max(1).into(),
            ),
            sweep_grace: Duration::from_secs(var_u32(env, "SWEEP_GRACE_SECONDS", 300).into()),
            mail_cap: crate::flood::mail_cap(env),
        }
    }

    /// How long an attempt holds its report: the timeout of every channel
    /// it may try, one after the other, and a margin for signing and
    /// recording.
    pub(crate) fn hold_for(&self) -> i64 {
        self.timeout.as_millis() as i64 * Channel::ALL.len() as i64 + 30_000
    }

    /// Delay before the retry that follows attempt number `attempt`
    /// (1-based), by [`Backoff`] from the settings.
    pub fn backoff(&self, attempt: u32) -> u32 {
        let backoff = Backoff {
            base: self.base_delay,
            cap: self.cap_delay,
        };
        backoff.delay(attempt)
    }
}

/// What to do with the queue message.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Delivered, dead-lettered or nothing to do: acknowledge.
    Done,
    /// Try again after this many seconds.
    RetryAfter(u32),
}

/// Delivers one report. Never fails: binding errors become a retry.
pub async fn deliver(env: &Env, job: &DeliveryJob, settings: &DeliverySettings) -> Outcome {
    match attempt(env, job, settings).await {
        Ok(outcome) => outcome,
        Err(error) => {
            console_error!("delivery {}: {:?}", job.id, error);
            Outcome::RetryAfter(settings.backoff(1))
        }
    }
}

/// The body every attempt sends: fixed at the first attempt.
fn build_payload(
    row: &StoredReport,
    org: &OrgProfile,
    log_head: Option<SignedHead>,
) -> Result<String, ApiError> {
    let (report, assessment) = read_report(row)?;
    let received_at = Timestamp::from(row.received());
    let mail = breach_mail(TextContext {
        report: &report,
        assessment: &assessment,
        org,
        reference: Some(&row.reference),
        lang: report.language,
        decided: None,
    });
    let payload = ReportWebhook {
        event_type: REPORT_RECEIVED,
        timestamp: received_at,
        data: ReportWithHead {
            report: DeliveredReport {
                id: row.id.clone(),
                org: row.org.clone(),
                reference: row.reference.clone(),
                received_at,
                report,
                assessment,
                mail,
            },
            log_head,
        },
    };
    Ok(serde_json::to_string(&payload)?)
}

/// The report webhook's body: [`brud_shared::api::WebhookPayload`] with
/// the case's signed head beside the report in `data` (the case is
/// `brud-case`'s, which the report's wire types do not know).
#[derive(Serialize)]
struct ReportWebhook {
    #[serde(rename = "type")]
    event_type: &'static str,
    timestamp: Timestamp,
    data: ReportWithHead,
}

/// The report as delivered, and the case's signed head.
#[derive(Serialize)]
struct ReportWithHead {
    #[serde(flatten)]
    report: DeliveredReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    log_head: Option<SignedHead>,
}

fn read_report(row: &StoredReport) -> Result<(Report, Assessment), ApiError> {
    Ok((
        serde_json::from_str(&row.report)?,
        serde_json::from_str(&row.assessment)?,
    ))
}

/// Sends the signed webhook; `Err` with a short reason.
async fn send_webhook(
    env: &Env,
    db: &impl Database,
    row: &StoredReport,
    org: &OrgProfile,
    settings: &DeliverySettings,
) -> Result<Result<(), String>, ApiError> {
    let payload = match &row.payload {
        Some(payload) => payload.clone(),
        None => {
            let log_head = brud_store::cases::signed_head_of(db, &row.id).await?;
            let payload = build_payload(row, org, log_head)?;
            reports::set_payload(db, &row.id, &payload).await?;
            payload
        }
    };
    Ok(send_signed(
        env,
        settings,
        &org.id,
        Some(&org.notification_endpoint),
        &row.id,
        &payload,
    )
    .await)
}

/// Posts `body` as the signed delivery `id` of organisation `org_id`, to
/// `endpoint` (the loopback override, when set, instead): `Ok` on a 2xx
/// answer, else a short reason (`unknown-organisation` without an endpoint,
/// `no-signing-secret`, an HTTP status, `network`, `timeout`). Reports and
/// case notices both go out through it.
pub(crate) async fn send_signed(
    env: &Env,
    settings: &DeliverySettings,
    org_id: &str,
    endpoint: Option<&str>,
    id: &str,
    body: &str,
) -> Result<(), String> {
    let endpoint = settings
        .endpoint_override
        .as_deref()
        .or(endpoint)
        .ok_or("unknown-organisation")?;
    let secret = env
        .secret(&webhook_secret_name(org_id))
        .map_err(|_| "no-signing-secret".to_string())?;
    match post(endpoint, id, &secret.to_string(), body, settings.timeout).await {
        Ok(status) if (200..300).contains(&status) => Ok(()),
        Ok(status) => Err(status.to_string()),
        Err(reason) => Err(reason),
    }
}

/// Sends the breach-mailbox mail, in the report's language, with the
/// reporter's contact only when the profile says so.
async fn send_mail(
    env: &Env,
    row: &StoredReport,
    org: &OrgProfile,
    settings: &DeliverySettings,
) -> Result<Result<(), String>, ApiError> {
    let (report, assessment) = read_report(row)?;
    let message = breach_mail_message(
        TextContext {
            report: &report,
            assessment: &assessment,
            org,
            reference: Some(&row.reference),
            lang: report.language,
            decided: None,
        },
        org.mail_reporter_contact,
    );
    Ok(crate::mail::send(env, &message, settings.timeout).await)
}
async fn attempt(
    env: &Env,
    job: &DeliveryJob,
    settings: &DeliverySettings,
) -> Result<Outcome, ApiError> {
    let db = crate::runtime::db(env)?;
    let Some(row) = reports::get(&db, &job.id).await? else {
        return Ok(Outcome::Done);
    };
    if row.status != DeliveryStatus::Pending {
        return Ok(Outcome::Done);
    }
    let started = crate::runtime::now();
    let until = started + Span::milliseconds(settings.hold_for());
    if !reports::hold(&db, &row.id, started, until).await? {
        // Another attempt is sending it now; it settles the report.
        return Ok(Outcome::Done);
    }
    let attempts = row.attempts + 1;
    let Some(org) = crate::runtime::directory(env).get(&row.org) else {
        let attempt = Attempt::dead(attempts, "unknown-organisation");
        reports::record_attempt(&db, &row.id, &attempt).await?;
        return Ok(Outcome::Done);
    };
    let mut failures: Vec<String> = Vec::new();
    // A held mail is settled: the period's summary covers it.
    let settled = |channel| row.sent_at(channel).is_some() || row.mail_is_held(channel);
    for channel in org.channels_to_send(settled) {
        let sent = match channel {
            Channel::Webhook => send_webhook(env, &db, &row, org, settings).await?,
            Channel::Mail => {
                let now = crate::runtime::now();
                match crate::flood::mail_slot(&db, settings.mail_cap, &org.id, &row.id, now).await?
                {
                    Slot::Send => send_mail(env, &row, org, settings).await?,
                    Slot::Held => continue,
                }
            }
        };
        match sent {
            Ok(()) => {
                reports::mark_sent(&db, &row.id, channel, crate::runtime::now()).await?;
            }
            // Webhook reasons are an HTTP status, `network` or `timeout`;
            // mail reasons say `mail` ([`crate::mail::send`]).
            Err(reason) => failures.push(reason),
        }
    }
    let failure = (!failures.is_empty()).then(|| failures.join(" "));
    match failure {
        None => {
            let attempt = Attempt::delivered(attempts, crate::runtime::now());
            reports::record_attempt(&db, &row.id, &attempt).await?;
            console_log!("delivered {} attempt {attempts}", row.id);
            Ok(Outcome::Done)
        }
        Some(reason) if attempts >= settings.max_attempts => {
            let attempt = Attempt::dead(attempts, &reason);
            reports::record_attempt(&db, &row.id, &attempt).await?;
            console_error!(
                "dead-lettered {} after {attempts} attempts: {reason}",
                row.id
            );
            Ok(Outcome::Done)
        }
        Some(reason) => {
            let delay = settings.backoff(attempts);
            let next = crate::runtime::now() + Span::seconds(delay.into());
            let attempt = Attempt::retry(attempts, &reason, next);
            reports::record_attempt(&db, &row.id, &attempt).await?;
            console_log!(
                "retrying {} in {delay}s after attempt {attempts}: {reason}",
                row.id
            );
            Ok(Outcome::RetryAfter(delay))
        }
    }
}

/// The scheduled sweep: queues again every pending report whose next
/// attempt is overdue by more than the grace and that no attempt holds
/// (stored but never queued, or a retry the queue lost). Each is claimed in
/// D1 before it is queued, so a report is queued once per sweep at most,
/// and a claimed report waits another grace before the next sweep may
/// queue it again. Returns how many were queued.
pub async fn sweep(env: &Env, settings: &DeliverySettings) -> Result<usize, ApiError> {
    let db = crate::runtime::db(env)?;
    let queue: Queue = env.queue("DELIVERIES")?;
    let now = crate::runtime::now();
    let grace = Span::milliseconds(settings.sweep_grace.as_millis() as i64);
    // At most 100: the most one `sendBatch` takes.
    let ids = reports::claim_overdue(&db, now, now - grace, now, 100).await?;
    if !ids.is_empty() {
        let jobs = ids.iter().map(|id| DeliveryJob { id: id.clone() });
        queue.send_batch(jobs).await?;
    }
    Ok(ids.len())
}

/// Marks a report that the queue gave up on (its dead-letter queue) as dead,
/// unless it was delivered after all.
pub async fn give_up(env: &Env, job: &DeliveryJob) {
    let result: Result<(), ApiError> = async {
        let db = crate::runtime::db(env)?;
        if let Some(row) = reports::get(&db, &job.id).await? {
            if row.status == DeliveryStatus::Pending {
                let attempt = Attempt::dead(row.attempts, "queue-gave-up");
                reports::record_attempt(&db, &row.id, &attempt).await?;
            }
        }
        Ok(())
    }
    .await;
    if let Err(error) = result {
        console_error!("dead-letter {}: {:?}", job.id, error);
    }
}

/// POSTs a signed delivery; the HTTP status, or why there was none.
async fn post(
    endpoint: &str,
    id: &str,
    secret: &str,
    payload: &str,
    timeout: Duration,
) -> Result<u16, String> {
    let timestamp = (Date::now().as_millis() / 1000) as i64;
    let headers = Headers::new();
    let signature = sign(secret, id, timestamp, payload.as_bytes());
    for (name, value) in [
        ("content-type", "application/json"),
        ("user-agent", "Brud-Webhook/1"),
        ("webhook-id", id),
        ("webhook-timestamp", &timestamp.to_string()),
        ("webhook-signature", &signature),
    ] {
        headers
            .set(name, value)
            .map_err(|_| "headers".to_string())?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(JsValue::from_str(payload)));
    let request =
        Request::new_with_init(endpoint, &init).map_err(|_| "bad-endpoint".to_string())?;
    let fetch = Fetch::Request(request);
    let controller = AbortController::default();
    let signal = controller.signal();
    let send = Box::pin(fetch.send_with_signal(&signal));
    let timer = Box::pin(Delay::from(timeout));
    // Bound before it is returned: the futures borrow `fetch` and `signal`.
    let outcome = match select(send, timer).await {
        Either::Left((Ok(response), _)) => Ok(response.status_code()),
        Either::Left((Err(_), _)) => Err("network".to_string()),
        Either::Right(_) => {
            // Dropping the future would leave the request running in the
            // runtime; the endpoint could still get it after this attempt
            // is recorded as failed. Abort it.
            controller.abort();
            Err("timeout".to_string())
        }
    };
    outcome
}
