//! Cases in D1: the append-only log (`case_events`) and the list's row per
//! case (`cases`), written together in one batch (one transaction), so the
//! row never says what the log does not.
//!
//! Every value written is the domain's: the event's canonical JSON and
//! hash ([`brud_case::chain`]), the summary, the search text and
//! the register row ([`brud_case::summary`],
//! [`brud_case::register`]). Each event is stored with the log key's
//! signature of the case's head at it, and the case's row keeps the newest
//! signed head ([`crate::log_key`]).

use brud_case::chain::{
    canonical, link, CaseIds, LogHead, Signature, SignedHead, StoredEvent, GENESIS,
};
use brud_case::control::{median_of_window, median_window, ControlClass, ControlFacts, YearFacts};
use brud_case::desk::{ListFilter, ListOrder, PageWindow};
use brud_case::notice::notice_of;
use brud_case::summary::{search_key, search_words, CaseSummary, RowOnFile, StoredRow};
use brud_case::{apply, opening, replay, Actor, Case, Event, EventKind, Reminder};
use brud_shared::{Assessment, OrgProfile, Report, WireName};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use worker::{console_log, D1Database, D1PreparedStatement, D1Result, D1Type};

use crate::error::ApiError;
use crate::log_key::LogKey;
use crate::notices;
use crate::stored_time::{self, millis};

fn text(value: &str) -> D1Type<'_> {
    D1Type::Text(value)
}

/// A case's head: what it was opened from.
#[derive(Debug, Deserialize)]
pub struct CaseHead {
    pub report_id: String,
    pub org: String,
    pub reference: String,
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
    pub fn parts(&self) -> Result<(Report, Assessment), ApiError> {
        Ok((
            serde_json::from_str(&self.report)?,
            serde_json::from_str(&self.assessment)?,
        ))
    }
}

/// The case's state from its log.
pub fn rebuild(
    head: &CaseHead,
    stored: &[StoredEvent],
    org: &OrgProfile,
) -> Result<Case, ApiError> {
    let (report, assessment) = head.parts()?;
    let events: Vec<Event> = stored.iter().map(|s| s.event.clone()).collect();
    replay(report, assessment, &events, Some(org))
        .map_err(|(sequence, _)| ApiError::Corrupt(format!("{} at {sequence}", head.reference)))
}

/// One row of the log.
#[derive(Debug, Deserialize)]
pub struct EventRow {
    pub sequence: u32,
    pub event: String,
    pub hash: String,
    pub client_event_id: Option<String>,
    /// The signature's column ([`Signature::to_column`]).
    #[serde(default)]
    pub signature: Option<String>,
}

impl EventRow {
    /// The stored event (the canonical JSON read back).
    pub fn stored(&self) -> Result<StoredEvent, ApiError> {
        Ok(StoredEvent {
            event: serde_json::from_str(&self.event)?,
            hash: self.hash.clone(),
            signature: self.signature.as_deref().and_then(Signature::from_column),
        })
    }
}

/// The stored events of `rows` (their canonical JSON read back).
pub fn stored_events(rows: &[EventRow]) -> Result<Vec<StoredEvent>, ApiError> {
    rows.iter().map(EventRow::stored).collect()
}

/// The case with `reference` in `org`.
pub async fn find(
    db: &D1Database,
    org: &str,
    reference: &str,
) -> Result<Option<CaseHead>, ApiError> {
    Ok(db
        .prepare(
            "SELECT c.report_id, c.org, c.reference, c.year, r.report, r.assessment, r.contact_salt,
                    c.log_head
             FROM cases c JOIN reports r ON r.id = c.report_id
             WHERE c.org = ?1 AND c.reference = ?2",
        )
        .bind_refs(&[text(org), text(reference)])?
        .first::<CaseHead>(None)
        .await?)
}

