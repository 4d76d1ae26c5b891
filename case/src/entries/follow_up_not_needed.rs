//! `follow_up_not_needed`: the DPO's reasoning why a preliminary
//! notification needs no complete follow-up (what was promised turned out
//! not to exist, or the first notification said all there is).

use serde::{Deserialize, Serialize};

use super::form::{Form, FormField, Input};
use super::kind::{refused, Applying, Entry, Who};
use crate::state::Case;
use brud_shared::problem::Problem;
use brud_shared::validate::LIMIT_TEXT;

/// The reasoning's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpNotNeeded {
    /// Why.
    pub reasoning: String,
}

impl Entry for FollowUpNotNeeded {
    const WHO: Who = Who::Dpo;
    const TITLE: (&'static str, &'static str) = (
        "Ingen supplerende anmeldelse nødvendig",
        "No further follow-up needed",
    );
    const SETTLES_OBLIGATION: bool = true;
    const FORM: Option<Form> = Some(Form {
        title: (
            "Ingen supplerende anmeldelse nødvendig",
            "No further follow-up needed",
        ),
        fields: &[FormField::required(
            "reasoning",
            (
                "Hvorfor er den foreløbige anmeldelse nok?",
                "Why is the preliminary notification enough?",
            ),
            Input::Area,
        )],
    });

    fn refusal(case: &Case) -> Option<Problem> {
        let waiting = case
            .authority
            .as_ref()
            .is_some_and(|made| !made.complete && made.follow_up_waived.is_none());
        (!waiting).then_some(()).and(refused(
            "Der er ingen foreløbig anmeldelse, der venter på en supplerende.",
            "There is no preliminary notification waiting for a follow-up.",
        ))
    }

    fn apply(&self, applying: &mut Applying) {
        applying.text(
            &self.reasoning,
            "reasoning",
            LIMIT_TEXT,
            "Begrund hvorfor ingen supplerende anmeldelse er nødvendig.",
            "Give the reason why no further follow-up is needed.",
        );
        // Without a preliminary notification, the state refuses it.
        if let Some(made) = &mut applying.next.authority {
            made.follow_up_waived = Some(self.reasoning.clone());
        }
    }
}
