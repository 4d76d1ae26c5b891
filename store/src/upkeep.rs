//! What the scheduled run asks the store: the few cases a reminder or
//! retention may concern, from the columns the domain wrote for it. The
//! domain decides what is due of each ([`brud_case::notice`],
//! [`brud_case::retention_due`]); these only narrow.

use brud_case::Reminder;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::db::{stored_at, Database, Statement, StoreError};

/// A case the reminder run looks at: its row's deadline and reminders.
#[derive(Debug, Clone, Deserialize)]
pub struct ReminderCandidate {
    /// Its organisation.
    pub org: String,
    /// Its reference.
    pub reference: String,
    /// Unix ms.
    pub deadline_at: f64,
    /// The reminders sent, as bits.
    pub reminded: u8,
}

impl ReminderCandidate {
    /// The deadline and the reminders sent, as the domain reads them.
    pub fn facts(&self) -> (DateTime<Utc>, Vec<Reminder>) {
        (
            stored_at(self.deadline_at),
            Reminder::from_bits(self.reminded),
        )
    }
}

/// The statement of [`reminder_candidates`].
pub fn reminder_candidates_statement(horizon: DateTime<Utc>, limit: u32) -> Statement {
    Statement::new(
        "SELECT org, reference, overdue_from AS deadline_at, reminded FROM cases
         WHERE overdue_from <= ?1 AND status = 'open' AND (reminded & ?2) = 0
         ORDER BY overdue_from LIMIT ?3",
    )
    .bind(horizon)
    .bind(Reminder::Overdue.bit())
    .bind(limit)
}

/// Open cases that owe a notification (the domain's `overdue_from`, their
/// deadline while they do) due before `horizon`, soonest first, without those past their last
/// reminder (the overdue one: nothing follows it).
pub async fn reminder_candidates(
    db: &impl Database,
    horizon: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<ReminderCandidate>, StoreError> {
    db.all(reminder_candidates_statement(horizon, limit)).await
}

/// The references (with their organisations) of the open cases whose
/// follow-up reminder is due by `now`, soonest first.
pub async fn follow_up_candidates(
    db: &impl Database,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<(String, String)>, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        org: String,
        reference: String,
    }
    let rows = db
        .all::<Row>(
            Statement::new(
                "SELECT org, reference FROM cases
                 WHERE follow_up_due_at <= ?1 AND status = 'open'
                 ORDER BY follow_up_due_at LIMIT ?2",
            )
            .bind(now)
            .bind(limit),
        )
        .await?;
    Ok(rows.into_iter().map(|r| (r.org, r.reference)).collect())
}

/// The organisations with cases stored that are not among `configured`
/// (removed from the configuration since).
pub async fn unconfigured_orgs(
    db: &impl Database,
    configured: &[&str],
) -> Result<Vec<String>, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        org: String,
    }
    Ok(db
        .all::<Row>(
            Statement::new(
                "SELECT DISTINCT org FROM cases
                 WHERE org NOT IN (SELECT value FROM json_each(?1))",
            )
            .bind(serde_json::to_string(configured)?),
        )
        .await?
        .into_iter()
        .map(|row| row.org)
        .collect())
}

/// The references of the organisation's closed cases that retention may
/// concern: closed before `erase_before` and still holding the reporter's
/// contact, or closed before `delete_before`.
pub async fn retention_candidates(
    db: &impl Database,
    org: &str,
    erase_before: DateTime<Utc>,
    delete_before: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<String>, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        reference: String,
    }
    Ok(db
        .all::<Row>(
            Statement::new(
                "SELECT reference FROM cases
                 WHERE org = ?1 AND closed_at IS NOT NULL
                   AND ((contact_erased = 0 AND closed_at <= ?2) OR closed_at <= ?3)
                 ORDER BY closed_at LIMIT ?4",
            )
            .bind(org)
            .bind(erase_before)
            .bind(delete_before)
            .bind(limit),
        )
        .await?
        .into_iter()
        .map(|row| row.reference)
        .collect())
}