/// The case's row as it is on file ([`RowOnFile`]), read back to be
/// compared with the row the log gives.
pub async fn row_on_file(db: &D1Database, report_id: &str) -> Result<Option<RowOnFile>, ApiError> {
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
        .prepare(
            "SELECT sequence, summary, register, search, risk, reminded FROM cases
             WHERE report_id = ?1",
        )
        .bind_refs(&[text(report_id)])?
        .first::<Row>(None)
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

/// The case's log, in order.
pub async fn events(db: &D1Database, report_id: &str) -> Result<Vec<EventRow>, ApiError> {
    Ok(db
        .prepare(
            "SELECT sequence, event, hash, client_event_id, signature FROM case_events
             WHERE report_id = ?1 ORDER BY sequence",
        )
        .bind_refs(&[text(report_id)])?
        .all()
        .await?
        .results::<EventRow>()?)
}

/// The list's row of the case, from its state after the last event.
fn upsert_row(
    db: &D1Database,
    head: &CaseHead,
    case: &Case,
    org: &OrgProfile,
    row: &StoredRow,
    log_head: &SignedHead,
) -> Result<D1PreparedStatement, ApiError> {
    let sequence = i32::try_from(case.sequence).unwrap_or(i32::MAX);
    let summary_json = serde_json::to_string(&row.summary)?;
    let register_json = serde_json::to_string(&row.register)?;
    let log_head_json = serde_json::to_string(log_head)?;
    let control = ControlFacts::of(&head.reference, case, Some(org));
    let control_json = serde_json::to_string(&control)?;
    let class = ClassColumns::of(&control)?;
    let [class_value, listed, minutes] = class.values();
    let statement = db
        .prepare(
            "INSERT INTO cases (report_id, org, year, reference, sequence, status, risk,
                                deadline_at, outstanding, reminded, closed_at, contact_erased,
                                search, summary, register, opened_at, follow_up_due_at, log_head,
                                control, control_class, control_listed, notify_minutes,
                                words_kept)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                     ?19, ?20, ?21, ?22, 1)
             ON CONFLICT (report_id) DO UPDATE SET
               sequence = excluded.sequence, status = excluded.status, risk = excluded.risk,
               deadline_at = excluded.deadline_at, outstanding = excluded.outstanding,
               reminded = excluded.reminded, closed_at = excluded.closed_at,
               contact_erased = excluded.contact_erased, search = excluded.search,
               summary = excluded.summary, register = excluded.register,
               follow_up_due_at = excluded.follow_up_due_at, log_head = excluded.log_head,
               control = excluded.control, control_class = excluded.control_class,
               control_listed = excluded.control_listed,
               notify_minutes = excluded.notify_minutes, words_kept = 1
             WHERE excluded.sequence > cases.sequence",
        )
        .bind_refs(&[
            text(&head.report_id),
            text(&head.org),
            D1Type::Integer(head.year),
            text(&head.reference),
            D1Type::Integer(sequence),
            text(row.summary.status.as_str()),
            text(&row.risk),
            row.summary.deadline.map_or(D1Type::Null, millis),
            D1Type::Integer(i32::from(row.summary.notification_outstanding())),
            D1Type::Integer(i32::from(row.reminded)),
            row.closed_at.map_or(D1Type::Null, millis),
            // 1 once nothing is left to erase (erased, or never given), so
            // the retention run's question skips the case.
            D1Type::Integer(i32::from(!row.holds_contact)),
            text(&row.search),
            text(&summary_json),
            text(&register_json),
            millis(case.opened_at),
            row.follow_up_due_at.map_or(D1Type::Null, millis),
            text(&log_head_json),
            text(&control_json),
            class_value,
            listed,
            minutes,
        ])?;
    Ok(statement)
}

/// What a case's row keeps of its control facts for the year's report to
/// count (migration 0016): its class (JSON), whether the report names it,
/// its minutes to notify.
struct ClassColumns {
    class: String,
    listed: bool,
    minutes_to_notify: Option<i32>,
}

impl ClassColumns {
    fn of(facts: &ControlFacts) -> Result<ClassColumns, ApiError> {
        Ok(ClassColumns {
            class: serde_json::to_string(&facts.class())?,
            listed: facts.is_listed(),
            minutes_to_notify: facts
                .minutes_to_notify()
                .and_then(|minutes| i32::try_from(minutes).ok()),
        })
    }

    /// `control_class`, `control_listed`, `notify_minutes`, in that order.
    fn values(&self) -> [D1Type<'_>; 3] {
        [
            text(&self.class),
            D1Type::Integer(i32::from(self.listed)),
            self.minutes_to_notify.map_or(D1Type::Null, D1Type::Integer),
        ]
    }
}

/// The statements that keep the words of a case's search text in the
/// search index (`case_words`, migration 0015), replacing those it had:
/// run in the same transaction as the row they come from.
fn keep_words(
    db: &D1Database,
    report_id: &str,
    search: &str,
) -> Result<[D1PreparedStatement; 2], ApiError> {
    let words = serde_json::json!({ report_id: search_words(search) });
    replace_words(db, &words.to_string(), None)
}

/// The two statements that replace the words of the cases in `words`
/// (JSON: each report id's words) in the search index: every case's, or
/// with `only` (a condition on `cases`), those of the cases it holds for.
fn replace_words(
    db: &D1Database,
    words: &str,
    only: Option<&str>,
) -> Result<[D1PreparedStatement; 2], ApiError> {
    let only = |column: &str| {
        only.map_or(String::new(), |condition| {
            format!(
                " AND {column} IN (SELECT report_id FROM cases
                                   WHERE report_id IN (SELECT key FROM json_each(?1))
                                     AND {condition})"
            )
        })
    };
    Ok([
        db.prepare(format!(
            "DELETE FROM case_words
             WHERE report_id IN (SELECT key FROM json_each(?1)){}",
            only("report_id")
        ))
        .bind_refs(&[text(words)])?,
        db.prepare(format!(
            "INSERT OR IGNORE INTO case_words (word, report_id)
             SELECT word.value, one.key FROM json_each(?1) AS one, json_each(one.value) AS word
             WHERE one.type = 'array'{}",
            only("one.key")
        ))
        .bind_refs(&[text(words)])?,
    ])
}

