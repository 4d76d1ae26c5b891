//! Reports (`reports`): the durable record that exists before any answer
//! is sent, numbered per organisation and year, and each report's delivery
//! state on its channels.

use brud_case::write::SignedWrite;
use brud_shared::api::{ChannelState, DeliveryState, DeliveryStatus};
use brud_shared::org::{Channel, OrgProfile};
use brud_shared::reference::Reference;
use brud_shared::time::Timestamp;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::cases::append_statements;
use crate::db::{stored_at, Database, Rows, Statement, StoreError};

/// How many times [`insert`] tries the next free number before giving up
/// (each retry means another report of the same school took the number
/// between our read and our write).
const NUMBERING_TRIES: usize = 64;

/// A report about to be stored.
pub struct NewReport<'a> {
    /// The client's id for it.
    pub id: &'a str,
    /// Its organisation.
    pub org: &'a str,
    /// The year received (Copenhagen time).
    pub year: i32,
    /// The organisation's reference prefix.
    pub short_code: &'a str,
    /// SHA-256 of the report's canonical JSON.
    pub body_sha256: &'a str,
    /// The report's canonical JSON.
    pub report_json: &'a str,
    /// The assessment made at receipt (JSON).
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
    /// The client's id.
    pub id: String,
    /// Its organisation.
    pub org: String,
    /// Its reference.
    pub reference: String,
    /// Unix ms.
    pub received_at: f64,
    /// SHA-256 of the report's canonical JSON.
    pub body_sha256: String,
    /// The report's JSON as stored now.
    pub report: String,
    /// The assessment made at receipt.
    pub assessment: String,
    /// The webhook body, fixed at the first attempt.
    pub payload: Option<String>,
    /// Stored as the wire strings, read as the domain's type.
    pub status: DeliveryStatus,
    /// Delivery attempts so far.
    pub attempts: u32,
    /// 1 once the delivery job was handed to the queue.
    queued: u32,
    /// When the webhook was delivered (Unix ms).
    pub webhook_sent_at: Option<f64>,
    /// When the mail was sent (Unix ms): for a held mail, when its
    /// period's summary was.
    pub mail_sent_at: Option<f64>,
    /// The mail period whose cap held this report's mail, if one did.
    #[serde(default)]
    pub mail_held_period: Option<f64>,
}

impl StoredReport {
    /// When the report was received.
    pub fn received(&self) -> DateTime<Utc> {
        stored_at(self.received_at)
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
                let sent = self
                    .sent_at(*channel)
                    .map(|ms| Timestamp::from(stored_at(ms)).to_string());
                ChannelState::from_stored(*channel, to, sent, self.status)
            })
            .collect()
    }

    /// Whether the delivery job was handed to the queue.
    pub fn is_queued(&self) -> bool {
        self.queued != 0
    }
}

/// The organisation's next free number of `year`, as read now.
pub async fn next_number(db: &impl Database, org: &str, year: i32) -> Result<u32, StoreError> {
    #[derive(Deserialize)]
    struct Next {
        next: u32,
    }
    Ok(db
        .first::<Next>(
            Statement::new(
                "SELECT COALESCE(MAX(number), 0) + 1 AS next FROM reports
                 WHERE org = ?1 AND year = ?2",
            )
            .bind(org)
            .bind(year),
        )
        .await?
        .map_or(1, |row| row.next))
}

/// The reference of `new` with `number`, formatted by the domain.
pub fn reference_of(new: &NewReport<'_>, number: u32) -> String {
    Reference {
        short_code: new.short_code.to_string(),
        year: new.year,
        number,
    }
    .to_string()
}

