//! `note`: a note on the case (the desk has a place of its own for it).

use serde::{Deserialize, Serialize};

use super::kind::{Applying, Entry, Who};
use brud_shared::validate::LIMIT_TEXT;

/// The note's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The note.
    pub text: String,
}

impl Entry for Note {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) = ("Note", "Note");

    fn apply(&self, applying: &mut Applying) {
        applying.text(
            &self.text,
            "text",
            LIMIT_TEXT,
            "Skriv noten.",
            "Enter the note.",
        );
        applying.next.notes.push(self.text.clone());
    }
}
