//! The organisation's procedure steps on a case: which apply now (the
//! assessment in force, after any override or correction), which are done,
//! and which are done by recording an obligation rather than by ticking.
//!
//! A step that exists because Datatilsynet must be notified, the people
//! affected told, a public communication made or the controller told is
//! one fact with that obligation: it is done when the obligation's event
//! is recorded (`authority_notified` or the decision not to notify,
//! `subjects_told` or the exception, `controller_notified`), and cannot be
//! ticked apart from it ([`settling_event`], refused by [`super::apply`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::event::{condition_of, settling_event};
use crate::{Actor, Case, EventTag, SubjectsOutcome};
use brud_shared::org::{OrgProfile, StepCondition};

/// One step of the organisation's procedure as it stands on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepState {
    /// The step's id in the profile.
    pub id: String,
    /// In Danish.
    pub da: String,
    /// In English.
    pub en: String,
    /// The kind of entry that does it, when an obligation's event does
    /// (the desk offers no tick for it then).
    pub settled_by: Option<EventTag>,
    /// Whether it is done.
    pub done: bool,
    /// When it was done, where the case keeps the time.
    pub done_at: Option<DateTime<Utc>>,
    /// Who ticked it (steps done by an obligation's event name no one: the
    /// event in the log does).
    pub done_by: Option<Actor>,
    /// The note given when it was ticked.
    pub note: Option<String>,
}

/// Whether the obligation a step of `condition` stands for is met on
/// `case`, and when, where the case keeps the time (a notification, the
/// people told, the controller told; not a decision not to notify or an
/// exception, which the log dates).
fn met(case: &Case, condition: StepCondition) -> (bool, Option<DateTime<Utc>>) {
    match condition {
        StepCondition::Always => (false, None),
        StepCondition::NotifyAuthority => match (&case.authority, &case.not_notified) {
            (Some(made), _) => (true, Some(made.notified_at)),
            (None, decided) => (decided.is_some(), None),
        },
        StepCondition::NotifySubjects | StepCondition::PublicCommunication => {
            match &case.subjects {
                Some(SubjectsOutcome::Told { told_at, .. }) => (true, Some(*told_at)),
                Some(SubjectsOutcome::Exception { .. }) => (true, None),
                None => (false, None),
            }
        }
        StepCondition::Processor => (
            case.controller_notified_at.is_some(),
            case.controller_notified_at,
        ),
    }
}

/// The steps that apply to `case` now, in the profile's order, each with
/// whether and when it was done.
pub fn step_states(case: &Case, org: Option<&OrgProfile>) -> Vec<StepState> {
    case.assessment
        .obligations
        .steps
        .iter()
        .map(|step| {
            let condition = condition_of(org, &step.id);
            let ticked = case.steps_done.iter().find(|done| done.step == step.id);
            let (done, done_at, done_by, note) = match (settling_event(condition), ticked) {
                (Some(_), _) => {
                    let (done, at) = met(case, condition);
                    (done, at, None, None)
                }
                (None, Some(ticked)) => (
                    true,
                    Some(ticked.at),
                    Some(ticked.by.clone()),
                    ticked.note.clone(),
                ),
                (None, None) => (false, None, None, None),
            };
            StepState {
                id: step.id.clone(),
                da: step.da.clone(),
                en: step.en.clone(),
                settled_by: settling_event(condition),
                done,
                done_at,
                done_by,
                note,
            }
        })
        .collect()
}
