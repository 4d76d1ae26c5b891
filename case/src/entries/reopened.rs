//! `reopened`: a closed case is opened again, with why.

use serde::{Deserialize, Serialize};

use super::form::{Form, FormField, Input};
use chrono::{DateTime, Utc};

use super::kind::{not_your_role, refused, Applying, Entry, Who};
use crate::state::Case;
use brud_shared::org::{OrgProfile, StaffRole};
use brud_shared::problem::{Problem, ProblemCode};
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

    /// Reopening a dismissed case undoes the DPO's decision: the DPO's.
    fn may_record(case: &Case, role: StaffRole) -> bool {
        match case.dismissed {
            Some(_) => role == StaffRole::Dpo,
            None => Self::WHO.allows(role),
        }
    }

    fn role_refusal(
        &self,
        case: &Case,
        role: StaffRole,
        _org: Option<&OrgProfile>,
        _at: DateTime<Utc>,
    ) -> Option<Problem> {
        if Self::may_record(case, role) {
            return None;
        }
        Some(match case.dismissed {
            Some(_) if role == StaffRole::Leader => Problem::new(
                "kind",
                ProblemCode::NotYourRole,
                "Sagen er afvist af DPO'en. At genåbne den er DPO'ens beslutning.",
                "The DPO dismissed the case. Reopening it is the DPO's decision.",
            ),
            _ => not_your_role(Self::WHO, Self::TITLE, role),
        })
    }

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
