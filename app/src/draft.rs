//! The draft on this device (localStorage), and the outbox that holds a
//! report sent while offline. Nothing here leaves the device: the draft is
//! only read back by the form.
//!
//! `web_sys::Storage` directly rather than gloo-storage: the three calls
//! used are one line each, and gloo's error conversions cost the form's
//! first visit bytes it does not have (its budget is 150 kB).

use brud_shared::Report;
use serde::{Deserialize, Serialize};

/// Drafts older than this are deleted when the form opens.
pub const DRAFT_TTL_DAYS: u64 = 30;

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// What is stored for a draft; saved from a borrowed report
/// (`StoredDraft<&Report>`: a copy of the report would be a second clone
/// routine in the download), read back as one of its own.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredDraft<R = Report> {
    /// When it was saved, milliseconds since the epoch (an integer: no
    /// float parsing in the download).
    pub saved_at: u64,
    /// The step the person was on.
    pub step: usize,
    /// The report so far.
    pub report: R,
}

fn draft_key(org: &str) -> String {
    format!("brud.draft.v1.{org}")
}

fn outbox_key(org: &str) -> String {
    format!("brud.outbox.v1.{org}")
}

/// The browser's localStorage, when there is one.
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Stores `value` as JSON under `key`; whether it was stored.
fn write<T: Serialize>(key: &str, value: &T) -> bool {
    let Ok(text) = serde_json::to_string(value) else {
        return false;
    };
    local_storage().is_some_and(|storage| storage.set_item(key, &text).is_ok())
}

/// Removes `key`.
fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// Whether localStorage can be used here: it may be missing, blocked (a
/// partitioned iframe, private mode) or throw on access.
pub fn storage_available() -> bool {
    let Some(storage) = local_storage() else {
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
pub fn save<R: Serialize>(org: &str, draft: &StoredDraft<R>) -> bool {
    storage_available() && write(&draft_key(org), draft)
}

/// Deletes the draft.
pub fn delete(org: &str) {
    if storage_available() {
        remove(&draft_key(org));
    }
}

/// Keeps a report that is being sent, so a send that fails offline is not
/// lost and goes out with the same id later.
pub fn put_outbox(org: &str, report: &Report) -> bool {
    storage_available() && write(&outbox_key(org), report)
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
    let text = local_storage()?.get_item(key).ok()??;
    brud_shared::json::from_str(&text).ok()
}

/// Empties the outbox after a successful send.
pub fn clear_outbox(org: &str) {
    if storage_available() {
        remove(&outbox_key(org));
    }
}
