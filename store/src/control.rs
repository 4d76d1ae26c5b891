//! The board's control report: a year's cases counted by what the figures
//! count of them (their class, migration 0016), the facts of the cases the
//! report names, the median time to notify from the middle of the kept
//! minutes; the board's approvals (`control_approvals`), each with the
//! report as approved and its entry in the school's own signed log
//! (`school_log`); and the facts made again from the logs where a row has
//! none.

use brud_case::chain::Signature;
use brud_case::control::{
    median_of_window, median_window, Approval, ControlClass, ControlFacts, YearFacts,
};
use brud_case::school_log::StoredSchoolEntry;
use brud_shared::OrgProfile;
use serde::Deserialize;

use crate::cases::{stored_events, CaseHead, EventRow, ReadError};
use crate::db::{stored_at, Database, Rows, Statement, StoreError};

/// The statement that counts `org`'s cases of `year` by class.
pub fn classes_statement(org: &str, year: i32) -> Statement {
    Statement::new(
        "SELECT control_class AS class, COUNT(*) AS n FROM cases
         WHERE org = ?1 AND year = ?2 AND control_class IS NOT NULL
         GROUP BY control_class",
    )
    .bind(org)
    .bind(year)
}

/// The statement that reads the facts of `org`'s cases of `year` that the
/// report names.
pub fn listed_statement(org: &str, year: i32) -> Statement {
    Statement::new(
        "SELECT control, control_class IS NULL AS unclassed FROM cases
         WHERE org = ?1 AND year = ?2 AND control_listed = 1
         ORDER BY reference",
    )
    .bind(org)
    .bind(year)
}

/// The statement that reads the `count` minutes to notify from `offset`
/// in order, of the cases of `orgs` (JSON) of `year`.
pub fn minutes_statement(orgs_json: &str, year: i32, count: usize, offset: usize) -> Statement {
    Statement::new(
        "SELECT notify_minutes AS minutes FROM cases
         WHERE org IN (SELECT value FROM json_each(?1)) AND year = ?2
           AND notify_minutes IS NOT NULL
         ORDER BY notify_minutes LIMIT ?3 OFFSET ?4",
    )
    .bind(orgs_json)
    .bind(year)
    .bind(count)
    .bind(offset)
}

/// The control report's facts of `year` for `orgs` together (one school,
/// or a shared DPO's schools): the cases counted by class, the facts of
/// those the report names, the median time to notify read from the middle
/// of the kept minutes. While a case of the year has no class yet (written
/// before classes were kept), every case's facts are read instead
/// ([`YearFacts::of`]).
pub async fn year_facts(
    db: &impl Database,
    orgs: &[&OrgProfile],
    year: i32,
) -> Result<YearFacts, ReadError> {
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
        statements.push(classes_statement(&org.id, year));
        statements.push(listed_statement(&org.id, year));
    }
    let results = db.batch(statements).await?;
    let mut classes = Vec::new();
    let mut listed = Vec::new();
    for pair in results.chunks(2) {
        for row in pair[0].rows::<ClassRow>()? {
            classes.push((serde_json::from_str::<ControlClass>(&row.class)?, row.n));
        }
        listed.extend(pair[1].rows::<ListedRow>()?);
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
        let window: Vec<i64> = db
            .all::<MinutesRow>(minutes_statement(
                &serde_json::to_string(&ids)?,
                year,
                count,
                offset,
            ))
            .await?
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
    db: &impl Database,
    org: &OrgProfile,
    year: i32,
) -> Result<Vec<ControlFacts>, ReadError> {
    #[derive(Deserialize)]
    struct Row {
        control: Option<String>,
    }
    let rows = db
        .all::<Row>(
            Statement::new("SELECT control FROM cases WHERE org = ?1 AND year = ?2")
                .bind(&org.id)
                .bind(year),
        )
        .await?;
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
            let case = head.rebuild(&stored_events(&rows)?, org)?;
            facts.push(ControlFacts::of(&head.reference, &case, Some(org)));
        }
    }
    Ok(facts)
}