/// The statement that stores `new` as number `number`, unless its id
/// exists (then it changes nothing).
pub fn insert_statement(new: &NewReport<'_>, number: u32) -> Statement {
    Statement::new(
        "INSERT INTO reports (id, org, year, number, reference, body_sha256, report,
                              assessment, received_at, next_attempt_at, contact_salt)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(new.id)
    .bind(new.org)
    .bind(new.year)
    .bind(number)
    .bind(reference_of(new, number))
    .bind(new.body_sha256)
    .bind(new.report_json)
    .bind(new.assessment_json)
    .bind(new.received_at)
    .bind(new.received_at)
    .bind(new.contact_salt)
}

/// Stores the report unless its id exists, numbered with the
/// organisation's next number this year and its reference formatted by the
/// domain ([`Reference`]), without opening its case. The number is read,
/// then written; the UNIQUE (org, year, number) constraint refuses a number
/// another report took in between, and then the next one is tried, so
/// references stay gap-free and distinct however many arrive at once.
/// Returns whether a row was inserted.
pub async fn insert(db: &impl Database, new: &NewReport<'_>) -> Result<bool, StoreError> {
    for _ in 0..NUMBERING_TRIES {
        let number = next_number(db, new.org, new.year).await?;
        match db.run(insert_statement(new, number)).await {
            Ok(result) => return Ok(result.changes() > 0),
            // The id conflict is DO NOTHING, so a constraint error here is
            // the number: someone else took it. Try the next one.
            Err(StoreError::Conflict) => continue,
            Err(error) => return Err(error),
        }
    }
    Err(StoreError::Failed("no free reference number".into()))
}

/// What storing a report with its case came to.
#[derive(Debug)]
pub enum Stored {
    /// Stored now, with its case opened in the same transaction by this
    /// write.
    New(Box<SignedWrite>),
    /// A report with this id was stored before: nothing was written.
    Existing,
}

/// Stores `new` with the case it opens, in one transaction: `open(number,
/// reference)` makes the signed write of the case for the report numbered
/// `number` (the domain's [`brud_case::write::open`], signed by the
/// caller). The number is read and written as in [`insert`]; when another
/// report took it first, the next one is tried (and the case's write made
/// again for it). When the id exists already, nothing is written.
pub async fn insert_with_case<F, W, E>(
    db: &impl Database,
    new: &NewReport<'_>,
    open: F,
) -> Result<Stored, E>
where
    F: FnMut(u32, String) -> W,
    W: std::future::Future<Output = Result<SignedWrite, E>>,
    E: From<StoreError>,
{
    insert_with_case_and(db, new, None, open).await
}

