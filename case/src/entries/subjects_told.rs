//! `subjects_told`: the people affected were told (art. 34): when, how
//! and how many, and how by the EDPB template's categories (field 104),
//! so that the notification's template needs no second answer to it. The
//! category is optional: entries recorded before it was asked lack it, and
//! the log replays as written; without it the DPO answers field 104 on the
//! template's page. An exception recorded before may give way to it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::form::{options_of, Form, FormField, Input};
use super::kind::{refused, Applying, Entry, Who};
use crate::state::{Case, SubjectsOutcome};
use brud_shared::model::NoticeChannel;
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::validate::LIMIT_TEXT;

/// The telling's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectsTold {
    /// When.
    pub told_at: DateTime<Utc>,
    /// How (letter, Aula message, meeting, …).
    pub how: String,
    /// How many people were told.
    pub count: u32,
    /// How, by the template's categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<NoticeChannel>,
}

/// The refusal of both ways of dealing with the people affected once
/// they are told.
pub fn already_told(case: &Case) -> Option<Problem> {
    matches!(case.subjects, Some(SubjectsOutcome::Told { .. }))
        .then_some(())
        .and(refused(
            "De berørte er allerede underrettet.",
            "The people affected have already been told.",
        ))
}

impl Entry for SubjectsTold {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) =
        ("De berørte er underrettet", "People affected told");
    const SETTLES_OBLIGATION: bool = true;
    const FORM: Option<Form> = Some(Form {
        title: ("De berørte er underrettet", "The people affected were told"),
        fields: &[
            FormField::required("told_at", ("Hvornår?", "When?"), Input::When),
            FormField::required(
                "how",
                (
                    "Hvordan (brev, Aula-besked, møde …)",
                    "How (letter, Aula message, meeting …)",
                ),
                Input::Text,
            ),
            FormField::optional(
                "channel",
                (
                    "Hver for sig eller offentligt? (EDPB-skabelonens felt 104)",
                    "Individually or publicly? (field 104 of the EDPB template)",
                ),
                Input::Choice(options_of::<NoticeChannel>),
            ),
            FormField::required(
                "count",
                ("Hvor mange blev underrettet?", "How many were told?"),
                Input::Count,
            ),
        ],
    });

    fn refusal(case: &Case) -> Option<Problem> {
        already_told(case)
    }

    fn apply(&self, applying: &mut Applying) {
        applying.not_after_now(self.told_at, "told_at");
        applying.text(
            &self.how,
            "how",
            LIMIT_TEXT,
            "Skriv hvordan de berørte er underrettet.",
            "Enter how the people affected were told.",
        );
        if self.count == 0 {
            applying.problem(Problem::new(
                "count",
                ProblemCode::InvalidValue,
                "Skriv hvor mange der er underrettet.",
                "Enter how many people were told.",
            ));
        }
        applying.next.subjects = Some(SubjectsOutcome::Told {
            told_at: self.told_at,
            how: self.how.clone(),
            count: self.count,
            channel: self.channel,
        });
    }
}
