//! Reports in D1: the durable record that exists before any answer is sent.
//!
//! Every statement binds typed parameters ([`D1Type`]); times that the
//! delivery schedule compares are Unix milliseconds.

use brud_shared::api::{ChannelState, DeliveryState, DeliveryStatus};
use brud_shared::org::{Channel, OrgProfile};
use brud_shared::reference::Reference;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use worker::{D1Database, D1Type};

use brud_case::chain::SignedHead;

use crate::error::ApiError;
use crate::stored_time::{self, millis, ms};

/// How many times [`insert`] tries the next free number before giving up
/// (each retry means another report of the same school took the number
/// between our read and our write).
const NUMBERING_TRIES: usize = 64;

/// A report about to be stored.
pub struct NewReport<'a> {
    pub id: &'a str,
    pub org: &'a str,
    pub year: i32,
    pub short_code: &'a str,
    pub body_sha256: &'a str,
    pub report_json: &'a str,
    pub assessment_json: &'a str,
    /// When the report was received: its first delivery attempt is due
    /// then.
    pub received_at: DateTime<Utc>,
    /// The case's random salt for the reporter's contact hash, kept until
    /// the contact is erased ([`brud_case::contact_hash`]).
    pub contact_salt: Option<&'a str>,
}

/// A stored report.
#[derive(Debug, Deserialize)]
pub struct StoredReport {
    pub id: String,
    pub org: String,
    pub reference: String,
    /// Unix ms ([`crate::stored_time`]).
    pub received_at: f64,
    pub body_sha256: String,
    pub report: String,
    pub assessment: String,
    pub payload: Option<String>,
    /// Stored as the wire strings, read as the domain's type.
    pub status: DeliveryStatus,
    pub attempts: u32,
    /// 1 once the delivery job was handed to the queue.
    queued: u32,
    /// When the webhook was delivered (Unix ms).
    pub webhook_sent_at: Option<f64>,
    /// When the mail was sent (Unix ms): for a held mail, when its
    /// period's summary was.
    pub mail_sent_at: Option<f64>,
    /// The mail period whose cap held this report's mail, if one did
    /// ([`crate::flood`]).
    #[serde(default)]
    pub mail_held_period: Option<f64>,
}

impl StoredReport {
    /// When the report was received.
    pub fn received(&self) -> DateTime<Utc> {
        stored_time::at(self.received_at)
    }

    /// When `channel` was sent (Unix ms), if it was.
    pub fn sent_at(&self, channel: Channel) -> Option<f64> {
        match channel {
            Channel::Webhook => self.webhook_sent_at,
            Channel::Mail => self.mail_sent_at,
        }
    }

    /// Whether `channel` is the mail and the cap held it.
    pub fn mail_is_held(&self, channel: Channel) -> bool {
        channel == Channel::Mail && self.mail_held_period.is_some()
    }

    /// How far each of `org`'s channels has come, for the receipt.
    pub fn channels(&self, org: &OrgProfile) -> Vec<ChannelState> {
        org.channels
            .iter()
            .map(|channel| {
                let to = (*channel == Channel::Mail).then(|| org.breach_mailbox.clone());
                let sent = self.sent_at(*channel).map(stored_time::wire);
                ChannelState::from_stored(*channel, to, sent, self.status)
            })
            .collect()
    }

    /// Whether the delivery job was handed to the queue.
    pub fn is_queued(&self) -> bool {
        self.queued != 0
    }
}

fn text(value: &str) -> D1Type<'_> {
    D1Type::Text(value)
}

#[derive(Deserialize)]
struct NextNumber {
    next: u32,
}

