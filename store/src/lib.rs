//! The Worker's store: every SQL statement Brud runs, split by what it
//! stores, behind one small interface ([`Database`]) with two
//! implementations on the same migrations (`migrations/`): D1 in the
//! Worker (feature `d1`) and SQLite on the host (feature `sqlite`, for the
//! tests and the benchmark's seed). Every value written is the domain's
//! (`brud-case` makes the whole write of an event, [`brud_case::write`]);
//! the store turns it into statements and rows back into the domain's
//! types. Time is always passed in.
//!
//! The modules, bottom-up: [`db`] (statements, the interface);
//! [`words`] and [`notices`] (the search index, the notice outbox);
//! [`cases`] (the log and the case's row, written together); [`reports`]
//! (reports and their delivery, a report stored with its case in one
//! transaction); [`list`] (the register's pages), [`control`] (the board's
//! figures and approvals), [`flood`] (the mail cap and the ceiling's
//! alert), [`held`] (reports held instead of refused), [`roster`] (the staff the DPO keeps), [`upkeep`] (what the scheduled run asks).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cases;
pub mod control;
#[cfg(feature = "d1")]
pub mod d1;
pub mod db;
pub mod flood;
pub mod held;
pub mod list;
pub mod notices;
pub mod reports;
pub mod roster;
#[cfg(feature = "sqlite")]
pub mod sqlite;
pub mod upkeep;
pub mod words;

pub use db::{Database, Rows, Statement, StoreError, Value};
