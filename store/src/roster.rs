//! The school's roster as the DPO keeps it on the desk (`staff_changes`):
//! the latest change per address, written in the batch that signs it into
//! the school's own log. The roster in force is the configured one with
//! these applied ([`brud_case::roster::in_force`]); since only an address's
//! latest change counts, applying them in the order of their log entries
//! gives the same roster as applying every change ever made.
//!
//! Two DPOs changing the roster at once both sign the school log's next
//! entry: its key (`org`, `sequence`) lets one batch through and fails the
//! other, so no change is decided against a roster that has moved.

use brud_case::roster::StaffChange;
use brud_shared::org::StaffRole;
use serde::Deserialize;

use crate::db::{Database, Statement, StoreError};

#[derive(Deserialize)]
struct Row {
    org: String,
    email: String,
    role: Option<StaffRole>,
}

impl Row {
    fn change(self) -> StaffChange {
        StaffChange {
            email: self.email,
            role: self.role,
        }
    }
}

/// The changes to `org`'s roster, in the order they were made.
pub async fn changes(db: &impl Database, org: &str) -> Result<Vec<StaffChange>, StoreError> {
    let rows: Vec<Row> = db
        .all(
            Statement::new(
                "SELECT org, email, role FROM staff_changes WHERE org = ?1 ORDER BY log_sequence",
            )
            .bind(org),
        )
        .await?;
    Ok(rows.into_iter().map(Row::change).collect())
}

/// The changes made for `email` (in lower case) in any school: each
/// school's id with its change.
pub async fn changes_for(
    db: &impl Database,
    email: &str,
) -> Result<Vec<(String, StaffChange)>, StoreError> {
    let rows: Vec<Row> = db
        .all(
            Statement::new("SELECT org, email, role FROM staff_changes WHERE email = ?1")
                .bind(email.trim().to_lowercase()),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.org.clone(), row.change()))
        .collect())
}

/// Records `change` to `org`'s roster, signed as the school log's entry
/// `log_sequence`; for the batch that stores that entry.
pub fn change_statement(org: &str, change: &StaffChange, log_sequence: u32) -> Statement {
    let change = change.normalised();
    Statement::new(
        "INSERT INTO staff_changes (org, email, role, log_sequence) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (org, email) DO UPDATE SET role = excluded.role, log_sequence = excluded.log_sequence",
    )
    .bind(org)
    .bind(change.email)
    .bind(change.role.map(|role| role.as_str()))
    .bind(log_sequence)
}
