//! `not_notified`: the decision not to notify Datatilsynet, with its
//! reasoning (the register needs it when there is no risk, too).

use serde::{Deserialize, Serialize};

use super::form::{Form, FormField, Input};
use super::kind::{refused, Applying, Entry, Who};
use crate::state::Case;
use brud_shared::problem::Problem;
use brud_shared::validate::LIMIT_TEXT;

/// The decision's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotNotified {
    /// Why the breach is unlikely to result in a risk.
    pub reasoning: String,
}

impl Entry for NotNotified {
    const WHO: Who = Who::Dpo;
    const TITLE: (&'static str, &'static str) =
        ("Besluttet ikke at anmelde", "Decided not to notify");
    const SETTLES_OBLIGATION: bool = true;
    const FORM: Option<Form> = Some(Form {
        title: ("Beslut ikke at anmelde", "Decide not to notify"),
        fields: &[FormField::required(
            "reasoning",
            (
                "Hvorfor medfører bruddet ikke en risiko?",
                "Why is there no risk?",
            ),
            Input::Area,
        )],
    });

    fn refusal(case: &Case) -> Option<Problem> {
        if case.authority.is_some() {
            refused(
                "Datatilsynet er allerede underrettet.",
                "Datatilsynet has already been notified.",
            )
        } else if case.not_notified.is_some() {
            refused(
                "Beslutningen om ikke at anmelde er allerede registreret.",
                "The decision not to notify is already recorded.",
            )
        } else {
            None
        }
    }

    fn apply(&self, applying: &mut Applying) {
        applying.text(
            &self.reasoning,
            "reasoning",
            LIMIT_TEXT,
            "Begrund hvorfor bruddet ikke anmeldes.",
            "Give the reason why the breach is not notified.",
        );
        applying.next.not_notified = Some(self.reasoning.clone());
    }
}
