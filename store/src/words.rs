//! The register's search index: the words of each case's search text
//! (`case_words`, migration 0015, the domain's
//! [`brud_case::summary::search_words`]), kept in the same transaction as
//! the row they come from, and for cases written before the index by the
//! scheduled run.

use brud_case::summary::search_words;
use serde::Deserialize;

use crate::db::{Database, Statement, StoreError};

/// The two statements that replace the words of the cases in `words`
/// (JSON: each report id's words) in the search index: every case's, or
/// with `only` (a condition on `cases`), those of the cases it holds for.
pub fn replace_words(words: &str, only: Option<&str>) -> [Statement; 2] {
    let only = |column: &str| {
        only.map_or(String::new(), |condition| {
            format!(
                " AND {column} IN (SELECT report_id FROM cases
                                   WHERE report_id IN (SELECT key FROM json_each(?1))
                                     AND {condition})"
            )
        })
    };
    [
        Statement::new(format!(
            "DELETE FROM case_words
             WHERE report_id IN (SELECT key FROM json_each(?1)){}",
            only("report_id")
        ))
        .bind(words),
        Statement::new(format!(
            "INSERT OR IGNORE INTO case_words (word, report_id)
             SELECT word.value, one.key FROM json_each(?1) AS one, json_each(one.value) AS word
             WHERE one.type = 'array'{}",
            only("one.key")
        ))
        .bind(words),
    ]
}

/// Words of cases kept in one group: about 1 MB of JSON, half of what D1
/// takes in one value.
const WORDS_PER_BATCH_BYTES: usize = 1_000_000;

/// Keeps the words of up to `limit` cases written before the search index
/// (`words_kept = 0`), as the scheduled run does until none is left; how
/// many it looked at. The cases go in groups of at most about
/// [`WORDS_PER_BATCH_BYTES`] of words, each group four statements in one
/// transaction: the cases still as read (same `sequence`, words not kept)
/// are marked, their words replaced, the mark made `1`. A case written
/// meanwhile kept its own words with its write and is left alone, so an
/// older text never replaces a newer one.
pub async fn keep_missing_words(db: &impl Database, limit: u32) -> Result<usize, StoreError> {
    #[derive(Deserialize)]
    struct Row {
        report_id: String,
        search: String,
        sequence: u32,
    }
    let rows = db
        .all::<Row>(
            Statement::new(
                "SELECT report_id, search, sequence FROM cases WHERE words_kept = 0 LIMIT ?1",
            )
            .bind(limit),
        )
        .await?;
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

/// One group of [`keep_missing_words`]: `read` the (report id, sequence)
/// pairs as read, `words` each case's words by its report id (JSON).
async fn keep_words_of(db: &impl Database, read: &str, words: &str) -> Result<(), StoreError> {
    let [delete, insert] = replace_words(words, Some("words_kept = 2"));
    db.batch(vec![
        Statement::new(
            "UPDATE cases SET words_kept = 2
             WHERE words_kept = 0
               AND report_id IN (SELECT json_extract(value, '$[0]') FROM json_each(?1))
               AND sequence = (SELECT json_extract(value, '$[1]') FROM json_each(?1)
                               WHERE json_extract(value, '$[0]') = cases.report_id)",
        )
        .bind(read),
        delete,
        insert,
        Statement::new(
            "UPDATE cases SET words_kept = 1 WHERE words_kept = 2
               AND report_id IN (SELECT json_extract(value, '$[0]') FROM json_each(?1))",
        )
        .bind(read),
    ])
    .await?;
    Ok(())
}
