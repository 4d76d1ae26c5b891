//! `subjects_exception`: an art. 34(3) exception applies instead of
//! telling each person (the DPO's decision), with a public communication
//! for the third. Recorded once; it may still give way to telling them.

use serde::{Deserialize, Serialize};

use super::form::{options_of, Form, FormField, Input};
use super::kind::{refused, Applying, Entry, Who};
use super::subjects_told::already_told;
use crate::state::{Case, SubjectsOutcome};
use brud_shared::model::NoticeException;
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::validate::LIMIT_TEXT;

/// The exception's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectsException {
    /// Which exception.
    pub exception: NoticeException,
    /// Why it applies.
    pub reasoning: String,
    /// The public communication made instead (the third exception).
    #[serde(default)]
    pub public_communication: Option<String>,
}

impl Entry for SubjectsException {
    const WHO: Who = Who::Dpo;
    const TITLE: (&'static str, &'static str) =
        ("Undtagelse fra underretning", "Exception from telling");
    const SETTLES_OBLIGATION: bool = true;
    const FORM: Option<Form> = Some(Form {
        title: (
            "Undtagelse fra underretning (art. 34, stk. 3)",
            "Exception from telling (art. 34(3))",
        ),
        fields: &[
            FormField::required(
                "exception",
                ("Hvilken undtagelse?", "Which exception?"),
                Input::Choice(options_of::<NoticeException>),
            ),
            FormField::required(
                "reasoning",
                ("Hvorfor gælder den?", "Why does it apply?"),
                Input::Area,
            ),
            FormField::optional(
                "public_communication",
                (
                    "Den offentlige meddelelse (ved den tredje undtagelse)",
                    "The public communication (third exception)",
                ),
                Input::Area,
            ),
        ],
    });

    fn refusal(case: &Case) -> Option<Problem> {
        already_told(case).or_else(|| {
            // An exception recorded can still give way to telling them
            // after all, not to a second exception.
            case.subjects.as_ref().and(refused(
                "En undtagelse fra underretning er allerede registreret.",
                "An exception from telling is already recorded.",
            ))
        })
    }

    fn apply(&self, applying: &mut Applying) {
        applying.text(
            &self.reasoning,
            "reasoning",
            LIMIT_TEXT,
            "Begrund undtagelsen.",
            "Give the reason for the exception.",
        );
        applying.optional_text(
            &self.public_communication,
            "public_communication",
            LIMIT_TEXT,
        );
        let public = self
            .public_communication
            .as_deref()
            .is_some_and(|p| !p.trim().is_empty());
        if self.exception == NoticeException::Disproportionate && !public {
            applying.problem(Problem::new(
                "public_communication",
                ProblemCode::Required,
                "Beskriv den offentlige meddelelse, der gives i stedet.",
                "Describe the public communication made instead.",
            ));
        }
        applying.next.subjects = Some(SubjectsOutcome::Exception {
            exception: self.exception,
            reasoning: self.reasoning.clone(),
            public_communication: self.public_communication.clone(),
        });
    }
}
