//! `authority_follow_up`: more information sent to Datatilsynet (art.
//! 33(4)), still more promised by a date, or making a preliminary
//! notification complete.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::form::{Form, FormField, Input};
use super::kind::{refused, Applying, Entry, Who};
use crate::state::{Case, FollowUp};
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::validate::LIMIT_TEXT;

/// The follow-up's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityFollowUp {
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// What was added.
    pub added: String,
    /// Still more promised by then, if any.
    #[serde(default)]
    pub more_promised_by: Option<NaiveDate>,
    /// Whether it makes a preliminary notification complete. Absent
    /// (false) from logs written before it existed, whose hashes stay as
    /// they were.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub completes: bool,
}

impl Entry for AuthorityFollowUp {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) = (
        "Supplerende oplysninger til Datatilsynet",
        "Follow-up to Datatilsynet",
    );
    const SETTLES_OBLIGATION: bool = true;
    const FORM: Option<Form> = Some(Form {
        title: (
            "Supplerende oplysninger til Datatilsynet",
            "Follow-up to Datatilsynet",
        ),
        fields: &[
            FormField::required(
                "sent_at",
                ("Hvornår blev de sendt?", "When were they sent?"),
                Input::When,
            ),
            FormField::required(
                "added",
                ("Hvad blev tilføjet?", "What was added?"),
                Input::Area,
            ),
            FormField::optional(
                "more_promised_by",
                (
                    "Flere oplysninger lovet senest (valgfrit)",
                    "More promised by (optional)",
                ),
                Input::Date,
            ),
            FormField::required(
                "completes",
                (
                    "Anmeldelsen er nu fuldstændig",
                    "The notification is now complete",
                ),
                Input::Check,
            ),
        ],
    });

    fn refusal(case: &Case) -> Option<Problem> {
        case.authority.is_none().then_some(()).and(refused(
            "Datatilsynet er ikke underrettet endnu; en opfølgning kræver en anmeldelse.",
            "Datatilsynet has not been notified yet; a follow-up needs a notification.",
        ))
    }

    fn apply(&self, applying: &mut Applying) {
        applying.not_after_now(self.sent_at, "sent_at");
        applying.text(
            &self.added,
            "added",
            LIMIT_TEXT,
            "Skriv hvad der er sendt.",
            "Enter what was sent.",
        );
        let mut early = false;
        // Without a notification, the state refuses it.
        if let Some(made) = &mut applying.next.authority {
            early = self.sent_at < made.notified_at;
            made.follow_ups.push(FollowUp {
                sent_at: self.sent_at,
                added: self.added.clone(),
                more_promised_by: self.more_promised_by,
                completes: self.completes,
            });
            made.complete |= self.completes;
        }
        if early {
            applying.problem(Problem::new(
                "sent_at",
                ProblemCode::InvalidRange,
                "Opfølgningen kan ikke ligge før anmeldelsen.",
                "The follow-up cannot come before the notification.",
            ));
        }
    }
}
