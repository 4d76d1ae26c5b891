//! `prevention_planned`: a measure to prevent it from happening again
//! (the Kulturskole's "Hvad tænker vi at gøre fremadrettet"): what, who
//! sees to it, by when.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::form::{Form, FormField, Input};
use super::kind::{Applying, Entry, Who};
use crate::state::Measure;
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::validate::{LIMIT_NAME, LIMIT_TEXT};

/// The measure's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreventionPlanned {
    /// An id for the measure, unique within the case.
    pub measure: String,
    /// What is to be done.
    pub what: String,
    /// Who sees to it.
    pub by: String,
    /// When it is due.
    #[serde(default)]
    pub due: Option<NaiveDate>,
}

impl Entry for PreventionPlanned {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) =
        ("Forebyggende tiltag planlagt", "Prevention measure planned");
    const FORM: Option<Form> = Some(Form {
        title: (
            "Planlæg et forebyggende tiltag",
            "Plan a prevention measure",
        ),
        fields: &[
            FormField::required(
                "measure",
                ("Tiltagets id", "The measure's id"),
                Input::NewId,
            ),
            FormField::required(
                "what",
                ("Hvad skal gøres?", "What is to be done?"),
                Input::Area,
            ),
            FormField::required(
                "by",
                ("Hvem sørger for det?", "Who sees to it?"),
                Input::Text,
            ),
            FormField::optional("due", ("Senest (valgfrit)", "Due (optional)"), Input::Date),
        ],
    });

    fn apply(&self, applying: &mut Applying) {
        applying.text(
            &self.measure,
            "measure",
            LIMIT_NAME,
            "Giv tiltaget et id.",
            "Give the measure an id.",
        );
        applying.text(
            &self.what,
            "what",
            LIMIT_TEXT,
            "Skriv hvad der skal gøres.",
            "Enter what is to be done.",
        );
        applying.text(
            &self.by,
            "by",
            LIMIT_NAME,
            "Skriv hvem der sørger for det.",
            "Enter who sees to it.",
        );
        if applying
            .before
            .prevention
            .iter()
            .any(|m| m.measure == self.measure)
        {
            applying.problem(Problem::new(
                "measure",
                ProblemCode::Duplicate,
                "Der er allerede et tiltag med det id.",
                "There is already a measure with that id.",
            ));
        }
        applying.next.prevention.push(Measure {
            measure: self.measure.clone(),
            what: self.what.clone(),
            by: self.by.clone(),
            due: self.due,
            done_at: None,
        });
    }
}
