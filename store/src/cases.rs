//! Cases: the append-only log (`case_events`) and the list's row per case
//! (`cases`), written together in one batch (one transaction) from the
//! domain's whole write ([`brud_case::write::SignedWrite`]), so the row
//! never says what the log does not; and what a writer reads back first.

use brud_case::chain::{CaseIds, Signature, SignedHead, StoredEvent};
use brud_case::summary::RowOnFile;
use brud_case::write::{OnFile, SignedWrite};
use brud_case::{replay, Case, Event};
use brud_shared::{Assessment, OrgProfile, Report};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::db::{stored_at, Database, Statement, StoreError};
use crate::notices::outbox_statement;
use crate::words::replace_words;

/// A case's head: what it was opened from.
#[derive(Debug, Clone, Deserialize)]
pub struct CaseHead {
    /// The report's id (the case's).
    pub report_id: String,
    /// Its organisation.
    pub org: String,
    /// Its reference.
    pub reference: String,
    /// The year received.
    pub year: i32,
    /// The report JSON as stored now.
    pub report: String,
    /// The assessment JSON made at receipt.
    pub assessment: String,
    /// The salt of the reporter's contact hash, until the contact is erased
    /// (cases from before salts have none).
    #[serde(default)]
    pub contact_salt: Option<String>,
    /// The newest signed head of the log as kept on the case (JSON), if
    /// any.
    #[serde(default)]
    pub log_head: Option<String>,
}

/// Why a case could not be read back as a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The store failed.
    Store(StoreError),
    /// The stored log does not replay by the domain's rules (only
    /// tampering can cause it): the case's reference and the sequence
    /// number where it breaks.
    Corrupt(String),
}

impl From<StoreError> for ReadError {
    fn from(error: StoreError) -> Self {
        ReadError::Store(error)
    }
}

impl From<serde_json::Error> for ReadError {
    fn from(error: serde_json::Error) -> Self {
        ReadError::Store(error.into())
    }
}

impl CaseHead {
    /// Which case this is, as its signed heads name it.
    pub fn ids(&self) -> CaseIds {
        CaseIds {
            org: self.org.clone(),
            reference: self.reference.clone(),
            case_id: self.report_id.clone(),
        }
    }

    /// The signed head kept on the case; `None` without one, or with one
    /// that no longer parses (which verifies as no head).
    pub fn signed_head(&self) -> Option<SignedHead> {
        serde_json::from_str(self.log_head.as_deref()?).ok()
    }

    /// The report and the assessment made at receipt.
    pub fn parts(&self) -> Result<(Report, Assessment), serde_json::Error> {
        Ok((
            serde_json::from_str(&self.report)?,
            serde_json::from_str(&self.assessment)?,
        ))
    }

    /// The case's state from its log, by the domain's rules with `org`'s
    /// profile.
    pub fn rebuild(&self, stored: &[StoredEvent], org: &OrgProfile) -> Result<Case, ReadError> {
        let (report, assessment) = self.parts()?;
        let events: Vec<Event> = stored.iter().map(|s| s.event.clone()).collect();
        replay(report, assessment, &events, Some(org)).map_err(|(sequence, _)| {
            ReadError::Corrupt(format!("{} at {sequence}", self.reference))
        })
    }
}

/// One row of the log.
#[derive(Debug, Clone, Deserialize)]
pub struct EventRow {
    /// Its place in the log.
    pub sequence: u32,
    /// The event's canonical JSON.
    pub event: String,
    /// Its link.
    pub hash: String,
    /// The desk's id for it.
    pub client_event_id: Option<String>,
    /// The signature's column ([`Signature::to_column`]).
    #[serde(default)]
    pub signature: Option<String>,
}

impl EventRow {
    /// The stored event (the canonical JSON read back).
    pub fn stored(&self) -> Result<StoredEvent, serde_json::Error> {
        Ok(StoredEvent {
            event: serde_json::from_str(&self.event)?,
            hash: self.hash.clone(),
            signature: self.signature.as_deref().and_then(Signature::from_column),
        })
    }
}

