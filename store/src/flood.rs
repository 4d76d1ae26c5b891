//! A flooded form in the store: the breach-mail cap per organisation and
//! period (`mail_periods`), the periods whose held mails are summed up,
//! and the DPO's alerts, once an hour per school, when the school's
//! ceiling is reached (`ceiling_alerts`) and when its reports are held
//! waiting on the desk (`held_alerts`). The domain decides the cap and what is said
//! ([`brud_case::flood`]).

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::db::{Database, Statement, StoreError};

/// What to do with one breach mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Send it: the period's count was under the cap (and now counts it).
    Send,
    /// Hold it: the period's cap is reached (the report now names the
    /// period, for its summary).
    Held,
}

/// Takes a slot of `org`'s mail `period` (capped at `cap` mails) for
/// report `report_id`'s mail, or holds the mail. The slot is taken in one
/// statement (an upsert that only counts while under the cap), so two
/// deliveries at once cannot both take the last slot.
pub async fn mail_slot(
    db: &impl Database,
    cap: u32,
    org: &str,
    report_id: &str,
    period: i64,
) -> Result<Slot, StoreError> {
    let taken = db
        .first::<serde_json::Value>(
            Statement::new(
                "INSERT INTO mail_periods (org, period, sent, held) VALUES (?1, ?2, 1, 0)
                 ON CONFLICT (org, period) DO UPDATE SET sent = sent + 1 WHERE sent < ?3
                 RETURNING sent",
            )
            .bind(org)
            .bind(period)
            .bind(cap),
        )
        .await?;
    if taken.is_some() {
        return Ok(Slot::Send);
    }
    db.batch(vec![
        Statement::new("UPDATE mail_periods SET held = held + 1 WHERE org = ?1 AND period = ?2")
            .bind(org)
            .bind(period),
        Statement::new("UPDATE reports SET mail_held_period = ?2 WHERE id = ?1")
            .bind(report_id)
            .bind(period),
    ])
    .await?;
    Ok(Slot::Held)
}

/// The (organisation, period) pairs with held mails whose period ended
/// before `current` and whose summary has not gone.
pub async fn summaries_due(
    db: &impl Database,
    current: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    #[derive(Deserialize)]
    struct Due {
        org: String,
        period: f64,
    }
    Ok(db
        .all::<Due>(
            Statement::new(
                "SELECT org, period FROM mail_periods
                 WHERE held > 0 AND summary_at IS NULL AND period < ?1",
            )
            .bind(current),
        )
        .await?
        .into_iter()
        .map(|due| (due.org, due.period as i64))
        .collect())
}

/// Claims the summary of `org`'s `period` at `at`, so two runs never both
/// send it: whether this call claimed it.
pub async fn claim_summary(
    db: &impl Database,
    org: &str,
    period: i64,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let claimed = db
        .first::<serde_json::Value>(
            Statement::new(
                "UPDATE mail_periods SET summary_at = ?3
                 WHERE org = ?1 AND period = ?2 AND summary_at IS NULL RETURNING org",
            )
            .bind(org)
            .bind(period)
            .bind(at.timestamp_millis()),
        )
        .await?;
    Ok(claimed.is_some())
}

/// The references of `org`'s reports whose mail `period` held, in order.
pub async fn held_references(
    db: &impl Database,
    org: &str,
    period: i64,
) -> Result<Vec<String>, StoreError> {
    #[derive(Deserialize)]
    struct Held {
        reference: String,
    }
    Ok(db
        .all::<Held>(
            Statement::new(
                "SELECT reference FROM reports WHERE org = ?1 AND mail_held_period = ?2
                 ORDER BY number",
            )
            .bind(org)
            .bind(period),
        )
        .await?
        .into_iter()
        .map(|held| held.reference)
        .collect())
}

/// The summary of `org`'s `period` went at `at`: the held reports' mail
/// counts as sent then.
pub async fn summary_sent(
    db: &impl Database,
    org: &str,
    period: i64,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    db.run(
        Statement::new(
            "UPDATE reports SET mail_sent_at = ?3
             WHERE org = ?1 AND mail_held_period = ?2 AND mail_sent_at IS NULL",
        )
        .bind(org)
        .bind(period)
        .bind(at),
    )
    .await?;
    Ok(())
}

/// The summary of `org`'s `period` failed: released for the next run.
pub async fn release_summary(db: &impl Database, org: &str, period: i64) -> Result<(), StoreError> {
    db.run(
        Statement::new("UPDATE mail_periods SET summary_at = NULL WHERE org = ?1 AND period = ?2")
            .bind(org)
            .bind(period),
    )
    .await?;
    Ok(())
}

/// An alert the DPO gets at most once an hour per school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Alert {
    /// The school's ceiling of reports a minute was reached.
    Ceiling,
    /// A report of the school was held, waiting for the DPO on the desk.
    Held,
}

impl Alert {
    /// The table that records when it went.
    fn insert(self) -> &'static str {
        match self {
            Alert::Ceiling => {
                "INSERT INTO ceiling_alerts (org, hour, alerted_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (org, hour) DO NOTHING RETURNING org"
            }
            Alert::Held => {
                "INSERT INTO held_alerts (org, hour, alerted_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (org, hour) DO NOTHING RETURNING org"
            }
        }
    }
}

