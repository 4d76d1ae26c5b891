//! The next entry of a school's own log ([`brud_case::school_log`]): the
//! board's approvals, the DPO's discards of held reports and the cases
//! deleted at the end of their retention, each linked to the last entry and
//! signed by the log key, for the caller to store in the batch that does
//! what it records, then to move the log's high-water mark
//! ([`SignedEntry::marked`]).

use brud_case::chain::SignedHead;
use brud_case::school_log::{self, SchoolEntryKind, StoredSchoolEntry};
use chrono::{DateTime, Utc};
use worker::Env;

use crate::error::ApiError;
use crate::high_water::Marks;
use crate::log_key::LogKey;

/// An entry of the school's log, signed, with its signed head.
pub struct SignedEntry {
    /// The entry to store.
    pub entry: StoredSchoolEntry,
    /// The school's log head at it, signed.
    pub head: SignedHead,
}

impl SignedEntry {
    /// Moves the school log's high-water mark on, once the entry is stored.
    pub async fn marked(&self, env: &Env) {
        Marks::from_env(env).advance(&self.head).await;
    }
}

/// The next entry of `org`'s own log, `kind` by `actor` at `at`, linked to
/// the last one stored and signed by the log key.
pub async fn signed_school_entry(
    env: &Env,
    db: &impl brud_store::Database,
    org: &str,
    kind: SchoolEntryKind,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<SignedEntry, ApiError> {
    let key = LogKey::from_env(env).await?;
    let last = brud_store::control::school_log_last(db, org).await?;
    let (mut entry, head) = school_log::append(org, last.as_ref(), kind, actor, at);
    let signature = key.sign(&head).await?;
    entry.signature = Some(signature.clone());
    Ok(SignedEntry {
        entry,
        head: SignedHead { head, signature },
    })
}