/// [`insert_with_case`], with `also` run in the same transaction (a held
/// report let go as its case opens: [`crate::held::release_statement`]).
pub async fn insert_with_case_and<F, W, E>(
    db: &impl Database,
    new: &NewReport<'_>,
    also: Option<Statement>,
    mut open: F,
) -> Result<Stored, E>
where
    F: FnMut(u32, String) -> W,
    W: std::future::Future<Output = Result<SignedWrite, E>>,
    E: From<StoreError>,
{
    for _ in 0..NUMBERING_TRIES {
        if get(db, new.id).await?.is_some() {
            return Ok(Stored::Existing);
        }
        let number = next_number(db, new.org, new.year).await?;
        let write = open(number, reference_of(new, number)).await?;
        let mut statements = vec![insert_statement(new, number)];
        statements.extend(append_statements(&write, Vec::new())?);
        statements.extend(also.clone());
        match db.batch(statements).await {
            Ok(_) => return Ok(Stored::New(Box::new(write))),
            // The number, or the id (a resubmission in between): the loop
            // tells which.
            Err(StoreError::Conflict) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(StoreError::Failed("no free reference number".into()).into())
}

/// The statement that settles the delivery of report `id`, received by
/// mail at `at`, without any: its mail is in the school's mailbox already
/// (forwarded first), and its case notice goes to the endpoint as every
/// case's does; a delivery would mail the breach mailbox its own mail.
pub fn settled_by_mail_statement(id: &str, at: DateTime<Utc>) -> Statement {
    Statement::new(
        "UPDATE reports SET status = 'delivered', delivered_at = ?2, queued = 1,
                            next_attempt_at = NULL
         WHERE id = ?1",
    )
    .bind(id)
    .bind(at)
}

/// The report with `id`.
pub async fn get(db: &impl Database, id: &str) -> Result<Option<StoredReport>, StoreError> {
    db.first(
        Statement::new(
            "SELECT id, org, reference, received_at, body_sha256, report, assessment, payload,
                    status, attempts, queued, webhook_sent_at, mail_sent_at, mail_held_period
             FROM reports WHERE id = ?1",
        )
        .bind(id),
    )
    .await
}

/// Notes that the report's delivery job is on the queue.
pub async fn mark_queued(db: &impl Database, id: &str) -> Result<(), StoreError> {
    db.run(Statement::new("UPDATE reports SET queued = 1 WHERE id = ?1").bind(id))
        .await?;
    Ok(())
}

/// Records that `channel` was sent at `at`, at once, so that no later
/// attempt sends it again whatever happens to the other channel.
pub async fn mark_sent(
    db: &impl Database,
    id: &str,
    channel: Channel,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    // The column is chosen from the enum, never from input.
    let sql = match channel {
        Channel::Webhook => "UPDATE reports SET webhook_sent_at = ?2 WHERE id = ?1",
        Channel::Mail => "UPDATE reports SET mail_sent_at = ?2 WHERE id = ?1",
    };
    db.run(Statement::new(sql).bind(id).bind(at)).await?;
    Ok(())
}

/// Fixes the webhook body at the first attempt, so every retry sends the
/// same bytes. Keeps an existing payload.
pub async fn set_payload(db: &impl Database, id: &str, payload: &str) -> Result<(), StoreError> {
    db.run(
        Statement::new("UPDATE reports SET payload = COALESCE(payload, ?2) WHERE id = ?1")
            .bind(id)
            .bind(payload),
    )
    .await?;
    Ok(())
}

/// Takes the pending report `id` for one delivery attempt until `until`,
/// unless another attempt holds it at `now`. Returns whether it was
/// taken: only the holder sends, so a queue message and a sweep never send
/// at once.
pub async fn hold(
    db: &impl Database,
    id: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let result = db
        .run(
            Statement::new(
                "UPDATE reports SET held_until = ?3
                 WHERE id = ?1 AND status = ?4 AND COALESCE(held_until, 0) <= ?2",
            )
            .bind(id)
            .bind(now)
            .bind(until)
            .bind(DeliveryStatus::Pending.as_str()),
        )
        .await?;
    Ok(result.changes() > 0)
}

/// The outcome of one delivery attempt.
pub struct Attempt<'a> {
    /// The report's delivery status after it.
    pub status: DeliveryStatus,
    /// Attempts so far.
    pub attempts: u32,
    /// Why it failed, never content.
    pub last_error: Option<&'a str>,
    /// When it was delivered.
    pub delivered_at: Option<DateTime<Utc>>,
    /// When the next attempt is due, while pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
}

impl<'a> Attempt<'a> {
    /// Delivered at `at` by attempt number `attempts`.
    pub fn delivered(attempts: u32, at: DateTime<Utc>) -> Self {
        Attempt {
            status: DeliveryStatus::Delivered,
            attempts,
            last_error: None,
            delivered_at: Some(at),
            next_attempt_at: None,
        }
    }

    /// Failed for `reason`; attempt again at `next`.
    pub fn retry(attempts: u32, reason: &'a str, next: DateTime<Utc>) -> Self {
        Attempt {
            status: DeliveryStatus::Pending,
            attempts,
            last_error: Some(reason),
            delivered_at: None,
            next_attempt_at: Some(next),
        }
    }

    /// Given up for `reason`: the dead-letter state.
    pub fn dead(attempts: u32, reason: &'a str) -> Self {
        Attempt {
            status: DeliveryStatus::Dead,
            attempts,
            last_error: Some(reason),
            delivered_at: None,
            next_attempt_at: None,
        }
    }
}

/// Records the outcome of one delivery attempt and lets go of the report.
pub async fn record_attempt(
    db: &impl Database,
    id: &str,
    attempt: &Attempt<'_>,
) -> Result<(), StoreError> {
    db.run(
        Statement::new(
            "UPDATE reports SET status = ?2, attempts = ?3, last_error = ?4, delivered_at = ?5,
                                next_attempt_at = ?6, held_until = NULL
             WHERE id = ?1",
        )
        .bind(id)
        .bind(attempt.status.as_str())
        .bind(attempt.attempts)
        .bind(attempt.last_error)
        .bind(attempt.delivered_at)
        .bind(attempt.next_attempt_at),
    )
    .await?;
    Ok(())
}

/// Claims the pending reports whose next attempt was due before
/// `due_before` and that no attempt holds at `now`, and moves their next
/// attempt to `next` so that the following sweep leaves them alone while
/// the queue works. One statement: two sweeps never claim the same report.
/// Returns their ids, to be queued again.
pub async fn claim_overdue(
    db: &impl Database,
    now: DateTime<Utc>,
    due_before: DateTime<Utc>,
    next: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<String>, StoreError> {
    #[derive(Deserialize)]
    struct Id {
        id: String,
    }
    Ok(db
        .all::<Id>(
            Statement::new(
                "UPDATE reports SET next_attempt_at = ?3, queued = 1
                 WHERE id IN (
                   SELECT id FROM reports
                   WHERE status = ?4 AND COALESCE(next_attempt_at, 0) < ?2
                     AND COALESCE(held_until, 0) <= ?1
                   ORDER BY next_attempt_at LIMIT ?5)
                 RETURNING id",
            )
            .bind(now)
            .bind(due_before)
            .bind(next)
            .bind(DeliveryStatus::Pending.as_str())
            .bind(limit),
        )
        .await?
        .into_iter()
        .map(|row| row.id)
        .collect())
}

/// The statement of [`deliveries`].
/// A condition only for a status given, so that the (org, status,
/// received_at) index gives the order.
pub fn deliveries_statement(org: &str, status: Option<DeliveryStatus>) -> Statement {
    match status {
        Some(status) => Statement::new(
            "SELECT id, reference, received_at, status, attempts, last_error FROM reports
             WHERE org = ?1 AND status = ?2
             ORDER BY received_at DESC LIMIT 200",
        )
        .bind(org)
        .bind(status.as_str()),
        None => Statement::new(
            "SELECT id, reference, received_at, status, attempts, last_error FROM reports
             WHERE org = ?1
             ORDER BY received_at DESC LIMIT 200",
        )
        .bind(org),
    }
}

/// The organisation's reports with their delivery state, newest first;
/// only one status when given.
pub async fn deliveries(
    db: &impl Database,
    org: &str,
    status: Option<DeliveryStatus>,
) -> Result<Vec<DeliveryState>, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        reference: String,
        received_at: f64,
        status: DeliveryStatus,
        attempts: u32,
        last_error: Option<String>,
    }
    let rows = db.all::<Row>(deliveries_statement(org, status)).await?;
    Ok(rows
        .into_iter()
        .map(|row| DeliveryState {
            id: row.id,
            reference: row.reference,
            received_at: Timestamp::from(stored_at(row.received_at)).to_string(),
            status: row.status,
            attempts: row.attempts,
            last_error: row.last_error,
        })
        .collect())
}

/// The statement that replaces the stored report with `report_json` (the
/// reporter's contact erased) and drops the delivery body built from it.
pub fn rewrite_report(report_id: &str, report_json: &str) -> Statement {
    Statement::new(
        "UPDATE reports SET report = ?2, payload = NULL, contact_salt = NULL WHERE id = ?1",
    )
    .bind(report_id)
    .bind(report_json)
}