/// The stored events of `rows` (their canonical JSON read back).
pub fn stored_events(rows: &[EventRow]) -> Result<Vec<StoredEvent>, serde_json::Error> {
    rows.iter().map(EventRow::stored).collect()
}

/// The statement that reads the case `reference` of `org` with the report
/// it was opened from.
pub fn find_statement(org: &str, reference: &str) -> Statement {
    Statement::new(
        "SELECT c.report_id, c.org, c.reference, c.year, r.report, r.assessment, r.contact_salt,
                c.log_head
         FROM cases c JOIN reports r ON r.id = c.report_id
         WHERE c.org = ?1 AND c.reference = ?2",
    )
    .bind(org)
    .bind(reference)
}

/// The case with `reference` in `org`.
pub async fn find(
    db: &impl Database,
    org: &str,
    reference: &str,
) -> Result<Option<CaseHead>, StoreError> {
    db.first(find_statement(org, reference)).await
}

/// The case's row as it is on file ([`RowOnFile`]), read back to be
/// compared with the row the log gives.
pub async fn row_on_file(
    db: &impl Database,
    report_id: &str,
) -> Result<Option<RowOnFile>, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        sequence: u32,
        summary: String,
        register: String,
        search: String,
        risk: String,
        reminded: u8,
    }
    let row = db
        .first::<Row>(
            Statement::new(
                "SELECT sequence, summary, register, search, risk, reminded FROM cases
                 WHERE report_id = ?1",
            )
            .bind(report_id),
        )
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    // A row changed into something that does not parse does not match.
    let (Ok(summary), Ok(register)) = (
        serde_json::from_str(&row.summary),
        serde_json::from_str(&row.register),
    ) else {
        return Ok(None);
    };
    Ok(Some(RowOnFile {
        sequence: row.sequence,
        summary,
        register,
        search: row.search,
        risk: row.risk,
        reminded: row.reminded,
    }))
}

/// The statement that reads a case's log in order.
pub fn events_statement(report_id: &str) -> Statement {
    Statement::new(
        "SELECT sequence, event, hash, client_event_id, signature FROM case_events
         WHERE report_id = ?1 ORDER BY sequence",
    )
    .bind(report_id)
}

/// The case's log, in order.
pub async fn events(db: &impl Database, report_id: &str) -> Result<Vec<EventRow>, StoreError> {
    db.all(events_statement(report_id)).await
}

/// A case read for recording: its head, its log as stored (with the
/// client event ids) and what a writer needs of it ([`OnFile`]: its state
/// replayed by the domain and its last link).
pub struct Loaded {
    /// The case's head.
    pub head: CaseHead,
    /// Its log as stored.
    pub rows: Vec<EventRow>,
    /// What the domain's write starts from.
    pub on_file: OnFile,
}

impl Loaded {
    /// The case's state.
    pub fn case(&self) -> &Case {
        &self.on_file.case
    }
}

/// Reads the case `reference` of `org` and replays it: `None` when there
/// is no such case. The one way every writer (the desk's entries, the
/// scheduled run's reminders and retention) starts.
pub async fn load(
    db: &impl Database,
    org: &OrgProfile,
    reference: &str,
) -> Result<Option<Loaded>, ReadError> {
    let Some(head) = find(db, &org.id, reference).await? else {
        return Ok(None);
    };
    let rows = events(db, &head.report_id).await?;
    let case = head.rebuild(&stored_events(&rows)?, org)?;
    let last_hash = rows
        .last()
        .map(|row| row.hash.clone())
        .ok_or_else(|| ReadError::Corrupt(head.reference.clone()))?;
    Ok(Some(Loaded {
        on_file: OnFile {
            ids: head.ids(),
            year: head.year,
            case,
            last_hash,
        },
        head,
        rows,
    }))
}