/// Stores the report unless its id exists, numbered with the
/// organisation's next number this year and its reference formatted by the
/// domain ([`Reference`]). The number is read, then written; the UNIQUE
/// (org, year, number) constraint refuses a number another report took in
/// between, and then the next one is tried, so references stay gap-free and
/// distinct however many arrive at once. Returns whether a row was inserted.
pub async fn insert(db: &D1Database, new: &NewReport<'_>) -> Result<bool, ApiError> {
    for _ in 0..NUMBERING_TRIES {
        let next = db
            .prepare(
                "SELECT COALESCE(MAX(number), 0) + 1 AS next FROM reports
                 WHERE org = ?1 AND year = ?2",
            )
            .bind_refs(&[text(new.org), D1Type::Integer(new.year)])?
            .first::<NextNumber>(None)
            .await?
            .map_or(1, |row| row.next);
        let reference = Reference {
            short_code: new.short_code.to_string(),
            year: new.year,
            number: next,
        }
        .to_string();
        let number = i32::try_from(next).map_err(|_| ApiError::Internal("numbering".into()))?;
        let inserted = db
            .prepare(
                "INSERT INTO reports (id, org, year, number, reference, body_sha256, report,
                                      assessment, received_at, next_attempt_at, contact_salt)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind_refs(&[
                text(new.id),
                text(new.org),
                D1Type::Integer(new.year),
                D1Type::Integer(number),
                text(&reference),
                text(new.body_sha256),
                text(new.report_json),
                text(new.assessment_json),
                millis(new.received_at),
                millis(new.received_at),
                new.contact_salt.map_or(D1Type::Null, text),
            ])?
            .run()
            .await;
        match inserted {
            Ok(result) => {
                let changes = result.meta()?.and_then(|meta| meta.changes).unwrap_or(0);
                return Ok(changes > 0);
            }
            // The id conflict is DO NOTHING, so a constraint error here is
            // the number: someone else took it. Try the next one.
            Err(error) if error.to_string().contains("UNIQUE") => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(ApiError::Internal("no free reference number".into()))
}

/// The report with `id`.
pub async fn get(db: &D1Database, id: &str) -> Result<Option<StoredReport>, ApiError> {
    db.prepare(
        "SELECT id, org, reference, received_at, body_sha256, report, assessment, payload, status,
                attempts, queued, webhook_sent_at, mail_sent_at, mail_held_period
         FROM reports WHERE id = ?1",
    )
    .bind_refs(&[text(id)])?
    .first::<StoredReport>(None)
    .await
    .map_err(ApiError::from)
}

/// Notes that the report's delivery job is on the queue.
pub async fn mark_queued(db: &D1Database, id: &str) -> Result<(), ApiError> {
    db.prepare("UPDATE reports SET queued = 1 WHERE id = ?1")
        .bind_refs(&[text(id)])?
        .run()
        .await?;
    Ok(())
}

/// Records that `channel` was sent at `at`, at once, so that no later
/// attempt sends it again whatever happens to the other channel.
pub async fn mark_sent(
    db: &D1Database,
    id: &str,
    channel: Channel,
    at: DateTime<Utc>,
) -> Result<(), ApiError> {
    // The column is chosen from the enum, never from input.
    let sql = match channel {
        Channel::Webhook => "UPDATE reports SET webhook_sent_at = ?2 WHERE id = ?1",
        Channel::Mail => "UPDATE reports SET mail_sent_at = ?2 WHERE id = ?1",
    };
    db.prepare(sql)
        .bind_refs(&[text(id), millis(at)])?
        .run()
        .await?;
    Ok(())
}

/// Fixes the webhook body at the first attempt, so every retry sends the
/// same bytes. Keeps an existing payload.
pub async fn set_payload(db: &D1Database, id: &str, payload: &str) -> Result<(), ApiError> {
    db.prepare("UPDATE reports SET payload = COALESCE(payload, ?2) WHERE id = ?1")
        .bind_refs(&[text(id), text(payload)])?
        .run()
        .await?;
    Ok(())
}

/// Takes the pending report `id` for one delivery attempt until `until_ms`,
/// unless another attempt holds it. Returns whether it was taken: only the
/// holder sends, so a queue message and a sweep never send at once.
pub async fn hold(db: &D1Database, id: &str, now_ms: i64, until_ms: i64) -> Result<bool, ApiError> {
    let result = db
        .prepare(
            "UPDATE reports SET held_until = ?3
             WHERE id = ?1 AND status = ?4 AND COALESCE(held_until, 0) <= ?2",
        )
        .bind_refs(&[
            text(id),
            ms(now_ms),
            ms(until_ms),
            text(DeliveryStatus::Pending.as_str()),
        ])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|meta| meta.changes).unwrap_or(0) > 0)
}

/// The outcome of one delivery attempt.
pub struct Attempt<'a> {
    pub status: DeliveryStatus,
    pub attempts: u32,
    pub last_error: Option<&'a str>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// When the next attempt is due (Unix milliseconds), while pending.
    pub next_attempt_at_ms: Option<i64>,
}

impl<'a> Attempt<'a> {
    /// Delivered at `at` by attempt number `attempts`.
    pub fn delivered(attempts: u32, at: DateTime<Utc>) -> Self {
        Attempt {
            status: DeliveryStatus::Delivered,
            attempts,
            last_error: None,
            delivered_at: Some(at),
            next_attempt_at_ms: None,
        }
    }

