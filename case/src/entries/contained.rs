//! `contained`: the incident is stopped or contained (the Kulturskole's
//! "Er ulykken standset og hvordan?").

use chrono::{DateTime, Utc};
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
    /// When it was stopped, as the person recording it says (the texts
    /// give this time, not the entry's); absent in entries made before it
    /// was asked, which stand for the entry's time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contained_at: Option<DateTime<Utc>>,
}

impl Entry for Contained {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) = ("Bruddet er stoppet", "Breach contained");
    const FORM: Option<Form> = Some(Form {
        title: ("Bruddet er stoppet", "The breach is contained"),
        fields: &[
            FormField::required(
                "contained_at",
                ("Hvornår blev det stoppet?", "When was it stopped?"),
                Input::When,
            ),
            FormField::optional(
                "note",
                ("Hvordan (valgfrit)", "How (optional)"),
                Input::Area,
            ),
        ],
    });

    fn refusal(case: &Case) -> Option<Problem> {
        case.contained_at.and(refused(
            "Bruddet er allerede registreret som stoppet.",
            "The breach is already recorded as contained.",
        ))
    }

    fn apply(&self, applying: &mut Applying) {
        applying.optional_text(&self.note, "note", LIMIT_TEXT);
        let at = self.contained_at.unwrap_or(applying.at);
        applying.not_after_now(at, "contained_at");
        let occurred = applying.before.report.timeline.occurred.as_ref();
        if occurred
            .and_then(|o| o.at.or(o.from))
            .is_some_and(|from| at < from.utc())
        {
            applying.not_allowed(
                "contained_at",
                "Bruddet kan ikke være stoppet, før det skete. Tjek tidspunktet.",
                "The breach cannot have been stopped before it happened. Check the time.",
            );
        }
        applying.next.contained_at = Some(at);
        applying.next.contained_how = self
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
    }
}