/// The statements of a signed write: the event ([`event_statement`]), the
/// case's row ([`row_statement`]), the case's words in the search index,
/// and the notice in the outbox, one row per channel; then `also`. Run
/// together in one batch.
pub fn append_statements(
    signed: &SignedWrite,
    also: Vec<Statement>,
) -> Result<Vec<Statement>, StoreError> {
    let ids = &signed.write.ids;
    let mut statements = vec![event_statement(signed), row_statement(signed)?];
    statements.extend(words_statements(signed));
    statements.extend(
        signed
            .outbox()
            .iter()
            .map(|entry| outbox_statement(&ids.case_id, &ids.org, entry)),
    );
    statements.extend(also);
    Ok(statements)
}

/// The statement that appends the write's event to the case's log.
pub fn event_statement(signed: &SignedWrite) -> Statement {
    let write = &signed.write;
    let stored = &write.event;
    Statement::new(
        "INSERT INTO case_events (report_id, sequence, event, hash, client_event_id, signature)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(&write.ids.case_id)
    .bind(stored.event.sequence)
    .bind(brud_case::chain::canonical(&stored.event))
    .bind(&stored.hash)
    .bind(write.client_event_id.as_deref())
    .bind(stored.signature.as_ref().map(Signature::to_column))
}

/// The two statements that replace the case's words in the search index
/// with the write's.
pub fn words_statements(signed: &SignedWrite) -> [Statement; 2] {
    let write = &signed.write;
    let words = serde_json::json!({ write.ids.case_id.as_str(): write.row.words });
    replace_words(&words.to_string(), None)
}

/// The statement that writes the case's row as the write leaves it (with
/// the signed head, its control facts and class, the columns the list
/// orders and filters by): inserted with the opening, replaced by each
/// later event, never by an earlier one.
pub fn row_statement(signed: &SignedWrite) -> Result<Statement, StoreError> {
    let write = &signed.write;
    let ids = &write.ids;
    let row = &write.row;
    let control = &row.control;
    Ok(Statement::new(
        "INSERT INTO cases (report_id, org, year, reference, number, sequence, status, risk,
                            deadline_at, deadline_group, overdue_from, reminded, closed_at,
                            contact_erased, search, summary, register, opened_at,
                            follow_up_due_at, log_head, control, control_class,
                            control_listed, notify_minutes, words_kept)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, 1)
         ON CONFLICT (report_id) DO UPDATE SET
           sequence = excluded.sequence, status = excluded.status, risk = excluded.risk,
           deadline_at = excluded.deadline_at, deadline_group = excluded.deadline_group,
           overdue_from = excluded.overdue_from, reminded = excluded.reminded,
           closed_at = excluded.closed_at, contact_erased = excluded.contact_erased,
           search = excluded.search, summary = excluded.summary,
           register = excluded.register, follow_up_due_at = excluded.follow_up_due_at,
           log_head = excluded.log_head, control = excluded.control,
           control_class = excluded.control_class,
           control_listed = excluded.control_listed,
           notify_minutes = excluded.notify_minutes, words_kept = 1
         WHERE excluded.sequence > cases.sequence",
    )
    .bind(&ids.case_id)
    .bind(&ids.org)
    .bind(write.year)
    .bind(&ids.reference)
    .bind(row.summary.number())
    .bind(write.case.sequence)
    .bind(row.summary.status.as_str())
    .bind(&row.risk)
    .bind(row.summary.deadline)
    .bind(row.summary.deadline_group())
    .bind(row.summary.notification_due().overdue_from())
    .bind(row.reminded)
    .bind(row.closed_at)
    // 1 once nothing is left to erase (erased, or never given), so the
    // retention run's question skips the case.
    .bind(!row.holds_contact)
    .bind(&row.search)
    .bind(serde_json::to_string(&row.summary)?)
    .bind(serde_json::to_string(&row.register)?)
    .bind(write.case.opened_at)
    .bind(row.follow_up_due_at)
    .bind(serde_json::to_string(&signed.head)?)
    .bind(serde_json::to_string(control)?)
    .bind(serde_json::to_string(&control.class())?)
    .bind(control.is_listed())
    .bind(control.minutes_to_notify()))
}

/// What appending came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    /// Written.
    Written,
    /// Another writer came first (the sequence number or the client event
    /// id was taken meanwhile): nothing was written; the caller decides
    /// whether that is a retry of the same entry, a stale one, or a later
    /// run's.
    Lost,
}

