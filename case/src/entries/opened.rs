//! `opened`: the report was received and the case opened (always the
//! first event, by the system). Commits the log to the report as stored:
//! the hash of the report without the reporter's name and contact, and the
//! hash of those apart, so that erasing them later (`contact_erased`)
//! leaves both verifiable ([`crate::report_matches`]).

use serde::{Deserialize, Serialize};

use super::kind::{refused, Applying, Entry, Who};
use crate::state::Case;
use brud_shared::problem::Problem;

/// The opening's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opened {
    /// SHA-256 of the report's canonical JSON with the reporter's name,
    /// e-mail and phone removed.
    pub report_sha256: String,
    /// SHA-256 of the reporter's name, e-mail and phone (canonical JSON).
    pub contact_sha256: String,
    /// SHA-256 of the assessment made at receipt (its JSON), so the risk
    /// and duties the case started from cannot be changed unseen. Absent
    /// from logs opened before the log committed to it (their hashes stay
    /// as they were).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_sha256: Option<String>,
    /// The DPO the school's profile named when the case opened: the texts
    /// drafted later name the DPO of the time. Absent from logs opened
    /// before it was kept (their texts name the profile's DPO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpo: Option<brud_shared::org::Dpo>,
    /// The report came as a mail to the school's breach mailbox
    /// ([`crate::inbound`]). Absent (false) otherwise, so that the logs of
    /// form reports hash as they did.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_mail: bool,
}

impl Entry for Opened {
    const WHO: Who = Who::System;
    const TITLE: (&'static str, &'static str) = (
        "Indberetning modtaget, sag oprettet",
        "Report received, case opened",
    );

    fn refusal(_case: &Case) -> Option<Problem> {
        refused("Sagen er allerede oprettet.", "The case is already open.")
    }

    fn apply(&self, _applying: &mut Applying) {}
}
