//! The case notices' outbox (`case_notices`, migrations 0005 and 0006):
//! each notice on each channel a row of its own, inserted in the same
//! batch as the event that causes it, then claimed for one attempt at a
//! time, so two runs never send it at once, and marked sent or failed.

use brud_case::write::OutboxEntry;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::db::{Database, Statement, StoreError};

/// The statement that puts `entry` of case `report_id` (of `org`) in the
/// outbox, due at once; nothing when it is there already.
pub fn outbox_statement(report_id: &str, org: &str, entry: &OutboxEntry) -> Statement {
    Statement::new(
        "INSERT INTO case_notices (id, report_id, org, body, created_at, next_attempt_at, channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&entry.id)
    .bind(report_id)
    .bind(org)
    .bind(&entry.body)
    .bind(entry.due_at)
    .bind(entry.channel.as_str())
}

/// Which of `ids` the outbox has (sent or not), in one query however
/// many: the ids go as one JSON array (D1 binds at most 100 values).
pub async fn existing(db: &impl Database, ids: &[String]) -> Result<Vec<String>, StoreError> {
    #[derive(Deserialize)]
    struct Found {
        id: String,
    }
    let ids_json = serde_json::to_string(ids).map_err(|e| StoreError::Decode(e.to_string()))?;
    let found: Vec<Found> = db
        .all(
            Statement::new(
                "SELECT id FROM case_notices WHERE id IN (SELECT value FROM json_each(?1))",
            )
            .bind(ids_json),
        )
        .await?;
    Ok(found.into_iter().map(|f| f.id).collect())
}

/// A notice claimed for one attempt.
#[derive(Debug, Clone, Deserialize)]
pub struct Claimed {
    /// Its outbox id (the webhook's `webhook-id`).
    pub id: String,
    /// Its organisation.
    pub org: String,
    /// The notice as sent (JSON).
    pub body: String,
    /// Attempts so far, this one included.
    pub attempts: u32,
    /// `webhook` or `mail`.
    pub channel: String,
}

/// Holds the notices due at `now` (only `only` when given) until `until`
/// for one attempt each and counts the attempt; those another attempt
/// holds are left alone.
pub async fn claim(
    db: &impl Database,
    only: Option<&str>,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<Claimed>, StoreError> {
    db.all(
        Statement::new(
            "UPDATE case_notices SET held_until = ?2, attempts = attempts + 1
             WHERE id IN (
               SELECT id FROM case_notices
               WHERE sent_at IS NULL AND dead = 0 AND next_attempt_at <= ?1
                 AND COALESCE(held_until, 0) <= ?1 AND (?3 IS NULL OR id = ?3)
               ORDER BY next_attempt_at LIMIT ?4)
             RETURNING id, org, body, attempts, channel",
        )
        .bind(now)
        .bind(until)
        .bind(only)
        .bind(limit),
    )
    .await
}

/// Records that the notice `id` was sent at `at`.
pub async fn mark_sent(db: &impl Database, id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
    db.run(
        Statement::new(
            "UPDATE case_notices SET sent_at = ?2, held_until = NULL, last_error = NULL
             WHERE id = ?1",
        )
        .bind(id)
        .bind(at),
    )
    .await?;
    Ok(())
}

/// Records that an attempt of the notice `id` failed for `reason`: tried
/// again at `next`, or given up for good when `dead`.
pub async fn mark_failed(
    db: &impl Database,
    id: &str,
    reason: &str,
    dead: bool,
    next: DateTime<Utc>,
) -> Result<(), StoreError> {
    db.run(
        Statement::new(
            "UPDATE case_notices SET held_until = NULL, last_error = ?2, dead = ?3,
               next_attempt_at = ?4
             WHERE id = ?1",
        )
        .bind(id)
        .bind(reason)
        .bind(dead)
        .bind(next),
    )
    .await?;
    Ok(())
}