/// Writes `signed` and `also` in one transaction ([`append_statements`]).
pub async fn append(
    db: &impl Database,
    signed: &SignedWrite,
    also: Vec<Statement>,
) -> Result<Appended, StoreError> {
    match db.batch(append_statements(signed, also)?).await {
        Ok(_) => Ok(Appended::Written),
        Err(StoreError::Conflict) => Ok(Appended::Lost),
        Err(error) => Err(error),
    }
}

/// The head of a report that has no case yet (for opening it), with when
/// it was received.
pub async fn report_head(
    db: &impl Database,
    report_id: &str,
) -> Result<Option<(CaseHead, DateTime<Utc>)>, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        org: String,
        reference: String,
        year: i32,
        report: String,
        assessment: String,
        received_at: f64,
        #[serde(default)]
        contact_salt: Option<String>,
    }
    let row = db
        .first::<Row>(
            Statement::new(
                "SELECT id, org, reference, year, report, assessment, received_at, contact_salt
                 FROM reports WHERE id = ?1",
            )
            .bind(report_id),
        )
        .await?;
    Ok(row.map(|row| {
        (
            CaseHead {
                report_id: row.id,
                org: row.org,
                reference: row.reference,
                year: row.year,
                report: row.report,
                assessment: row.assessment,
                contact_salt: row.contact_salt,
                log_head: None,
            },
            stored_at(row.received_at),
        )
    }))
}

/// Reports without a case (stored before cases existed, or whose opening
/// failed after the report was stored), oldest first.
pub async fn unopened(db: &impl Database, limit: u32) -> Result<Vec<String>, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
    }
    Ok(db
        .all::<Row>(
            Statement::new(
                "SELECT id FROM reports WHERE NOT EXISTS
                   (SELECT 1 FROM cases WHERE cases.report_id = reports.id)
                 ORDER BY received_at LIMIT ?1",
            )
            .bind(limit),
        )
        .await?
        .into_iter()
        .map(|row| row.id)
        .collect())
}

/// Deletes a case at the end of its retention period, in one transaction:
/// the report, the log, the list's row, its words and the notices go; a
/// tombstone (`deleted_cases`) keeps that it existed, when it went, how
/// long its log was and the log's last link, so an export of the log taken
/// earlier can still be checked against it; `also` (the signed entry of
/// the school's log that records it) in the same transaction.
pub async fn delete(
    db: &impl Database,
    head: &CaseHead,
    events: u32,
    last_hash: &str,
    now: DateTime<Utc>,
    also: Vec<Statement>,
) -> Result<(), StoreError> {
    let id = head.report_id.as_str();
    let mut statements = vec![
        Statement::new(
            "INSERT INTO deleted_cases (report_id, org, reference, deleted_at, events, last_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(id)
        .bind(&head.org)
        .bind(&head.reference)
        .bind(now)
        .bind(events)
        .bind(last_hash),
        Statement::new("DELETE FROM case_events WHERE report_id = ?1").bind(id),
        Statement::new("DELETE FROM case_notices WHERE report_id = ?1").bind(id),
        Statement::new("DELETE FROM case_words WHERE report_id = ?1").bind(id),
        Statement::new("DELETE FROM cases WHERE report_id = ?1").bind(id),
        Statement::new("DELETE FROM reports WHERE id = ?1").bind(id),
    ];
    statements.extend(also);
    db.batch(statements).await?;
    Ok(())
}

/// The signed head kept on the case of report `report_id`, if it has a
/// case and the case a head.
pub async fn signed_head_of(
    db: &impl Database,
    report_id: &str,
) -> Result<Option<SignedHead>, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        log_head: Option<String>,
    }
    let row = db
        .first::<Row>(
            Statement::new("SELECT log_head FROM cases WHERE report_id = ?1").bind(report_id),
        )
        .await?;
    Ok(row
        .and_then(|row| row.log_head)
        .and_then(|head| serde_json::from_str(&head).ok()))
}