/// Records that `alert` is due for `org` in `hour` (hours since the
/// epoch) at `at`: whether this is the first time that hour (and so the
/// mail is to go).
pub async fn first_alert(
    db: &impl Database,
    alert: Alert,
    org: &str,
    hour: i64,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let first = db
        .first::<serde_json::Value>(
            Statement::new(alert.insert())
                .bind(org)
                .bind(hour)
                .bind(at.timestamp_millis()),
        )
        .await?;
    Ok(first.is_some())
}

/// One capped mail to one recipient (the DPO's "new case" mail).
#[derive(Debug, Clone, Copy)]
pub struct RecipientMail<'a> {
    /// The recipient's address (compared without case).
    pub recipient: &'a str,
    /// The notice's outbox id: a retry of it keeps its decision.
    pub notice_id: &'a str,
    /// The case's organisation.
    pub org: &'a str,
    /// The case's reference, for the summary.
    pub reference: &'a str,
}

/// Takes a slot of `mail.recipient`'s `period` (capped at `cap` mails,
/// whichever school they are about), or holds the mail for the
/// recipient's summary. Decided once per recipient and notice, in one
/// statement: a retry of the same notice gets the same answer and takes no
/// second slot.
pub async fn recipient_slot(
    db: &impl Database,
    cap: u32,
    mail: RecipientMail<'_>,
    period: i64,
) -> Result<Slot, StoreError> {
    #[derive(Deserialize)]
    struct Decided {
        held: f64,
    }
    let decided = db
        .first::<Decided>(
            Statement::new(
                "INSERT INTO recipient_mails (recipient, notice_id, period, org, reference, held)
                 SELECT ?1, ?2, ?3, ?4, ?5,
                   (SELECT COUNT(*) FROM recipient_mails
                    WHERE recipient = ?1 AND period = ?3 AND held = 0) >= ?6
                 WHERE true
                 ON CONFLICT (recipient, notice_id) DO UPDATE SET held = held
                 RETURNING held",
            )
            .bind(mail.recipient.to_lowercase())
            .bind(mail.notice_id)
            .bind(period)
            .bind(mail.org)
            .bind(mail.reference)
            .bind(cap),
        )
        .await?
        .ok_or_else(|| StoreError::Failed("no slot decided".into()))?;
    Ok(if decided.held == 0.0 {
        Slot::Send
    } else {
        Slot::Held
    })
}

/// The (recipient, period) pairs with held mails whose period ended
/// before `current` and whose summary has not gone (nor is claimed).
pub async fn recipient_summaries_due(
    db: &impl Database,
    current: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    #[derive(Deserialize)]
    struct Due {
        recipient: String,
        period: f64,
    }
    Ok(db
        .all::<Due>(
            Statement::new(
                "SELECT DISTINCT m.recipient, m.period FROM recipient_mails m
                 WHERE m.held = 1 AND m.period < ?1
                   AND NOT EXISTS (SELECT 1 FROM recipient_summaries s
                     WHERE s.recipient = m.recipient AND s.period = m.period
                       AND s.summary_at IS NOT NULL)
                 ORDER BY m.recipient, m.period",
            )
            .bind(current),
        )
        .await?
        .into_iter()
        .map(|due| (due.recipient, due.period as i64))
        .collect())
}

/// Claims `recipient`'s summary of `period` at `at`, so two runs never
/// both send it: whether this call claimed it.
pub async fn claim_recipient_summary(
    db: &impl Database,
    recipient: &str,
    period: i64,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let claimed = db
        .first::<serde_json::Value>(
            Statement::new(
                "INSERT INTO recipient_summaries (recipient, period, summary_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (recipient, period) DO UPDATE SET summary_at = ?3
                   WHERE summary_at IS NULL
                 RETURNING recipient",
            )
            .bind(recipient)
            .bind(period)
            .bind(at.timestamp_millis()),
        )
        .await?;
    Ok(claimed.is_some())
}

/// The (organisation, reference) of the mails to `recipient` held in
/// `period`, in order.
pub async fn recipient_held(
    db: &impl Database,
    recipient: &str,
    period: i64,
) -> Result<Vec<(String, String)>, StoreError> {
    #[derive(Deserialize)]
    struct Held {
        org: String,
        reference: String,
    }
    Ok(db
        .all::<Held>(
            Statement::new(
                "SELECT org, reference FROM recipient_mails
                 WHERE recipient = ?1 AND period = ?2 AND held = 1
                 ORDER BY org, reference",
            )
            .bind(recipient)
            .bind(period),
        )
        .await?
        .into_iter()
        .map(|held| (held.org, held.reference))
        .collect())
}

/// `recipient`'s summary of `period` failed: released for the next run.
pub async fn release_recipient_summary(
    db: &impl Database,
    recipient: &str,
    period: i64,
) -> Result<(), StoreError> {
    db.run(
        Statement::new(
            "UPDATE recipient_summaries SET summary_at = NULL WHERE recipient = ?1 AND period = ?2",
        )
        .bind(recipient)
        .bind(period),
    )
    .await?;
    Ok(())
}
