//! `reopened`: a closed case is opened again, with why.

use serde::{Deserialize, Serialize};

use super::form::{Form, FormField, Input};
use super::kind::{refused, Applying, Entry, Who};
use crate::state::Case;
use brud_shared::problem::Problem;
use brud_shared::validate::LIMIT_TEXT;

/// The reopening's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reopened {
    /// Why.
    pub reason: String,
}

impl Entry for Reopened {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) = ("Sagen er genåbnet", "Case reopened");
    const FORM: Option<Form> = Some(Form {
        title: ("Genåbn sagen", "Reopen the case"),
        fields: &[FormField::required(
            "reason",
            ("Hvorfor?", "Why?"),
            Input::Area,
        )],
    });

    fn refusal(case: &Case) -> Option<Problem> {
        case.closed
            .is_none()
            .then_some(())
            .and(refused("Sagen er ikke lukket.", "The case is not closed."))
    }

    fn apply(&self, applying: &mut Applying) {
        applying.text(
            &self.reason,
            "reason",
            LIMIT_TEXT,
            "Skriv hvorfor sagen genåbnes.",
            "Enter why the case is reopened.",
        );
        applying.next.closed = None;
        applying.next.dismissed = None;
    }
}
