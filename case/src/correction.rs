//! The dismissal of a report that is not a breach to handle, as the case
//! keeps it (the entry itself is [`crate::entries::dismissed`]).
//!
//! A dismissal ([`DismissalReason`], recorded as `dismissed` by the DPO)
//! closes a case that is not a personal-data breach, a duplicate of
//! another case or junk: no obligations, no reminders, listed in the
//! register as dismissed and left out of the board's figures.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use brud_shared::labelled_enum;

labelled_enum! {
    /// Why a report is dismissed rather than handled as a breach.
    pub enum DismissalReason {
        /// What happened is not a personal-data breach (no personal data,
        /// or no breach of its security).
        NotABreach => ("Ikke et brud på persondatasikkerheden", "Not a personal-data breach"),
        /// The same breach is already a case (named in `duplicate_of`).
        Duplicate => ("Dublet af en anden sag", "Duplicate of another case"),
        /// Junk or misuse of the form.
        Junk => ("Spam eller misbrug af formularen", "Junk or misuse of the form"),
    }
}

/// A case's dismissal, while it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dismissal {
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub reason: DismissalReason,
    /// The case it duplicates (its reference), for a duplicate.
    pub duplicate_of: Option<String>,
    /// The DPO's note.
    pub note: String,
}
