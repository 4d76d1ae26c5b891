//! `step_done`: one of the school's own procedure steps is done (the
//! TopDesk ticket, the eDoc case). A step that an obligation's entry does
//! (the notification of Datatilsynet, say) is done by recording that
//! entry instead ([`settled_by`]).

use serde::{Deserialize, Serialize};

use super::authority_notified::AuthorityNotified;
use super::controller_notified::ControllerNotified;
use super::kind::{Applying, Entry, Who};
use super::subjects_exception::SubjectsException;
use super::subjects_told::SubjectsTold;
use crate::state::{Case, StepRecord};
use brud_shared::org::{OrgProfile, StepCondition};
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::validate::LIMIT_NAME;

/// The condition of step `id` in `org`'s procedure (`Always` when the
/// profile no longer has it, or there is no profile).
pub fn condition_of(org: Option<&OrgProfile>, id: &str) -> StepCondition {
    org.and_then(|org| org.steps.iter().find(|step| step.id == id))
        .map_or(StepCondition::Always, |step| step.when)
}

/// The title of the entry that does a step of `condition`, if an entry
/// does: the obligation's (a step for notifying Datatilsynet is done by
/// recording the notification). [`crate::event::settling_event`] names
/// the same entries by kind.
pub fn settled_by(condition: StepCondition) -> Option<(&'static str, &'static str)> {
    match condition {
        StepCondition::Always => None,
        StepCondition::NotifyAuthority => Some(AuthorityNotified::TITLE),
        StepCondition::NotifySubjects => Some(SubjectsTold::TITLE),
        StepCondition::PublicCommunication => Some(SubjectsException::TITLE),
        StepCondition::Processor => Some(ControllerNotified::TITLE),
    }
}

/// The step's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDone {
    /// The step's id in the organisation's profile.
    pub step: String,
    /// E.g. the TopDesk ticket or eDoc case number.
    #[serde(default)]
    pub note: Option<String>,
}

impl Entry for StepDone {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) = ("Trin i proceduren udført", "Procedure step done");

    /// A step of the procedure is left to tick that no obligation's entry
    /// does.
    fn offered(case: &Case, org: Option<&OrgProfile>) -> bool {
        case.assessment
            .obligations
            .steps
            .iter()
            .filter(|step| settled_by(condition_of(org, &step.id)).is_none())
            .any(|step| !case.steps_done.iter().any(|done| done.step == step.id))
    }

    fn apply(&self, applying: &mut Applying) {
        let case = applying.before;
        applying.optional_text(&self.note, "note", LIMIT_NAME);
        let step = &self.step;
        if !case
            .assessment
            .obligations
            .steps
            .iter()
            .any(|s| &s.id == step)
        {
            applying.problem(Problem::new(
                "step",
                ProblemCode::InvalidValue,
                "Skolens procedure har ikke det trin for denne sag.",
                "The school's procedure has no such step for this case.",
            ));
        } else if let Some((da, en)) = settled_by(condition_of(applying.org, step)) {
            applying.problem(Problem::new(
                "step",
                ProblemCode::NotAllowed,
                format!("Trinnet er udført, når det er registreret: {da}."),
                format!("The step is done by recording it: {en}."),
            ));
        } else if case.steps_done.iter().any(|s| &s.step == step) {
            applying.not_allowed(
                "step",
                "Trinnet er allerede udført.",
                "The step is already done.",
            );
        }
        let record = StepRecord {
            step: step.clone(),
            at: applying.at,
            by: applying.actor.clone(),
            note: self.note.clone(),
        };
        applying.next.steps_done.push(record);
    }
}