/// Every case opened in `year` with its log (for rebuilding the control
/// facts of rows that have none).
async fn logs_of_year(
    db: &impl Database,
    org: &str,
    year: i32,
) -> Result<Vec<(CaseHead, Vec<EventRow>)>, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        report_id: String,
        sequence: u32,
        event: String,
        hash: String,
    }
    let heads = Statement::new(
        "SELECT c.report_id, c.org, c.reference, c.year, r.report, r.assessment, r.contact_salt
         FROM cases c JOIN reports r ON r.id = c.report_id
         WHERE c.org = ?1 AND c.year = ?2 ORDER BY c.report_id",
    )
    .bind(org)
    .bind(year);
    let events = Statement::new(
        "SELECT e.report_id, e.sequence, e.event, e.hash FROM case_events e
         JOIN cases c ON c.report_id = e.report_id
         WHERE c.org = ?1 AND c.year = ?2 ORDER BY e.report_id, e.sequence",
    )
    .bind(org)
    .bind(year);
    let results = db.batch(vec![heads, events]).await?;
    let mut logs: Vec<(CaseHead, Vec<EventRow>)> = results[0]
        .rows::<CaseHead>()?
        .into_iter()
        .map(|head| (head, Vec::new()))
        .collect();
    let mut index = 0;
    for row in results[1].rows::<Row>()? {
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

/// Gives up to `limit` cases written before control classes were kept
/// (migration 0016) theirs, from the facts on their rows; how many it
/// looked at. A row an event rewrote meanwhile has its class already and
/// is left as it is.
pub async fn keep_missing_classes(db: &impl Database, limit: u32) -> Result<usize, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        report_id: String,
        control: String,
    }
    let rows = db
        .all::<Row>(
            Statement::new(
                "SELECT report_id, control FROM cases
                 WHERE control_class IS NULL AND control IS NOT NULL LIMIT ?1",
            )
            .bind(limit),
        )
        .await?;
    let mut statements = Vec::with_capacity(rows.len());
    for row in &rows {
        let facts: ControlFacts = serde_json::from_str(&row.control)?;
        statements.push(
            Statement::new(
                "UPDATE cases SET control_class = ?2, control_listed = ?3, notify_minutes = ?4
                 WHERE report_id = ?1 AND control_class IS NULL",
            )
            .bind(&row.report_id)
            .bind(serde_json::to_string(&facts.class())?)
            .bind(facts.is_listed())
            .bind(facts.minutes_to_notify()),
        );
    }
    if !statements.is_empty() {
        db.batch(statements).await?;
    }
    Ok(rows.len())
}

/// The board's approvals of `org`'s control reports, newest first.
pub async fn approvals(db: &impl Database, org: &str) -> Result<Vec<Approval>, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        year: i32,
        approved_at: f64,
        approved_by: String,
        report_sha256: String,
        note: String,
    }
    let rows = db
        .all::<Row>(
            Statement::new(
                "SELECT year, approved_at, approved_by, report_sha256, note FROM control_approvals
                 WHERE org = ?1 ORDER BY approved_at DESC",
            )
            .bind(org),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| Approval {
            year: row.year,
            approved_at: stored_at(row.approved_at),
            approved_by: row.approved_by,
            report_sha256: row.report_sha256,
            note: row.note,
        })
        .collect())
}

/// The report `org`'s board approved with hash `sha256`, as approved (its
/// JSON as stored); `None` when no approval kept it.
pub async fn approved_report(
    db: &impl Database,
    org: &str,
    sha256: &str,
) -> Result<Option<String>, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        report: Option<String>,
    }
    let row = db
        .first::<Row>(
            Statement::new(
                "SELECT report FROM control_approvals
                 WHERE org = ?1 AND report_sha256 = ?2 AND report IS NOT NULL
                 ORDER BY approved_at DESC LIMIT 1",
            )
            .bind(org)
            .bind(sha256),
        )
        .await?;
    Ok(row.and_then(|row| row.report))
}