/// Keeps the words of up to `limit` cases written before the search index
/// (`words_kept = 0`), as the scheduled run does until none is left; how
/// many it looked at. The cases go in groups of at most about
/// [`WORDS_PER_BATCH_BYTES`] of words, each group four statements in one
/// transaction: the cases still as read (same `sequence`, words not kept)
/// are marked, their words replaced, the mark made `1`. A case written
/// meanwhile kept its own words with its write and is left alone, so an
/// older text never replaces a newer one.
pub async fn keep_missing_words(db: &D1Database, limit: i32) -> Result<usize, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        report_id: String,
        search: String,
        sequence: u32,
    }
    let rows = db
        .prepare("SELECT report_id, search, sequence FROM cases WHERE words_kept = 0 LIMIT ?1")
        .bind_refs(&[D1Type::Integer(limit)])?
        .all()
        .await?
        .results::<Row>()?;
    let mut group: Vec<(&Row, Vec<String>)> = Vec::new();
    let mut bytes = 0;
    for (index, row) in rows.iter().enumerate() {
        let words = search_words(&row.search);
        bytes += words.iter().map(|word| word.len() + 3).sum::<usize>() + 64;
        group.push((row, words));
        if bytes >= WORDS_PER_BATCH_BYTES || index + 1 == rows.len() {
            let read: Vec<(&str, u32)> = group
                .iter()
                .map(|(row, _)| (row.report_id.as_str(), row.sequence))
                .collect();
            let words: std::collections::HashMap<&str, &Vec<String>> = group
                .iter()
                .map(|(row, words)| (row.report_id.as_str(), words))
                .collect();
            keep_words_of(
                db,
                &serde_json::to_string(&read)?,
                &serde_json::to_string(&words)?,
            )
            .await?;
            group.clear();
            bytes = 0;
        }
    }
    Ok(rows.len())
}

/// Words of cases kept in one group: about 1 MB of JSON, half of what D1
/// takes in one value.
const WORDS_PER_BATCH_BYTES: usize = 1_000_000;

/// One group of [`keep_missing_words`]: `read` the (report id, sequence)
/// pairs as read, `words` each case's words by its report id (JSON).
async fn keep_words_of(db: &D1Database, read: &str, words: &str) -> Result<(), ApiError> {
    let [delete, insert] = replace_words(db, words, Some("words_kept = 2"))?;
    db.batch(vec![
        db.prepare(
            "UPDATE cases SET words_kept = 2
             WHERE words_kept = 0
               AND report_id IN (SELECT json_extract(value, '$[0]') FROM json_each(?1))
               AND sequence = (SELECT json_extract(value, '$[1]') FROM json_each(?1)
                               WHERE json_extract(value, '$[0]') = cases.report_id)",
        )
        .bind_refs(&[text(read)])?,
        delete,
        insert,
        db.prepare(
            "UPDATE cases SET words_kept = 1 WHERE words_kept = 2
               AND report_id IN (SELECT json_extract(value, '$[0]') FROM json_each(?1))",
        )
        .bind_refs(&[text(read)])?,
    ])
    .await?;
    Ok(())
}

fn insert_event(
    db: &D1Database,
    report_id: &str,
    stored: &StoredEvent,
    client_event_id: Option<&str>,
) -> Result<D1PreparedStatement, ApiError> {
    let sequence = i32::try_from(stored.event.sequence).unwrap_or(i32::MAX);
    let signature = stored.signature.as_ref().map(Signature::to_column);
    let signature = signature.as_deref();
    Ok(db
        .prepare(
            "INSERT INTO case_events (report_id, sequence, event, hash, client_event_id, signature)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind_refs(&[
            text(report_id),
            D1Type::Integer(sequence),
            text(&canonical(&stored.event)),
            text(&stored.hash),
            client_event_id.map_or(D1Type::Null, text),
            signature.map_or(D1Type::Null, text),
        ])?)
}

/// Why an append did not happen.
enum AppendError {
    /// Another writer took the sequence number, or the client event id.
    Taken,
    /// Anything else.
    Failed(ApiError),
}

impl From<ApiError> for AppendError {
    fn from(error: ApiError) -> Self {
        AppendError::Failed(error)
    }
}

/// An event as appended.
struct Appended {
    /// The event with its hash.
    pub stored: StoredEvent,
    /// The outbox ids of the notice it caused, one per channel, if it
    /// causes one ([`notice_of`]).
    pub notices: Vec<String>,
}

/// Appends `event` (already applied by the domain, giving `case`) after the
/// link `previous`, signed with `key`, rewrites the list's row (with the
/// signed head) and puts the notice the event causes in the outbox (with
/// it too), in one transaction with `also`.
#[allow(clippy::too_many_arguments)]
async fn append(
    db: &D1Database,
    key: &LogKey,
    head: &CaseHead,
    org: &OrgProfile,
    previous: &str,
    event: Event,
    client_event_id: Option<&str>,
    case: &Case,
    also: Vec<D1PreparedStatement>,
) -> Result<Appended, AppendError> {
    let mut notice = notice_of(&event, case, &head.report_id, org, &head.reference);
    let hash = link(previous, &event);
    let mut stored = StoredEvent {
        event,
        hash,
        signature: None,
    };
    let log_head = LogHead::at(&head.ids(), &stored);
    let signature = key.sign(&log_head).await?;
    stored.signature = Some(signature.clone());
    let signed = SignedHead {
        head: log_head,
        signature,
    };
    if let Some(notice) = &mut notice {
        notice.data.log_head = Some(signed.clone());
    }
    let row = StoredRow::of(
        &head.report_id,
        &head.reference,
        case,
        Some(org),
        stored.event.at,
    );
    let mut statements = vec![
        insert_event(db, &head.report_id, &stored, client_event_id)?,
        upsert_row(db, head, case, org, &row, &signed)?,
    ];
    statements.extend(keep_words(db, &head.report_id, &row.search)?);
    let mut notice_ids = Vec::new();
    if let Some(notice) = &notice {
        let (inserts, ids) = notices::insert(db, org, &head.report_id, notice)?;
        statements.extend(inserts);
        notice_ids = ids;
    }
    statements.extend(also);
    match db.batch(statements).await {
        Ok(_) => Ok(Appended {
            stored,
            notices: notice_ids,
        }),
        Err(error) if error.to_string().contains("UNIQUE") => Err(AppendError::Taken),
        Err(error) => Err(AppendError::Failed(error.into())),
    }
}