    /// Failed for `reason`; attempt again at `next_ms` (Unix milliseconds).
    pub fn retry(attempts: u32, reason: &'a str, next_ms: i64) -> Self {
        Attempt {
            status: DeliveryStatus::Pending,
            attempts,
            last_error: Some(reason),
            delivered_at: None,
            next_attempt_at_ms: Some(next_ms),
        }
    }

    /// Given up for `reason`: the dead-letter state.
    pub fn dead(attempts: u32, reason: &'a str) -> Self {
        Attempt {
            status: DeliveryStatus::Dead,
            attempts,
            last_error: Some(reason),
            delivered_at: None,
            next_attempt_at_ms: None,
        }
    }
}

/// Records the outcome of one delivery attempt and lets go of the report.
pub async fn record_attempt(
    db: &D1Database,
    id: &str,
    attempt: &Attempt<'_>,
) -> Result<(), ApiError> {
    let attempts = i32::try_from(attempt.attempts).unwrap_or(i32::MAX);
    db.prepare(
        "UPDATE reports SET status = ?2, attempts = ?3, last_error = ?4, delivered_at = ?5,
                            next_attempt_at = ?6, held_until = NULL
         WHERE id = ?1",
    )
    .bind_refs(&[
        text(id),
        text(attempt.status.as_str()),
        D1Type::Integer(attempts),
        attempt.last_error.map_or(D1Type::Null, text),
        attempt.delivered_at.map_or(D1Type::Null, millis),
        attempt.next_attempt_at_ms.map_or(D1Type::Null, ms),
    ])?
    .run()
    .await?;
    Ok(())
}

#[derive(Deserialize)]
struct IdRow {
    id: String,
}

/// Claims the pending reports whose next attempt is overdue by more than
/// the grace (`due_before_ms`) and that no attempt holds, and moves their
/// next attempt to `now_ms + grace` so that the following sweep leaves them
/// alone while the queue works. One statement: two sweeps never claim the
/// same report. Returns their ids, to be queued again.
pub async fn claim_overdue(
    db: &D1Database,
    now_ms: i64,
    due_before_ms: i64,
    next_ms: i64,
    limit: i32,
) -> Result<Vec<String>, ApiError> {
    let result = db
        .prepare(
            "UPDATE reports SET next_attempt_at = ?3, queued = 1
             WHERE id IN (
               SELECT id FROM reports
               WHERE status = ?4 AND COALESCE(next_attempt_at, 0) < ?2
                 AND COALESCE(held_until, 0) <= ?1
               ORDER BY next_attempt_at LIMIT ?5)
             RETURNING id",
        )
        .bind_refs(&[
            ms(now_ms),
            ms(due_before_ms),
            ms(next_ms),
            text(DeliveryStatus::Pending.as_str()),
            D1Type::Integer(limit),
        ])?
        .all()
        .await?;
    Ok(result
        .results::<IdRow>()?
        .into_iter()
        .map(|row| row.id)
        .collect())
}

/// The organisation's reports with their delivery state, newest first;
/// only one status when given.
pub async fn deliveries(
    db: &D1Database,
    org: &str,
    status: Option<DeliveryStatus>,
) -> Result<Vec<DeliveryState>, ApiError> {
    let result = db
        .prepare(
            "SELECT id, reference, received_at, status, attempts, last_error FROM reports
             WHERE org = ?1 AND (?2 IS NULL OR status = ?2)
             ORDER BY received_at DESC LIMIT 200",
        )
        .bind_refs(&[text(org), status.map_or(D1Type::Null, |s| text(s.as_str()))])?
        .all()
        .await?;
    #[derive(Deserialize)]
    struct Row {
        id: String,
        reference: String,
        received_at: f64,
        status: DeliveryStatus,
        attempts: u32,
        last_error: Option<String>,
    }
    Ok(result
        .results::<Row>()?
        .into_iter()
        .map(|row| DeliveryState {
            id: row.id,
            reference: row.reference,
            received_at: stored_time::wire(row.received_at),
            status: row.status,
            attempts: row.attempts,
            last_error: row.last_error,
        })
        .collect())
}

/// The signed head kept on the case of report `report_id`, if it has a
/// case and the case a head.
pub async fn signed_head_of(
    db: &D1Database,
    report_id: &str,
) -> Result<Option<SignedHead>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        log_head: Option<String>,
    }
    let row = db
        .prepare("SELECT log_head FROM cases WHERE report_id = ?1")
        .bind_refs(&[text(report_id)])?
        .first::<Row>(None)
        .await?;
    Ok(row
        .and_then(|row| row.log_head)
        .and_then(|head| serde_json::from_str(&head).ok()))
}
