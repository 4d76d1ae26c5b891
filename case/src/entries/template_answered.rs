//! `template_answered`: the DPO adds what the EDPB's common notification
//! template asks and the case does not say ([`brud_shared::edpb`]): the
//! measures in place before the breach, the systems involved, the sector,
//! the severity of the impact, the means of telling the people affected,
//! a report to the police, and any other field the template maps. Kept by
//! field number, checked by the mapping's own rules
//! ([`brud_shared::edpb::check_answers`]); a later answer to a field
//! replaces the earlier one. Never a question for the reporter: the form
//! stays as short as it is.

use serde::{Deserialize, Serialize};

use super::kind::{Applying, Entry, Who};
use brud_shared::edpb::{check_answers, Answer, Answers};
use brud_shared::problem::{Problem, ProblemCode};

/// The entry's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateAnswered {
    /// The answers, each with the template's field number (a list, not a
    /// map by number: an event's data is read through `flatten`, which
    /// cannot read numbers as a map's keys).
    pub answers: Vec<FieldAnswer>,
}

/// One answer to one field of the template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldAnswer {
    /// The template's field number.
    pub field: u16,
    /// The answer.
    pub value: Answer,
}

impl TemplateAnswered {
    /// The answers by field number (a later answer to a field wins).
    pub fn by_field(&self) -> Answers {
        self.answers
            .iter()
            .map(|answer| (answer.field, answer.value.clone()))
            .collect()
    }
}

impl Entry for TemplateAnswered {
    const WHO: Who = Who::Dpo;
    const TITLE: (&'static str, &'static str) = (
        "Oplysninger til EDPB-skabelonen",
        "Answers for the EDPB template",
    );

    fn apply(&self, applying: &mut Applying) {
        if self.answers.is_empty() {
            applying.problem(Problem::new(
                "answers",
                ProblemCode::Required,
                "Udfyld mindst ét felt.",
                "Fill in one field at least.",
            ));
        }
        for problem in check_answers(&self.by_field()) {
            applying.problem(problem);
        }
        // Nothing of the case's state changes: the answers are read from
        // the log by the notification's mapping ([`crate::template::answers`]),
        // so the case's state, which every page of the desk carries, does
        // not carry them.
    }
}