/// A case read for recording: its head, its log as stored (with the
/// client event ids) and its state replayed by the domain.
pub struct Loaded {
    pub head: CaseHead,
    pub rows: Vec<EventRow>,
    pub case: Case,
}

/// Reads the case `reference` of `org` and replays it: `None` when there
/// is no such case. The one way every writer (the desk's entries, the
/// scheduled run's reminders and retention) starts.
pub async fn load(
    db: &D1Database,
    org: &OrgProfile,
    reference: &str,
) -> Result<Option<Loaded>, ApiError> {
    let Some(head) = find(db, &org.id, reference).await? else {
        return Ok(None);
    };
    let rows = events(db, &head.report_id).await?;
    let case = rebuild(&head, &stored_events(&rows)?, org)?;
    Ok(Some(Loaded { head, rows, case }))
}

/// What recording an event came to.
pub enum Recorded {
    /// Appended: the event with its hash, the case after it, and the
    /// outbox ids of the notice it caused (to send at once).
    Appended {
        stored: Box<StoredEvent>,
        case: Box<Case>,
        notices: Vec<String>,
    },
    /// Another writer came first (the sequence or the client event id was
    /// taken meanwhile): nothing was written; the caller decides whether
    /// that is a retry of the same entry, a stale one, or a later run's.
    Lost,
}

/// Why an event was not recorded.
pub enum RecordError {
    /// The domain refuses it, with its problems.
    Refused(Vec<brud_shared::Problem>),
    /// Anything else.
    Failed(ApiError),
}

impl From<ApiError> for RecordError {
    fn from(error: ApiError) -> Self {
        RecordError::Failed(error)
    }
}

/// Records `kind` by `actor` at `at` as the next event of `loaded`: the
/// domain applies it ([`apply`]), then the event, the list's row, the
/// notice it causes and `also` are written in one transaction, linked to
/// the last stored event. The one case pipeline: load, apply, append, and
/// a lost race reported as [`Recorded::Lost`].
#[allow(clippy::too_many_arguments)]
pub async fn record(
    db: &D1Database,
    key: &LogKey,
    org: &OrgProfile,
    loaded: &Loaded,
    actor: Actor,
    at: DateTime<Utc>,
    kind: EventKind,
    client_event_id: Option<&str>,
    also: Vec<D1PreparedStatement>,
) -> Result<Recorded, RecordError> {
    let last = loaded
        .rows
        .last()
        .ok_or_else(|| ApiError::Corrupt(loaded.head.reference.clone()))?;
    let event = Event {
        sequence: loaded.case.sequence + 1,
        at,
        actor,
        kind,
    };
    let after = apply(&loaded.case, &event, Some(org)).map_err(RecordError::Refused)?;
    let name = event.kind.name();
    let sequence = event.sequence;
    let appended = append(
        db,
        key,
        &loaded.head,
        org,
        &last.hash,
        event,
        client_event_id,
        &after,
        also,
    )
    .await;
    match appended {
        Ok(appended) => {
            console_log!(
                "case {} {}: event {sequence} {name}",
                org.id,
                loaded.head.reference
            );
            Ok(Recorded::Appended {
                stored: Box::new(appended.stored),
                case: Box::new(after),
                notices: appended.notices,
            })
        }
        Err(AppendError::Taken) => Ok(Recorded::Lost),
        Err(AppendError::Failed(error)) => Err(RecordError::Failed(error)),
    }
}

/// Opens the case of a stored report, unless it is open: the opening event
/// (by the system, at receipt), the list's row and the opening's notice in
/// the outbox (`brud.case.opened`). Safe to repeat. The outbox ids of the
/// notice when this call opened it (to send at once), else none.
pub async fn open(
    db: &D1Database,
    key: &LogKey,
    head: &CaseHead,
    org: &OrgProfile,
    received_at: DateTime<Utc>,
) -> Result<Vec<String>, ApiError> {
    let (report, assessment) = head.parts()?;
    let event = Event {
        sequence: 1,
        at: received_at,
        actor: Actor::System,
        kind: opening(&report, &assessment, head.contact_salt.as_deref()),
    };
    let case = Case::open(report, assessment, received_at);
    match append(db, key, head, org, GENESIS, event, None, &case, Vec::new()).await {
        Ok(appended) => Ok(appended.notices),
        Err(AppendError::Taken) => Ok(Vec::new()),
        Err(AppendError::Failed(error)) => Err(error),
    }
}

/// The head of a report that has no case yet (for opening it).
pub async fn report_head(
    db: &D1Database,
    report_id: &str,
) -> Result<Option<(CaseHead, DateTime<Utc>)>, ApiError> {
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
        .prepare(
            "SELECT id, org, reference, year, report, assessment, received_at, contact_salt
             FROM reports WHERE id = ?1",
        )
        .bind_refs(&[text(report_id)])?
        .first::<Row>(None)
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
            stored_time::at(row.received_at),
        )
    }))
}

/// Reports without a case (stored before cases existed, or whose opening
/// failed after the report was stored), oldest first.
pub async fn unopened(db: &D1Database, limit: i32) -> Result<Vec<String>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
    }
    Ok(db
        .prepare(
            "SELECT id FROM reports WHERE NOT EXISTS
               (SELECT 1 FROM cases WHERE cases.report_id = reports.id)
             ORDER BY received_at LIMIT ?1",
        )
        .bind_refs(&[D1Type::Integer(limit)])?
        .all()
        .await?
        .results::<Row>()?
        .into_iter()
        .map(|row| row.id)
        .collect())
}

