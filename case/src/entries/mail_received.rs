//! `mail_received`: a mail to the school's breach mailbox about the case
//! (its subject names the case's reference), added by the system
//! ([`crate::inbound`]): who wrote, the subject, the text, the attachments
//! by name. Kept on the case as a note is, in the timeline as a mail.

use serde::{Deserialize, Serialize};

use super::kind::{Applying, Entry, Who};
use brud_shared::validate::LIMIT_TEXT;

/// The mail's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailReceived {
    /// Who wrote (the sender's address).
    pub from: String,
    /// The subject.
    pub subject: String,
    /// The text, cut to a note's length.
    pub text: String,
    /// The attachments' names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<String>,
}

impl Entry for MailReceived {
    const WHO: Who = Who::System;
    const TITLE: (&'static str, &'static str) = ("Mail modtaget", "Mail received");

    fn apply(&self, applying: &mut Applying) {
        let mut note = format!("Mail fra {}: {}\n\n{}", self.from, self.subject, self.text);
        if !self.attachments.is_empty() {
            note.push_str(&format!("\n\nVedhæftet: {}", self.attachments.join(", ")));
        }
        applying
            .next
            .notes
            .push(note.chars().take(LIMIT_TEXT).collect());
    }
}
