//! Held reports (`held_reports`): valid reports that arrived beyond their
//! client's rate limit or their school's ceiling, kept whole instead of
//! refused, with no case, number, mail or webhook, until the school's DPO
//! opens them as cases or discards them. A school's held reports are
//! bounded: [`hold`] stores one only while the school has fewer than the
//! bound, in the same statement that counts them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::db::{stored_at, Database, Rows, Statement, StoreError};

/// Why a report was held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeldBecause {
    /// Its client (address or IPv6 /64) was over its limit.
    Client,
    /// Its school was over its ceiling.
    School,
}

impl HeldBecause {
    fn as_str(self) -> &'static str {
        match self {
            HeldBecause::Client => "client",
            HeldBecause::School => "school",
        }
    }
}

/// A report to hold.
pub struct NewHeld<'a> {
    /// The client's id for it.
    pub id: &'a str,
    /// Its organisation.
    pub org: &'a str,
    /// SHA-256 of the report's canonical JSON.
    pub body_sha256: &'a str,
    /// The report's canonical JSON.
    pub report_json: &'a str,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
    /// Why it is held.
    pub because: HeldBecause,
}

/// A held report.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct HeldReport {
    /// The client's id.
    pub id: String,
    /// Its organisation.
    pub org: String,
    /// SHA-256 of the report's canonical JSON.
    pub body_sha256: String,
    /// The report's canonical JSON.
    pub report: String,
    /// When it arrived, Unix ms.
    received_ms: f64,
    /// Why it was held.
    pub why: HeldBecause,
}

impl HeldReport {
    /// When it arrived.
    pub fn received(&self) -> DateTime<Utc> {
        stored_at(self.received_ms)
    }
}

/// What holding a report came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Held {
    /// Held now.
    New,
    /// Held before (the same id): nothing was written.
    Existing(HeldReport),
    /// The school already holds `max` reports: not held.
    Full,
}

/// Holds `new` unless its id is held already or `new.org` holds `max`
/// reports already (counted in the same statement that writes).
pub async fn hold(db: &impl Database, new: &NewHeld<'_>, max: u32) -> Result<Held, StoreError> {
    if let Some(existing) = get(db, new.id).await? {
        return Ok(Held::Existing(existing));
    }
    let written = db
        .run(
            Statement::new(
                "INSERT INTO held_reports (id, org, body_sha256, report, received_ms, why)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6
                 WHERE (SELECT count(*) FROM held_reports WHERE org = ?2) < ?7
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(new.id)
            .bind(new.org)
            .bind(new.body_sha256)
            .bind(new.report_json)
            .bind(new.received_at)
            .bind(new.because.as_str())
            .bind(max),
        )
        .await?;
    if written.changes() > 0 {
        return Ok(Held::New);
    }
    // Taken by a resubmission in between, or the school is full.
    Ok(match get(db, new.id).await? {
        Some(existing) => Held::Existing(existing),
        None => Held::Full,
    })
}

const COLUMNS: &str = "id, org, body_sha256, report, received_ms, why";

/// The held report with `id`, of any school.
pub async fn get(db: &impl Database, id: &str) -> Result<Option<HeldReport>, StoreError> {
    db.first(Statement::new(format!("SELECT {COLUMNS} FROM held_reports WHERE id = ?1")).bind(id))
        .await
}

/// `org`'s held reports, oldest first.
pub async fn list(db: &impl Database, org: &str) -> Result<Vec<HeldReport>, StoreError> {
    db.all(
        Statement::new(format!(
            "SELECT {COLUMNS} FROM held_reports WHERE org = ?1 ORDER BY received_ms, id"
        ))
        .bind(org),
    )
    .await
}

/// How many reports `org` holds.
pub async fn count(db: &impl Database, org: &str) -> Result<u32, StoreError> {
    #[derive(Deserialize)]
    struct Count {
        n: u32,
    }
    Ok(db
        .first::<Count>(
            Statement::new("SELECT count(*) AS n FROM held_reports WHERE org = ?1").bind(org),
        )
        .await?
        .map_or(0, |c| c.n))
}

/// The statement that lets go of `org`'s held report `id` (opened as a
/// case, in the same batch that stores it, or discarded).
pub fn release_statement(org: &str, id: &str) -> Statement {
    Statement::new("DELETE FROM held_reports WHERE org = ?1 AND id = ?2")
        .bind(org)
        .bind(id)
}