/// The newest entry of `org`'s own log, to append after.
pub async fn school_log_last(
    db: &impl Database,
    org: &str,
) -> Result<Option<StoredSchoolEntry>, ReadError> {
    Ok(school_log(db, org).await?.pop())
}

/// `org`'s own log, in order.
pub async fn school_log(
    db: &impl Database,
    org: &str,
) -> Result<Vec<StoredSchoolEntry>, ReadError> {
    #[derive(Deserialize)]
    struct Row {
        entry: String,
        hash: String,
        signature: Option<String>,
    }
    let rows = db
        .all::<Row>(
            Statement::new(
                "SELECT entry, hash, signature FROM school_log WHERE org = ?1 ORDER BY sequence",
            )
            .bind(org),
        )
        .await?;
    rows.into_iter()
        .map(|row| {
            Ok(StoredSchoolEntry {
                entry: serde_json::from_str(&row.entry)?,
                hash: row.hash,
                signature: row.signature.as_deref().and_then(Signature::from_column),
            })
        })
        .collect()
}

/// The statement that appends `entry` (signed) to `org`'s own log; refused
/// by the log's key when another entry took its place meanwhile.
pub fn school_log_statement(org: &str, entry: &StoredSchoolEntry) -> Result<Statement, StoreError> {
    let signature = entry.signature.as_ref().map(Signature::to_column);
    Ok(Statement::new(
        "INSERT INTO school_log (org, sequence, entry, hash, signature) VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(org)
    .bind(entry.entry.sequence)
    .bind(serde_json::to_string(&entry.entry)?)
    .bind(&entry.hash)
    .bind(signature))
}

/// Records the board's approval `approval` of `org`'s report, keeping the
/// report as approved (`report_json`, whose SHA-256 the approval names)
/// and its signed entry in the school's own log, in one batch. Refused by
/// the store (the log's key) when another entry took its place meanwhile.
pub async fn approve(
    db: &impl Database,
    org: &str,
    approval: &Approval,
    report_json: &str,
    entry: &StoredSchoolEntry,
) -> Result<(), StoreError> {
    db.batch(vec![
        school_log_statement(org, entry)?,
        Statement::new(
            "INSERT INTO control_approvals
               (org, year, approved_at, approved_by, report_sha256, note, report, log_sequence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(org)
        .bind(approval.year)
        .bind(approval.approved_at)
        .bind(&approval.approved_by)
        .bind(&approval.report_sha256)
        .bind(&approval.note)
        .bind(report_json)
        .bind(entry.entry.sequence),
    ])
    .await?;
    Ok(())
}

/// Makes the control facts of up to `limit` cases that have none (rows
/// from before they were kept, or whose facts were cleared to be made
/// again: migration 0018) from their logs, with their class; how many it
/// looked at. `profile` gives each case's organisation.
pub async fn keep_missing_facts(
    db: &impl Database,
    profile: impl Fn(&str) -> OrgProfile,
    limit: u32,
) -> Result<usize, ReadError> {
    #[derive(Deserialize)]
    struct Row {
        org: String,
        reference: String,
    }
    let rows = db
        .all::<Row>(
            Statement::new("SELECT org, reference FROM cases WHERE control IS NULL LIMIT ?1")
                .bind(limit),
        )
        .await?;
    let mut statements = Vec::with_capacity(rows.len());
    for row in &rows {
        let org = profile(&row.org);
        let Some(loaded) = crate::cases::load(db, &org, &row.reference).await? else {
            continue;
        };
        let facts = ControlFacts::of(&row.reference, loaded.case(), Some(&org));
        statements.push(
            Statement::new(
                "UPDATE cases SET control = ?2, control_class = ?3, control_listed = ?4,
                   notify_minutes = ?5
                 WHERE report_id = ?1 AND control IS NULL",
            )
            .bind(&loaded.head.report_id)
            .bind(serde_json::to_string(&facts)?)
            .bind(serde_json::to_string(&facts.class())?)
            .bind(facts.is_listed())
            .bind(facts.minutes_to_notify()),
        );
    }
    if !statements.is_empty() {
        db.batch(statements).await?;
    }
    Ok(rows.len())
}
