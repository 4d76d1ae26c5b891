//! `closed`: the case is closed with what was learned, once nothing is
//! owed: Datatilsynet notified or the decision not to recorded, a
//! preliminary notification completed or waived, the people affected and
//! the controller dealt with, and the DPO involved where the school asks
//! for it ([`crate::state::Case::open_obligations`]).

use serde::{Deserialize, Serialize};

use super::form::{Form, FormField, Input};
use super::kind::{Applying, Entry, Who};
use brud_shared::problem::ProblemCode;
use brud_shared::validate::LIMIT_TEXT;

/// The closing's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closed {
    /// What was learned.
    pub lessons: String,
}

impl Entry for Closed {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) = ("Sagen er lukket", "Case closed");
    const FORM: Option<Form> = Some(Form {
        title: ("Luk sagen", "Close the case"),
        fields: &[FormField::required(
            "lessons",
            ("Hvad har I lært?", "What was learned?"),
            Input::Area,
        )],
    });

    fn apply(&self, applying: &mut Applying) {
        applying.text(
            &self.lessons,
            "lessons",
            LIMIT_TEXT,
            "Skriv hvad I har lært.",
            "Enter the lessons learned.",
        );
        for mut problem in applying.before.open_obligations(applying.org) {
            problem.code = ProblemCode::NotAllowed;
            applying.problem(problem);
        }
        applying.next.closed = Some((applying.at, self.lessons.clone()));
    }
}