#[derive(Deserialize)]
struct ListRow {
    org: String,
    summary: String,
}

#[derive(Deserialize)]
struct CountRow {
    total: u32,
}

/// The list's `FROM … WHERE …` and its parameters, with a condition only
/// for each filter given. An optional filter written into the SQL as
/// `(?n IS NULL OR …)` keeps SQLite from reading a school's cases in the
/// list's order from its index (migration 0014): it then reads every row
/// of the school and sorts them, ten times the work at ten times the
/// cases. One school is `org = ?`, so the index gives the order; several
/// (a shared DPO's) are looked up together and sorted.
fn list_filter<'a>(
    orgs: &'a [&'a str],
    orgs_json: &'a str,
    query: &'a ListFilter,
    risk: Option<&'a str>,
    word_range: Option<&'a (String, String)>,
    now: DateTime<Utc>,
) -> (String, Vec<D1Type<'a>>) {
    let mut sql = String::from("FROM cases WHERE ");
    let mut params = Vec::new();
    // A search reads its cases from the word index; `+org` keeps SQLite
    // from walking the school's cases in the list's order instead and
    // asking each whether it is one of them (ten times slower at 20,000).
    if word_range.is_some() {
        sql.push('+');
    }
    match orgs {
        [one] => {
            sql.push_str("org = ?");
            params.push(text(one));
        }
        _ => {
            sql.push_str("org IN (SELECT value FROM json_each(?))");
            params.push(text(orgs_json));
        }
    }
    let mut and = |condition: &str, values: Vec<D1Type<'a>>| {
        sql.push_str(" AND ");
        sql.push_str(condition);
        params.extend(values);
    };
    if let Some(year) = query.year {
        and("year = ?", vec![D1Type::Integer(year)]);
    }
    if let Some(status) = query.status {
        and("status = ?", vec![text(status.as_str())]);
    }
    if let Some(risk) = risk {
        and("risk = ?", vec![text(risk)]);
    }
    if let Some(overdue) = query.overdue {
        // A case without a deadline is neither overdue nor in time.
        and(
            "(? = 1) = (outstanding = 1 AND deadline_at < ?)",
            vec![D1Type::Integer(i32::from(overdue)), millis(now)],
        );
    }
    if let Some(q) = query.q.as_deref() {
        // The cases with a word beginning with the search's longest word,
        // from the word index, and those whose words are not kept yet;
        // then the whole search in their text.
        if let Some((key, end)) = word_range {
            and(
                "report_id IN (SELECT report_id FROM case_words WHERE word >= ? AND word < ?
                                UNION ALL
                                SELECT report_id FROM cases WHERE words_kept = 0)",
                vec![text(key), text(end)],
            );
        }
        and("instr(search, ?) > 0", vec![text(q)]);
    }
    (sql, params)
}

/// The list's `ORDER BY`, as its index is written (migrations 0007 and
/// 0014) so that SQLite reads the index instead of sorting; `reversed`
/// reads the same index from its end.
fn list_order(order: ListOrder, reversed: bool) -> &'static str {
    match (order, reversed) {
        (ListOrder::Deadline, false) => {
            "status <> 'open', deadline_at IS NULL, deadline_at, reference"
        }
        (ListOrder::Deadline, true) => {
            "status <> 'open' DESC, deadline_at IS NULL DESC, deadline_at DESC, reference DESC"
        }
        // When the report was received; the reference (one organisation's
        // count of the year's reports) breaks a tie within a millisecond.
        (ListOrder::Newest, false) => "opened_at DESC, length(reference) DESC, reference DESC",
        (ListOrder::Newest, true) => "opened_at, length(reference), reference",
    }
}

/// One page of the organisation's cases in the filter's order (by
/// deadline: open ones first, each by deadline, soonest first and none
/// last; or newest first), and how many match in all. The first page is
/// read with the count in one batch; a later one once the count says
/// from which end it is nearer ([`PageWindow`]).
pub async fn list(
    db: &D1Database,
    orgs: &[&str],
    query: &ListFilter,
    now: DateTime<Utc>,
) -> Result<(u32, Vec<(String, CaseSummary)>), ApiError> {
    let risk = query.risk.map(WireName::wire_name);
    let orgs_json = serde_json::to_string(orgs)?;
    // The search's key word and the end of the range of words it begins
    // (the largest character after it).
    let word_range = query
        .q
        .as_deref()
        .and_then(search_key)
        .map(|key| (key.clone(), format!("{key}\u{10FFFF}")));
    let word_range = word_range.as_ref();
    let (filter, params) = list_filter(orgs, &orgs_json, query, risk, word_range, now);
    let count = db
        .prepare(format!("SELECT COUNT(*) AS total {filter}"))
        .bind_refs(&params)?;
    let page_query = |window: &PageWindow| -> Result<D1PreparedStatement, ApiError> {
        // The same parameters again (a D1 parameter is not `Clone`).
        let (_, mut page_params) = list_filter(orgs, &orgs_json, query, risk, word_range, now);
        page_params.push(D1Type::Integer(
            i32::try_from(window.limit).unwrap_or(i32::MAX),
        ));
        page_params.push(D1Type::Integer(
            i32::try_from(window.offset).unwrap_or(i32::MAX),
        ));
        Ok(db
            .prepare(format!(
                "SELECT org, summary {filter} ORDER BY {} LIMIT ? OFFSET ?",
                list_order(query.order, window.reversed)
            ))
            .bind_refs(&page_params)?)
    };
    let read_rows =
        |result: &D1Result, reversed: bool| -> Result<Vec<(String, CaseSummary)>, ApiError> {
            let mut rows = result
                .results::<ListRow>()?
                .into_iter()
                .map(|row| Ok((row.org, serde_json::from_str(&row.summary)?)))
                .collect::<Result<Vec<_>, ApiError>>()?;
            if reversed {
                rows.reverse();
            }
            Ok(rows)
        };
    let total_of = |result: &D1Result| -> Result<u32, ApiError> {
        Ok(result
            .results::<CountRow>()?
            .first()
            .map_or(0, |row| row.total))
    };
    if query.page <= 1 {
        let first = PageWindow {
            reversed: false,
            offset: 0,
            limit: query.per_page,
        };
        let results = db.batch(vec![count, page_query(&first)?]).await?;
        return Ok((total_of(&results[0])?, read_rows(&results[1], false)?));
    }
    let total = total_of(&count.run().await?)?;
    let Some(window) = PageWindow::of(query.page, query.per_page, total) else {
        return Ok((total, Vec::new()));
    };
    let result = page_query(&window)?.run().await?;
    Ok((total, read_rows(&result, window.reversed)?))
}

