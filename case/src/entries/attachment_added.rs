//! `attachment_added`: a file kept on the case (Datatilsynet's receipt, a
//! screenshot, the misdirected mail, a mail's attachment), by a leader or
//! the DPO on the desk, or by Brud for a file that came with a mail. The
//! log keeps its id, name, size, type and SHA-256, so the file downloaded
//! later can be checked against the signed log; the bytes are in the
//! Worker's bucket ([`crate::evidence`]).

use serde::{Deserialize, Serialize};

use super::kind::{Applying, Entry, Who};
pub use crate::evidence::StoredFile;
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::validate::LIMIT_TEXT;

/// The entry's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentAdded {
    /// The file.
    #[serde(flatten)]
    pub file: StoredFile,
    /// What it is, in a few words (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The file is Datatilsynet's receipt for the case's notification
    /// (from Virk: the school's only proof of what was notified, and
    /// when); the notification then names it
    /// ([`crate::state::AuthorityNotification::receipt`]). Only once the
    /// notification is recorded; a later receipt (a follow-up's) replaces
    /// it as the latest.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub authority_receipt: bool,
}

impl Entry for AttachmentAdded {
    const WHO: Who = Who::LeaderDpoOrSystem;
    const TITLE: (&'static str, &'static str) = ("Fil tilføjet", "File added");
    const OWN_ROUTE: bool = true;

    fn offered(_case: &crate::state::Case, _org: Option<&brud_shared::org::OrgProfile>) -> bool {
        false
    }

    fn apply(&self, applying: &mut Applying) {
        let file = &self.file;
        let hex = file.sha256.len() == 64 && file.sha256.bytes().all(|b| b.is_ascii_hexdigit());
        if file.id.is_empty() || file.name.is_empty() || file.size == 0 || !hex {
            applying.problem(Problem::new(
                "file",
                ProblemCode::InvalidValue,
                "Filen mangler id, navn, størrelse eller SHA-256.",
                "The file lacks its id, name, size or SHA-256.",
            ));
        }
        if applying
            .before
            .attachments
            .iter()
            .any(|known| known.id == file.id)
        {
            applying.problem(Problem::new(
                "file",
                ProblemCode::InvalidValue,
                "Filen er allerede på sagen.",
                "The file is on the case already.",
            ));
        }
        if let Some(note) = &self.note {
            if note.chars().count() > LIMIT_TEXT {
                applying.problem(Problem::too_long("note", LIMIT_TEXT, note.chars().count()));
            }
        }
        if self.authority_receipt {
            match applying.next.authority.as_mut() {
                Some(notification) => notification.receipt = Some(file.id.clone()),
                None => applying.problem(Problem::new(
                    "authority_receipt",
                    ProblemCode::NotAllowed,
                    "Registrér anmeldelsen til Datatilsynet, før kvitteringen lægges på.",
                    "Record the notification to Datatilsynet before adding its receipt.",
                )),
            }
        }
        applying.next.attachments.push(file.clone());
    }
}
