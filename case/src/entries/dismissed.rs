//! `dismissed`: the report is not a breach to handle (not a breach, a
//! duplicate of another case, junk): the case closes without obligations,
//! no reminders, listed in the register as dismissed and left out of the
//! board's figures (the DPO's decision). Refused once Datatilsynet is
//! notified or the people affected told: such a case is closed instead.
//! Reopening undoes it.

use serde::{Deserialize, Serialize};

use super::form::{options_of, Form, FormField, Input};
use super::kind::{refused, Applying, Entry, Who};
use crate::correction::{Dismissal, DismissalReason};
use crate::state::{Case, SubjectsOutcome};
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::validate::LIMIT_TEXT;

/// The dismissal's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dismissed {
    /// Why.
    pub reason: DismissalReason,
    /// The case it duplicates (its reference), for a duplicate.
    #[serde(default)]
    pub duplicate_of: Option<String>,
    /// The DPO's note.
    pub note: String,
}

impl Entry for Dismissed {
    const WHO: Who = Who::Dpo;
    const TITLE: (&'static str, &'static str) = ("Sagen er afvist", "Case dismissed");
    const FORM: Option<Form> = Some(Form {
        title: (
            "Afvis sagen (ikke et brud, dublet eller spam)",
            "Dismiss the case (not a breach, duplicate or junk)",
        ),
        fields: &[
            FormField::required(
                "reason",
                ("Hvorfor afvises den?", "Why is it dismissed?"),
                Input::Choice(options_of::<DismissalReason>),
            ),
            FormField::optional(
                "duplicate_of",
                (
                    "Journalnummeret på den sag, den er en dublet af (kun ved dublet)",
                    "The reference of the case it duplicates (duplicates only)",
                ),
                Input::Text,
            ),
            FormField::required("note", ("Note", "Note"), Input::Area),
        ],
    });

    fn refusal(case: &Case) -> Option<Problem> {
        if case.authority.is_some() {
            refused(
                "Datatilsynet er underrettet om bruddet. Luk sagen i stedet for at afvise den.",
                "Datatilsynet has been notified of the breach. Close the case instead of dismissing it.",
            )
        } else if matches!(case.subjects, Some(SubjectsOutcome::Told { .. })) {
            refused(
                "De berørte er underrettet om bruddet. Luk sagen i stedet for at afvise den.",
                "The people affected have been told of the breach. Close the case instead of dismissing it.",
            )
        } else {
            None
        }
    }

    fn apply(&self, applying: &mut Applying) {
        applying.text(
            &self.note,
            "note",
            LIMIT_TEXT,
            "Skriv en note om afvisningen.",
            "Enter a note on the dismissal.",
        );
        let duplicate = self.reason == DismissalReason::Duplicate;
        let duplicate_of = self
            .duplicate_of
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty() && duplicate);
        if duplicate {
            match duplicate_of {
                None => applying.problem(Problem::new(
                    "duplicate_of",
                    ProblemCode::Required,
                    "Skriv journalnummeret på den sag, den er en dublet af.",
                    "Enter the reference of the case it duplicates.",
                )),
                Some(other) if other.parse::<brud_shared::reference::Reference>().is_err() => {
                    applying.problem(Problem::new(
                        "duplicate_of",
                        ProblemCode::InvalidFormat,
                        "Skriv et journalnummer som ZAH-2026-0042.",
                        "Enter a reference such as ZAH-2026-0042.",
                    ))
                }
                Some(_) => {}
            }
        }
        applying.next.dismissed = Some(Dismissal {
            at: applying.at,
            reason: self.reason,
            duplicate_of: duplicate_of.map(str::to_string),
            note: self.note.clone(),
        });
        applying.next.closed = Some((applying.at, self.note.clone()));
    }
}
