//! The register's list: one page of cases in the desk's order with their
//! count, filtered and searched, read from the indexes written for it
//! (migrations 0007, 0014 and 0015); and the register's rows page by page
//! for the exports.

use brud_case::desk::{ListFilter, ListOrder, PageWindow};
use brud_case::register::RegisterRow;
use brud_case::summary::{search_key, CaseSummary};
use brud_shared::WireName;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::db::{Database, Rows, Statement, StoreError, Value};

/// The list's `FROM … WHERE …` and its parameters, with a condition only
/// for each filter given. An optional filter written into the SQL as
/// `(?n IS NULL OR …)` keeps SQLite from reading a school's cases in the
/// list's order from its index: it then reads every row of the school and
/// sorts them, ten times the work at ten times the cases. One school is
/// `org = ?`, so the index gives the order; several (a shared DPO's) are
/// looked up together and sorted.
fn list_filter(
    orgs: &[&str],
    query: &ListFilter,
    word_range: Option<&(String, String)>,
    now: DateTime<Utc>,
) -> Result<(String, Vec<Value>), StoreError> {
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
            params.push(Value::from(*one));
        }
        _ => {
            sql.push_str("org IN (SELECT value FROM json_each(?))");
            params.push(serde_json::to_string(orgs)?.into());
        }
    }
    let mut and = |condition: &str, values: Vec<Value>| {
        sql.push_str(" AND ");
        sql.push_str(condition);
        params.extend(values);
    };
    if let Some(year) = query.year {
        and("year = ?", vec![year.into()]);
    }
    if let Some(status) = query.status {
        and("status = ?", vec![status.as_str().into()]);
    }
    if let Some(risk) = query.risk {
        and("risk = ?", vec![risk.wire_name().into()]);
    }
    match query.overdue {
        // Overdue at `now` is `now` after the domain's `overdue_from`.
        Some(true) => and("overdue_from < ?", vec![now.into()]),
        Some(false) => and(
            "(overdue_from IS NULL OR overdue_from >= ?)",
            vec![now.into()],
        ),
        None => {}
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
                vec![key.into(), end.into()],
            );
        }
        and("instr(search, ?) > 0", vec![q.into()]);
    }
    Ok((sql, params))
}

/// The list's `ORDER BY`: the columns of the domain's sort keys
/// ([`CaseSummary::deadline_key`], [`CaseSummary::newest_key`]), as their
/// indexes are written (migration 0017) so that SQLite reads the index
/// instead of sorting; `reversed` reads the same index from its end.
fn list_order(order: ListOrder, reversed: bool) -> &'static str {
    match (order, reversed) {
        (ListOrder::Deadline, false) => "deadline_group, deadline_at, reference",
        (ListOrder::Deadline, true) => "deadline_group DESC, deadline_at DESC, reference DESC",
        (ListOrder::Newest, false) => "opened_at DESC, number DESC",
        (ListOrder::Newest, true) => "opened_at, number",
    }
}

/// The search's key word and the end of the range of words it begins (the
/// largest character after it).
fn word_range(query: &ListFilter) -> Option<(String, String)> {
    query
        .q
        .as_deref()
        .and_then(search_key)
        .map(|key| (key.clone(), format!("{key}\u{10FFFF}")))
}

/// The statement that counts the cases of `orgs` the filter lets through
/// at `now`.
pub fn count_statement(
    orgs: &[&str],
    query: &ListFilter,
    now: DateTime<Utc>,
) -> Result<Statement, StoreError> {
    let (filter, params) = list_filter(orgs, query, word_range(query).as_ref(), now)?;
    Ok(Statement {
        sql: format!("SELECT COUNT(*) AS total {filter}").into(),
        params,
    })
}

/// The statement that reads the page `window` of the cases of `orgs` the
/// filter lets through at `now`, in its order.
pub fn page_statement(
    orgs: &[&str],
    query: &ListFilter,
    window: &PageWindow,
    now: DateTime<Utc>,
) -> Result<Statement, StoreError> {
    let (filter, mut params) = list_filter(orgs, query, word_range(query).as_ref(), now)?;
    params.push(window.limit.into());
    params.push(window.offset.into());
    Ok(Statement {
        sql: format!(
            "SELECT org, summary {filter} ORDER BY {} LIMIT ? OFFSET ?",
            list_order(query.order, window.reversed)
        )
        .into(),
        params,
    })
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

fn read_rows(rows: &impl Rows, reversed: bool) -> Result<Vec<(String, CaseSummary)>, StoreError> {
    let mut rows = rows
        .rows::<ListRow>()?
        .into_iter()
        .map(|row| Ok((row.org, serde_json::from_str(&row.summary)?)))
        .collect::<Result<Vec<_>, StoreError>>()?;
    if reversed {
        rows.reverse();
    }
    Ok(rows)
}

fn total_of(rows: &impl Rows) -> Result<u32, StoreError> {
    Ok(rows.first::<CountRow>()?.map_or(0, |row| row.total))
}

/// One page of the cases of `orgs` in the filter's order (by deadline:
/// open ones first, each by deadline, soonest first and none last; or
/// newest first), each with its organisation, and how many match in all.
/// The first page is read with the count in one batch; a later one once
/// the count says from which end it is nearer ([`PageWindow`]).
pub async fn list(
    db: &impl Database,
    orgs: &[&str],
    query: &ListFilter,
    now: DateTime<Utc>,
) -> Result<(u32, Vec<(String, CaseSummary)>), StoreError> {
    let count = count_statement(orgs, query, now)?;
    if query.page <= 1 {
        let first = PageWindow {
            reversed: false,
            offset: 0,
            limit: query.per_page,
        };
        let results = db
            .batch(vec![count, page_statement(orgs, query, &first, now)?])
            .await?;
        return Ok((total_of(&results[0])?, read_rows(&results[1], false)?));
    }
    let total = total_of(&db.run(count).await?)?;
    let Some(window) = PageWindow::of(query.page, query.per_page, total) else {
        return Ok((total, Vec::new()));
    };
    let rows = db.run(page_statement(orgs, query, &window, now)?).await?;
    Ok((total, read_rows(&rows, window.reversed)?))
}

/// The statement that reads at most `limit` register rows of `org`'s
/// cases after reference `after` (from the first when `None`), in
/// reference order; one year's when given. Conditions only for what is
/// given, so the page is a range of the (org, reference) index.
pub fn register_page_statement(
    org: &str,
    year: Option<i32>,
    after: Option<&str>,
    limit: u32,
) -> Statement {
    let mut statement = Statement::new(String::new()).bind(org);
    let mut sql = String::from("SELECT reference, register, summary FROM cases WHERE org = ?");
    if let Some(year) = year {
        sql.push_str(" AND year = ?");
        statement = statement.bind(year);
    }
    if let Some(after) = after {
        sql.push_str(" AND reference > ?");
        statement = statement.bind(after);
    }
    sql.push_str(" ORDER BY reference LIMIT ?");
    statement.sql = sql.into();
    statement.bind(limit)
}

/// At most `limit` register rows of the organisation's cases after
/// reference `after` ([`register_page_statement`]), each with its
/// reference and list row. The CSV export reads the register page by page
/// with it, so that no request holds a municipality's ten years at once;
/// the JSON export reads it whole (`limit` `u32::MAX`).
pub async fn register_page(
    db: &impl Database,
    org: &str,
    year: Option<i32>,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<(String, RegisterRow, CaseSummary)>, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        reference: String,
        register: String,
        summary: String,
    }
    db.all::<Row>(register_page_statement(org, year, after, limit))
        .await?
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
