//! The draft on this device (localStorage through gloo-storage), and the
//! outbox that holds a report sent while offline. Nothing here leaves the
//! device: the draft is only read back by the form.

use brud_shared::Report;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

/// Drafts older than this are deleted when the form opens.
pub const DRAFT_TTL_DAYS: u64 = 30;

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// What is stored for a draft.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredDraft {
    /// When it was saved, milliseconds since the epoch (an integer: no
    /// float parsing in the download).
    pub saved_at: u64,
    /// The step the person was on.
    pub step: usize,
    /// The report so far.
    pub report: Report,
}

fn draft_key(org: &str) -> String {
    format!("brud.draft.v1.{org}")
}

fn outbox_key(org: &str) -> String {
    format!("brud.outbox.v1.{org}")
}

/// Whether localStorage can be used here: it may be missing, blocked (a
/// partitioned iframe, private mode) or throw on access.
pub fn storage_available() -> bool {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return false;
    };
    let probe = "brud.probe";
    storage.set_item(probe, "1").is_ok() && storage.remove_item(probe).is_ok()
}

/// The saved draft, unless it is missing, unreadable or expired (then it is
/// deleted).
pub fn load(org: &str, now_ms: u64) -> Option<StoredDraft> {
    if !storage_available() {
        return None;
    }
    let draft: StoredDraft = read(&draft_key(org))?;
    // A draft from the future (the clock was changed) counts as expired.
    let fresh = now_ms
        .checked_sub(draft.saved_at)
        .is_some_and(|age| age <= DRAFT_TTL_DAYS * 86_400_000);
    if !fresh {
        delete(org);
        return None;
    }
    Some(draft)
}

/// Saves the draft; false when the device cannot keep it (full or blocked).
pub fn save(org: &str, draft: &StoredDraft) -> bool {
    storage_available() && LocalStorage::set(draft_key(org), draft).is_ok()
}

/// Deletes the draft.
pub fn delete(org: &str) {
    if storage_available() {
        LocalStorage::delete(draft_key(org));
    }
}

/// Keeps a report that is being sent, so a send that fails offline is not
/// lost and goes out with the same id later.
pub fn put_outbox(org: &str, report: &Report) -> bool {
    storage_available() && LocalStorage::set(outbox_key(org), report).is_ok()
}

/// The report waiting to be sent, if any.
pub fn outbox(org: &str) -> Option<Report> {
    if !storage_available() {
        return None;
    }
    read(&outbox_key(org))
}

/// Reads a stored value with the lean decoder (`brud_shared::json`, much
/// smaller in the download than gloo-storage's serde_json read); `None`
/// when missing or unreadable.
fn read<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    let text = LocalStorage::raw().get_item(key).ok()??;
    brud_shared::json::from_str(&text).ok()
}

/// Empties the outbox after a successful send.
pub fn clear_outbox(org: &str) {
    if storage_available() {
        LocalStorage::delete(outbox_key(org));
    }
}