/// At most `limit` register rows of the organisation's cases after
/// reference `after` (from the first when `None`), in reference order; one
/// year's when given. The CSV export reads the register page by page with
/// it, so that no request holds a municipality's ten years at once; the
/// JSON export reads it whole (`limit` `u32::MAX`). Conditions only for
/// what is given, so the page is a range of the (org, reference) index.
pub async fn register_page(
    db: &D1Database,
    org: &str,
    year: Option<i32>,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<(String, Vec<String>, CaseSummary)>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        reference: String,
        register: String,
        summary: String,
    }
    let mut sql = String::from("SELECT reference, register, summary FROM cases WHERE org = ?");
    let mut params = vec![text(org)];
    if let Some(year) = year {
        sql.push_str(" AND year = ?");
        params.push(D1Type::Integer(year));
    }
    if let Some(after) = after {
        sql.push_str(" AND reference > ?");
        params.push(text(after));
    }
    sql.push_str(" ORDER BY reference LIMIT ?");
    params.push(D1Type::Integer(i32::try_from(limit).unwrap_or(i32::MAX)));
    db.prepare(sql)
        .bind_refs(&params)?
        .all()
        .await?
        .results::<Row>()?
        .into_iter()
        .map(|row| {
            Ok((
                row.reference,
                serde_json::from_str(&row.register)?,
                serde_json::from_str(&row.summary)?,
            ))
        })
        .collect()
}

/// The control report's facts of `year` for `orgs` together (one school,
/// or a shared DPO's schools): the cases counted by class, the facts of
/// those the report names, the median time to notify read from the middle
/// of the kept minutes (migration 0016). While a case of the year has no
/// class yet (written before classes were kept), every case's facts are
/// read instead ([`YearFacts::of`]).
pub async fn year_facts(
    db: &D1Database,
    orgs: &[&OrgProfile],
    year: i32,
) -> Result<YearFacts, ApiError> {
    #[derive(Deserialize)]
    struct ClassRow {
        class: String,
        n: usize,
    }
    #[derive(Deserialize)]
    struct ListedRow {
        control: Option<String>,
        unclassed: u8,
    }
    #[derive(Deserialize)]
    struct MinutesRow {
        minutes: i64,
    }
    // Per school, so each reads its own indexes in their order.
    let mut statements = Vec::with_capacity(orgs.len() * 2);
    for org in orgs {
        let params = [text(&org.id), D1Type::Integer(year)];
        statements.push(
            db.prepare(
                "SELECT control_class AS class, COUNT(*) AS n FROM cases
                 WHERE org = ?1 AND year = ?2 AND control_class IS NOT NULL
                 GROUP BY control_class",
            )
            .bind_refs(&params)?,
        );
        statements.push(
            db.prepare(
                "SELECT control, control_class IS NULL AS unclassed FROM cases
                 WHERE org = ?1 AND year = ?2 AND control_listed = 1
                 ORDER BY reference",
            )
            .bind_refs(&params)?,
        );
    }
    let results = db.batch(statements).await?;
    let mut classes = Vec::new();
    let mut listed = Vec::new();
    for pair in results.chunks(2) {
        for row in pair[0].results::<ClassRow>()? {
            classes.push((serde_json::from_str::<ControlClass>(&row.class)?, row.n));
        }
        listed.extend(pair[1].results::<ListedRow>()?);
    }
    if listed.iter().any(|row| row.unclassed != 0) {
        let mut all = Vec::new();
        for org in orgs {
            all.extend(control_facts(db, org, year).await?);
        }
        return Ok(YearFacts::of(&all, year));
    }
    let mut listed = listed
        .into_iter()
        .filter_map(|row| row.control)
        .map(|control| serde_json::from_str(&control))
        .collect::<Result<Vec<ControlFacts>, _>>()?;
    listed.sort_by(|a, b| a.reference.cmp(&b.reference));
    let mut facts = YearFacts {
        year,
        classes,
        listed,
        median_minutes_to_notify: None,
    };
    if let Some((offset, count)) = median_window(facts.timed()) {
        let ids: Vec<&str> = orgs.iter().map(|org| org.id.as_str()).collect();
        let ids = serde_json::to_string(&ids)?;
        let window: Vec<i64> = db
            .prepare(
                "SELECT notify_minutes AS minutes FROM cases
                 WHERE org IN (SELECT value FROM json_each(?1)) AND year = ?2
                   AND notify_minutes IS NOT NULL
                 ORDER BY notify_minutes LIMIT ?3 OFFSET ?4",
            )
            .bind_refs(&[
                text(&ids),
                D1Type::Integer(year),
                D1Type::Integer(i32::try_from(count).unwrap_or(i32::MAX)),
                D1Type::Integer(i32::try_from(offset).unwrap_or(i32::MAX)),
            ])?
            .all()
            .await?
            .results::<MinutesRow>()?
            .into_iter()
            .map(|row| row.minutes)
            .collect();
        facts.median_minutes_to_notify = median_of_window(&window);
    }
    Ok(facts)
}

