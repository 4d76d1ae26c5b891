//! `prevention_done`: a planned prevention measure is done (the desk
//! ticks it in the case's list of measures).

use serde::{Deserialize, Serialize};

use super::kind::{Applying, Entry, Who};
use crate::state::Case;
use brud_shared::org::OrgProfile;
use brud_shared::problem::{Problem, ProblemCode};

/// The measure done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreventionDone {
    /// The measure's id.
    pub measure: String,
}

impl Entry for PreventionDone {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) =
        ("Forebyggende tiltag udført", "Prevention measure done");

    /// A measure is left to do.
    fn offered(case: &Case, _org: Option<&OrgProfile>) -> bool {
        case.prevention.iter().any(|m| m.done_at.is_none())
    }

    fn apply(&self, applying: &mut Applying) {
        let at = applying.at;
        let found = applying
            .next
            .prevention
            .iter_mut()
            .find(|m| m.measure == self.measure);
        match found {
            None => applying.problem(Problem::new(
                "measure",
                ProblemCode::InvalidValue,
                "Der er ikke noget tiltag med det id.",
                "There is no measure with that id.",
            )),
            Some(found) if found.done_at.is_some() => applying.not_allowed(
                "measure",
                "Tiltaget er allerede udført.",
                "The measure is already done.",
            ),
            Some(found) => found.done_at = Some(at),
        }
    }
}
