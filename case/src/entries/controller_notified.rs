//! `controller_notified`: the controller was told (the school as
//! processor, art. 33(2)).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::form::{Form, FormField, Input};
use super::kind::{refused, Applying, Entry, Who};
use crate::state::Case;
use brud_shared::model::Role;
use brud_shared::problem::Problem;

/// The telling's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControllerNotified {
    /// When.
    pub notified_at: DateTime<Utc>,
}

impl Entry for ControllerNotified {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) =
        ("Den dataansvarlige er underrettet", "Controller told");
    const SETTLES_OBLIGATION: bool = true;
    const FORM: Option<Form> = Some(Form {
        title: (
            "Den dataansvarlige er underrettet",
            "The controller was told",
        ),
        fields: &[FormField::required(
            "notified_at",
            ("Hvornår?", "When?"),
            Input::When,
        )],
    });

    fn refusal(case: &Case) -> Option<Problem> {
        if case.report.role != Some(Role::Processor) {
            refused(
                "Skolen er ikke databehandler i denne sag.",
                "The school is not the processor in this case.",
            )
        } else if case.controller_notified_at.is_some() {
            refused(
                "Den dataansvarlige er allerede underrettet.",
                "The controller has already been told.",
            )
        } else {
            None
        }
    }

    fn apply(&self, applying: &mut Applying) {
        applying.not_after_now(self.notified_at, "notified_at");
        applying.next.controller_notified_at = Some(self.notified_at);
    }
}