/// The control facts of every case of `org` opened in `year`: as kept on
/// the rows, and for rows written before facts were kept, made from their
/// logs replayed (by `org`'s profile).
async fn control_facts(
    db: &D1Database,
    org: &OrgProfile,
    year: i32,
) -> Result<Vec<ControlFacts>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        control: Option<String>,
    }
    let rows = db
        .prepare("SELECT control FROM cases WHERE org = ?1 AND year = ?2")
        .bind_refs(&[text(&org.id), D1Type::Integer(year)])?
        .all()
        .await?
        .results::<Row>()?;
    let mut facts = Vec::with_capacity(rows.len());
    let mut missing = false;
    for row in rows {
        match row
            .control
            .as_deref()
            .map(serde_json::from_str::<ControlFacts>)
        {
            Some(Ok(kept)) => facts.push(kept),
            _ => missing = true,
        }
    }
    if missing {
        // Rebuilt from the logs: every case of the year, once (rare: only
        // rows from before facts were kept, until their next event).
        facts.clear();
        for (head, rows) in logs_of_year(db, &org.id, year).await? {
            let case = rebuild(&head, &stored_events(&rows)?, org)?;
            facts.push(ControlFacts::of(&head.reference, &case, Some(org)));
        }
    }
    Ok(facts)
}

/// Gives up to `limit` cases written before control classes were kept
/// (migration 0016) theirs, from the facts on their rows; how many it
/// looked at. A row an event rewrote meanwhile has its class already and
/// is left as it is.
pub async fn keep_missing_classes(db: &D1Database, limit: i32) -> Result<usize, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        report_id: String,
        control: String,
    }
    let rows = db
        .prepare(
            "SELECT report_id, control FROM cases
             WHERE control_class IS NULL AND control IS NOT NULL LIMIT ?1",
        )
        .bind_refs(&[D1Type::Integer(limit)])?
        .all()
        .await?
        .results::<Row>()?;
    let mut statements = Vec::with_capacity(rows.len());
    for row in &rows {
        let class = ClassColumns::of(&serde_json::from_str(&row.control)?)?;
        let [class_value, listed, minutes] = class.values();
        statements.push(
            db.prepare(
                "UPDATE cases SET control_class = ?2, control_listed = ?3, notify_minutes = ?4
                 WHERE report_id = ?1 AND control_class IS NULL",
            )
            .bind_refs(&[text(&row.report_id), class_value, listed, minutes])?,
        );
    }
    if !statements.is_empty() {
        db.batch(statements).await?;
    }
    Ok(rows.len())
}

/// Every case opened in `year` with its log (for rebuilding the control
/// facts of rows that have none).
async fn logs_of_year(
    db: &D1Database,
    org: &str,
    year: i32,
) -> Result<Vec<(CaseHead, Vec<EventRow>)>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        report_id: String,
        sequence: u32,
        event: String,
        hash: String,
    }
    let params = [text(org), D1Type::Integer(year)];
    let heads = db
        .prepare(
            "SELECT c.report_id, c.org, c.reference, c.year, r.report, r.assessment, r.contact_salt
             FROM cases c JOIN reports r ON r.id = c.report_id
             WHERE c.org = ?1 AND c.year = ?2 ORDER BY c.report_id",
        )
        .bind_refs(&params)?;
    let events = db
        .prepare(
            "SELECT e.report_id, e.sequence, e.event, e.hash FROM case_events e
             JOIN cases c ON c.report_id = e.report_id
             WHERE c.org = ?1 AND c.year = ?2 ORDER BY e.report_id, e.sequence",
        )
        .bind_refs(&params)?;
    let results = db.batch(vec![heads, events]).await?;
    let mut logs: Vec<(CaseHead, Vec<EventRow>)> = results[0]
        .results::<CaseHead>()?
        .into_iter()
        .map(|head| (head, Vec::new()))
        .collect();
    let mut index = 0;
    for row in results[1].results::<Row>()? {
        while index < logs.len() && logs[index].0.report_id < row.report_id {
            index += 1;
        }
        if let Some((head, events)) = logs.get_mut(index) {
            if head.report_id == row.report_id {
                events.push(EventRow {
                    sequence: row.sequence,
                    event: row.event,
                    hash: row.hash,
                    client_event_id: None,
                    signature: None,
                });
            }
        }
    }
    Ok(logs)
}

