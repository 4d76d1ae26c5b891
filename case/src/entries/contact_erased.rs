//! `contact_erased`: the reporter's name and contact were erased
//! (retention, by the system, once the case has been closed long enough);
//! their hash stays in the opening event.

use serde::Deserialize;

use super::kind::{refused, Applying, Entry, Who};
use crate::state::{without_contact, Case};
use brud_shared::problem::Problem;

/// The erasure (no data of its own: read, as every kind's data is, from
/// the object beside its `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(from = "NoData")]
pub struct ContactErased;

/// An object with nothing of the erasure's own in it.
#[derive(Deserialize)]
struct NoData {}

impl From<NoData> for ContactErased {
    fn from(_: NoData) -> Self {
        ContactErased
    }
}

impl Entry for ContactErased {
    const WHO: Who = Who::System;
    const TITLE: (&'static str, &'static str) = (
        "Indberetterens kontaktoplysninger slettet",
        "Reporter's contact details erased",
    );

    fn refusal(case: &Case) -> Option<Problem> {
        if case.closed.is_none() {
            refused(
                "Kontaktoplysninger slettes først, når sagen er lukket.",
                "Contact details are erased only once the case is closed.",
            )
        } else if case.contact_erased_at.is_some() {
            refused(
                "Kontaktoplysningerne er allerede slettet.",
                "The contact details are already erased.",
            )
        } else {
            None
        }
    }

    fn apply(&self, applying: &mut Applying) {
        applying.next.report = without_contact(&applying.before.report);
        applying.next.contact_erased_at = Some(applying.at);
    }
}
