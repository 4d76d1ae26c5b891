//! Reports in D1: the durable record that exists before any answer is sent.

use brud_shared::api::DeliveryState;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use crate::error::ApiError;

/// A report about to be stored.
pub struct NewReport<'a> {
    pub id: &'a str,
    pub org: &'a str,
    pub year: i32,
    pub short_code: &'a str,
    pub body_sha256: &'a str,
    pub report_json: &'a str,
    pub assessment_json: &'a str,
    pub received_at: &'a str,
}

/// A stored report.
#[derive(Debug, Deserialize)]
pub struct StoredReport {
    pub id: String,
    pub org: String,
    pub reference: String,
    pub received_at: String,
    pub body_sha256: String,
    pub report: String,
    pub assessment: String,
    pub payload: Option<String>,
    pub status: String,
    pub attempts: u32,
    /// 1 once the delivery job is on the queue.
    pub queued: u32,
}

/// Stores the report unless its id exists. The reference number is the
/// organisation's highest number this year plus one, computed inside the
/// same INSERT: SQLite runs one statement atomically and D1 serialises
/// writes, so concurrent submissions get distinct numbers without gaps.
/// Returns whether a row was inserted.
pub async fn insert(db: &D1Database, new: &NewReport<'_>) -> Result<bool, ApiError> {
    let statement = db
        .prepare(
            "INSERT INTO reports (id, org, year, number, reference, body_sha256, report, assessment, received_at)
             SELECT ?1, ?2, CAST(?3 AS INTEGER), next.n, ?4 || printf('%04d', next.n), ?5, ?6, ?7, ?8
             FROM (SELECT COALESCE(MAX(number), 0) + 1 AS n FROM reports
                   WHERE org = ?2 AND year = CAST(?3 AS INTEGER)) AS next
             WHERE true
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&[
            new.id.into(),
            new.org.into(),
            // D1 binds JS numbers as REAL; text cast in SQL keeps integers exact.
            new.year.to_string().into(),
            format!("{}-{}-", new.short_code, new.year).into(),
            new.body_sha256.into(),
            new.report_json.into(),
            new.assessment_json.into(),
            new.received_at.into(),
        ])?;
    let result = statement.run().await?;
    let changes = result.meta()?.and_then(|meta| meta.changes).unwrap_or(0);
    Ok(changes > 0)
}

/// The report with `id`.
pub async fn get(db: &D1Database, id: &str) -> Result<Option<StoredReport>, ApiError> {
    Ok(db
        .prepare(
            "SELECT id, org, reference, received_at, body_sha256, report, assessment, payload, status, attempts, queued
             FROM reports WHERE id = ?1",
        )
        .bind(&[id.into()])?
        .first::<StoredReport>(None)
        .await?)
}

/// Notes that the report's delivery job is on the queue.
pub async fn mark_queued(db: &D1Database, id: &str) -> Result<(), ApiError> {
    db.prepare("UPDATE reports SET queued = 1 WHERE id = ?1")
        .bind(&[id.into()])?
        .run()
        .await?;
    Ok(())
}

/// Fixes the webhook body at the first attempt, so every retry sends the
/// same bytes. Keeps an existing payload.
pub async fn set_payload(db: &D1Database, id: &str, payload: &str) -> Result<(), ApiError> {
    db.prepare("UPDATE reports SET payload = COALESCE(payload, ?2) WHERE id = ?1")
        .bind(&[id.into(), payload.into()])?
        .run()
        .await?;
    Ok(())
}

/// Records the outcome of one delivery attempt.
pub async fn record_attempt(
    db: &D1Database,
    id: &str,
    status: &str,
    attempts: u32,
    last_error: Option<&str>,
    delivered_at: Option<&str>,
) -> Result<(), ApiError> {
    db.prepare(
        "UPDATE reports SET status = ?2, attempts = CAST(?3 AS INTEGER), last_error = ?4, delivered_at = ?5
         WHERE id = ?1",
    )
    .bind(&[
        id.into(),
        status.into(),
        attempts.to_string().into(),
        last_error.map_or(JsValue::NULL, JsValue::from),
        delivered_at.map_or(JsValue::NULL, JsValue::from),
    ])?
    .run()
    .await?;
    Ok(())
}

/// The organisation's reports with their delivery state, newest first;
/// only one status when given.
pub async fn deliveries(
    db: &D1Database,
    org: &str,
    status: Option<&str>,
) -> Result<Vec<DeliveryState>, ApiError> {
    let result = db
        .prepare(
            "SELECT id, reference, received_at, status, attempts, last_error FROM reports
             WHERE org = ?1 AND (?2 IS NULL OR status = ?2)
             ORDER BY received_at DESC LIMIT 200",
        )
        .bind(&[org.into(), status.map_or(JsValue::NULL, JsValue::from)])?
        .all()
        .await?;
    Ok(result.results::<DeliveryState>()?)
}
