//! `authority_notified`: Datatilsynet was notified (art. 33), complete or
//! preliminary, with Datatilsynet's reference and, after the 72 hours, why
//! it was late. Recorded once: more goes in a follow-up.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::form::{Form, FormField, Input};
use super::kind::{refused, Applying, Entry, Who};
use crate::state::{AuthorityNotification, Case};
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::validate::{LIMIT_NAME, LIMIT_TEXT};

/// The notification's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityNotified {
    /// When the notification was submitted.
    pub notified_at: DateTime<Utc>,
    /// The reference Datatilsynet gave.
    pub authority_reference: String,
    /// A complete notification, or a preliminary one to be followed up.
    pub complete: bool,
    /// Why it came after the 72-hour deadline, when it did.
    #[serde(default)]
    pub late_reason: Option<String>,
    /// For a preliminary notification: the date the rest was promised by
    /// (art. 33(4)); the reminder the day before follows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more_promised_by: Option<NaiveDate>,
}

impl Entry for AuthorityNotified {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) =
        ("Anmeldt til Datatilsynet", "Notified to Datatilsynet");
    const SETTLES_OBLIGATION: bool = true;
    const FORM: Option<Form> = Some(Form {
        title: ("Anmeldt til Datatilsynet", "Notified to Datatilsynet"),
        fields: &[
            FormField::required(
                "notified_at",
                ("Hvornår blev anmeldelsen sendt?", "When was it submitted?"),
                Input::When,
            ),
            FormField::required(
                "authority_reference",
                ("Datatilsynets journalnummer", "Datatilsynet's reference"),
                Input::Text,
            ),
            FormField::required(
                "complete",
                (
                    "Anmeldelsen er fuldstændig (ikke foreløbig)",
                    "The notification is complete (not preliminary)",
                ),
                Input::Check,
            ),
            FormField::optional(
                "more_promised_by",
                (
                    "Foreløbig: hvornår er resten lovet? (dato)",
                    "Preliminary: when is the rest promised? (date)",
                ),
                Input::Date,
            ),
            FormField::optional(
                "late_reason",
                (
                    "Hvorfor kom den efter 72 timer? (kun hvis den gjorde)",
                    "Why after 72 hours? (only if it was)",
                ),
                Input::Area,
            ),
        ],
    });

    fn refusal(case: &Case) -> Option<Problem> {
        case.authority.as_ref().and(refused(
            "Datatilsynet er allerede underrettet. Registrér en opfølgning i stedet.",
            "Datatilsynet has already been notified. Record a follow-up instead.",
        ))
    }

    fn apply(&self, applying: &mut Applying) {
        applying.not_after_now(self.notified_at, "notified_at");
        applying.text(
            &self.authority_reference,
            "authority_reference",
            LIMIT_NAME,
            "Skriv Datatilsynets journalnummer.",
            "Enter Datatilsynet's reference.",
        );
        applying.optional_text(&self.late_reason, "late_reason", LIMIT_TEXT);
        if self.complete && self.more_promised_by.is_some() {
            applying.problem(Problem::new(
                "more_promised_by",
                ProblemCode::NotAllowed,
                "En fuldstændig anmeldelse lover ikke mere: fjern datoen, eller marker anmeldelsen som foreløbig.",
                "A complete notification promises nothing more: remove the date, or mark the notification preliminary.",
            ));
        }
        let late = applying
            .before
            .deadline()
            .is_some_and(|due| self.notified_at > due);
        if late
            && self
                .late_reason
                .as_deref()
                .is_none_or(|r| r.trim().is_empty())
        {
            applying.problem(Problem::new(
                "late_reason",
                ProblemCode::LateReasonRequired,
                "Anmeldelsen kom efter fristen på 72 timer. Skriv hvorfor.",
                "The notification came after the 72-hour deadline. Say why.",
            ));
        }
        applying.next.authority = Some(AuthorityNotification {
            notified_at: self.notified_at,
            authority_reference: self.authority_reference.clone(),
            complete: self.complete,
            follow_up_waived: None,
            late_reason: self.late_reason.clone().filter(|_| late),
            follow_ups: Vec::new(),
            more_promised_by: self.more_promised_by.filter(|_| !self.complete),
            receipt: None,
        });
    }
}
