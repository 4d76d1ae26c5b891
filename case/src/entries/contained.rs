//! `contained`: the incident is stopped or contained (the Kulturskole's
//! "Er ulykken standset og hvordan?").

use serde::{Deserialize, Serialize};

use super::form::{Form, FormField, Input};
use super::kind::{refused, Applying, Entry, Who};
use crate::state::Case;
use brud_shared::problem::Problem;
use brud_shared::validate::LIMIT_TEXT;

/// The containment's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contained {
    /// How.
    #[serde(default)]
    pub note: Option<String>,
}

impl Entry for Contained {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) = ("Bruddet er stoppet", "Breach contained");
    const FORM: Option<Form> = Some(Form {
        title: ("Bruddet er stoppet", "The breach is contained"),
        fields: &[FormField::optional(
            "note",
            ("Hvordan (valgfrit)", "How (optional)"),
            Input::Area,
        )],
    });

    fn refusal(case: &Case) -> Option<Problem> {
        case.contained_at.and(refused(
            "Bruddet er allerede registreret som stoppet.",
            "The breach is already recorded as contained.",
        ))
    }

    fn apply(&self, applying: &mut Applying) {
        applying.optional_text(&self.note, "note", LIMIT_TEXT);
        applying.next.contained_at = Some(applying.at);
    }
}