/// A case the reminder run looks at: its row's deadline and reminders.
#[derive(Debug, Deserialize)]
pub struct ReminderCandidate {
    pub org: String,
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
            crate::stored_time::at(self.deadline_at),
            Reminder::from_bits(self.reminded),
        )
    }
}

/// Open cases whose notification is outstanding and whose deadline is
/// before `horizon`, soonest first, without those past their last
/// reminder (the overdue one: nothing follows it).
pub async fn reminder_candidates(
    db: &D1Database,
    horizon: DateTime<Utc>,
    limit: i32,
) -> Result<Vec<ReminderCandidate>, ApiError> {
    let overdue = i32::from(Reminder::Overdue.bit());
    Ok(db
        .prepare(
            "SELECT org, reference, deadline_at, reminded FROM cases
             WHERE outstanding = 1 AND deadline_at <= ?1 AND status = 'open'
               AND (reminded & ?2) = 0
             ORDER BY deadline_at LIMIT ?3",
        )
        .bind_refs(&[
            millis(horizon),
            D1Type::Integer(overdue),
            D1Type::Integer(limit),
        ])?
        .all()
        .await?
        .results::<ReminderCandidate>()?)
}

/// The references (with their organisations) of the open cases whose
/// follow-up reminder is due by `now` ([`StoredRow::follow_up_due_at`]),
/// soonest first.
pub async fn follow_up_candidates(
    db: &D1Database,
    now: DateTime<Utc>,
    limit: i32,
) -> Result<Vec<(String, String)>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        org: String,
        reference: String,
    }
    let rows = db
        .prepare(
            "SELECT org, reference FROM cases
             WHERE follow_up_due_at <= ?1 AND status = 'open'
             ORDER BY follow_up_due_at LIMIT ?2",
        )
        .bind_refs(&[millis(now), D1Type::Integer(limit)])?
        .all()
        .await?
        .results::<Row>()?;
    Ok(rows.into_iter().map(|r| (r.org, r.reference)).collect())
}

/// The organisations with cases stored that are not among `configured`
/// (removed from the configuration since).
pub async fn unconfigured_orgs(
    db: &D1Database,
    configured: &[&str],
) -> Result<Vec<String>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        org: String,
    }
    let configured = serde_json::to_string(configured)?;
    Ok(db
        .prepare(
            "SELECT DISTINCT org FROM cases
             WHERE org NOT IN (SELECT value FROM json_each(?1))",
        )
        .bind_refs(&[text(&configured)])?
        .all()
        .await?
        .results::<Row>()?
        .into_iter()
        .map(|row| row.org)
        .collect())
}

/// The references of the organisation's closed cases that retention may
/// concern at `now`: closed before `erase_before` and still holding the
/// reporter's contact, or closed before `delete_before`. The domain
/// decides ([`brud_case::retention_due`]); this only narrows.
pub async fn retention_candidates(
    db: &D1Database,
    org: &str,
    erase_before: DateTime<Utc>,
    delete_before: DateTime<Utc>,
    limit: i32,
) -> Result<Vec<String>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        reference: String,
    }
    Ok(db
        .prepare(
            "SELECT reference FROM cases
             WHERE org = ?1 AND closed_at IS NOT NULL
               AND ((contact_erased = 0 AND closed_at <= ?2) OR closed_at <= ?3)
             ORDER BY closed_at LIMIT ?4",
        )
        .bind_refs(&[
            text(org),
            millis(erase_before),
            millis(delete_before),
            D1Type::Integer(limit),
        ])?
        .all()
        .await?
        .results::<Row>()?
        .into_iter()
        .map(|row| row.reference)
        .collect())
}

/// The statement that replaces the stored report with `report` (the
/// reporter's contact erased) and drops the delivery body built from it.
pub fn rewrite_report(
    db: &D1Database,
    report_id: &str,
    report: &Report,
) -> Result<D1PreparedStatement, ApiError> {
    let json = serde_json::to_string(report)?;
    Ok(db
        .prepare(
            "UPDATE reports SET report = ?2, payload = NULL, contact_salt = NULL WHERE id = ?1",
        )
        .bind_refs(&[text(report_id), text(&json)])?)
}

/// Deletes a case at the end of its retention period, in one transaction:
/// the report, the log, the list's row and the notices go; a tombstone
/// (`deleted_cases`) keeps that it existed, when it went, how long its log
/// was and the log's last link, so an export of the log taken earlier can
/// still be checked against it.
pub async fn delete(
    db: &D1Database,
    head: &CaseHead,
    events: u32,
    last_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let id = || text(&head.report_id);
    let statements = vec![
        db.prepare(
            "INSERT INTO deleted_cases (report_id, org, reference, deleted_at, events, last_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind_refs(&[
            text(&head.report_id),
            text(&head.org),
            text(&head.reference),
            millis(now),
            D1Type::Integer(i32::try_from(events).unwrap_or(i32::MAX)),
            text(last_hash),
        ])?,
        db.prepare("DELETE FROM case_events WHERE report_id = ?1")
            .bind_refs(&[id()])?,
        db.prepare("DELETE FROM case_notices WHERE report_id = ?1")
            .bind_refs(&[id()])?,
        db.prepare("DELETE FROM case_words WHERE report_id = ?1")
            .bind_refs(&[id()])?,
        db.prepare("DELETE FROM cases WHERE report_id = ?1")
            .bind_refs(&[id()])?,
        db.prepare("DELETE FROM reports WHERE id = ?1")
            .bind_refs(&[id()])?,
    ];
    db.batch(statements).await?;
    Ok(())
}
