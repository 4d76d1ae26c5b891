//! What every entry kind is ([`Entry`]): who may record it, its title and
//! form, what the case's state refuses, and its checks and effect on the
//! case as it is applied ([`Applying`]).

use chrono::{DateTime, Utc};

use super::form::Form;
use crate::actor::Actor;
use crate::state::Case;
use brud_shared::org::{OrgProfile, StaffRole};
use brud_shared::problem::{Problem, ProblemCode};

/// Who may record a kind of entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Brud itself only, never through the desk: the opening, reminders,
    /// retention's erasure.
    System,
    /// A leader or the DPO: what the school's procedure has its staff do.
    LeaderOrDpo,
    /// The DPO only: the controller's decisions under art. 33 and 34, and
    /// the DPO's own opinion.
    Dpo,
    /// A leader or the DPO on the desk, or Brud itself (a file that came
    /// with a mail).
    LeaderDpoOrSystem,
}

impl Who {
    /// Whether a member of staff with `role` may record it.
    pub fn allows(self, role: StaffRole) -> bool {
        match self {
            Who::System => false,
            Who::LeaderOrDpo | Who::LeaderDpoOrSystem => {
                matches!(role, StaffRole::Leader | StaffRole::Dpo)
            }
            Who::Dpo => role == StaffRole::Dpo,
        }
    }
}

/// An entry being applied to a case: the case before it, the case after
/// it as the entry makes it, who records it and when, the school's
/// profile, and the problems its data has.
pub struct Applying<'a> {
    /// The case before the entry.
    pub before: &'a Case,
    /// The case after it (a copy of `before` that the entry changes).
    pub next: Case,
    /// When it is recorded.
    pub at: DateTime<Utc>,
    /// Who records it.
    pub actor: &'a Actor,
    /// The school's profile.
    pub org: Option<&'a OrgProfile>,
    /// The problems of its data found so far.
    pub problems: Vec<Problem>,
}

impl Applying<'_> {
    /// A required text: a problem on `field` with the message `da`/`en`
    /// when empty, or when longer than `max` characters.
    pub fn text(&mut self, value: &str, field: &str, max: usize, da: &str, en: &str) {
        if value.trim().is_empty() {
            self.problems
                .push(Problem::new(field, ProblemCode::Required, da, en));
        } else {
            self.within(value, field, max);
        }
    }

    /// An optional text, at most `max` characters.
    pub fn optional_text(&mut self, value: &Option<String>, field: &str, max: usize) {
        if let Some(value) = value {
            self.within(value, field, max);
        }
    }

    /// At most `max` characters.
    pub fn within(&mut self, value: &str, field: &str, max: usize) {
        let length = value.chars().count();
        if length > max {
            self.problems.push(Problem::too_long(field, max, length));
        }
    }

    /// A time given on the entry, which cannot be after it is recorded.
    pub fn not_after_now(&mut self, at: DateTime<Utc>, field: &str) {
        if at > self.at {
            self.problems.push(Problem::new(
                field,
                ProblemCode::InFuture,
                "Tidspunktet ligger i fremtiden.",
                "The time is in the future.",
            ));
        }
    }

    /// The state refuses what the data asks (HTTP 409).
    pub fn not_allowed(&mut self, field: &str, da: &str, en: &str) {
        self.problems
            .push(Problem::new(field, ProblemCode::NotAllowed, da, en));
    }

    /// Any other problem.
    pub fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }
}

/// The problem of a state that refuses an entry (HTTP 409), on `kind`.
pub fn refused(da: &str, en: &str) -> Option<Problem> {
    Some(Problem::new("kind", ProblemCode::NotAllowed, da, en))
}

/// The problem of an entry that is not `role`'s to record (HTTP 403), for
/// a kind of `who` titled `title`: the DPO's decisions say so, a viewer is
/// told they only read the case.
pub fn not_your_role(who: Who, title: (&str, &str), role: StaffRole) -> Problem {
    let (da, en) = match (who, role) {
        (_, StaffRole::Viewer) => (
            "Du kan læse sagen, men ikke registrere på den.".to_string(),
            "You can read the case, not record on it.".to_string(),
        ),
        (Who::System, _) => (
            format!("{}: det registrerer Brud selv.", title.0),
            format!("{}: Brud records that itself.", title.1),
        ),
        _ => (
            format!("{}: det er DPO'ens beslutning.", title.0),
            format!("{}: that is the DPO's decision.", title.1),
        ),
    };
    Problem::new("kind", ProblemCode::NotYourRole, da, en)
}

/// One kind of entry on a case.
pub trait Entry {
    /// Who may record it.
    const WHO: Who;
    /// What it records, in a few words, Danish and English: the timeline's
    /// and the printed case record's title.
    const TITLE: (&'static str, &'static str);
    /// Its form on the desk, when the desk offers it as a form of its own.
    const FORM: Option<Form> = None;
    /// Recorded by a route of its own that makes its data (a file's upload
    /// makes its hash), never posted as an entry.
    const OWN_ROUTE: bool = false;
    /// Whether it records one of the case's obligations toward
    /// Datatilsynet, the people affected or the controller: the events the
    /// organisation's endpoint hears of ([`crate::notice::CASE_UPDATED`]).
    const SETTLES_OBLIGATION: bool = false;

    /// Why the case's state refuses it whatever its data (HTTP 409), or
    /// `None`.
    fn refusal(_case: &Case) -> Option<Problem> {
        None
    }

    /// Whether a member of staff with `role` may record it on `case`:
    /// [`Entry::WHO`], unless the kind says more for a case's state.
    fn may_record(_case: &Case, role: StaffRole) -> bool {
        Self::WHO.allows(role)
    }

    /// Why `role` may not record this entry on `case` (HTTP 403), or
    /// `None`: [`Entry::may_record`], unless the kind's data says more (a
    /// leader's correction that would change the legal outcome is the
    /// DPO's).
    fn role_refusal(
        &self,
        case: &Case,
        role: StaffRole,
        _org: Option<&OrgProfile>,
        _at: DateTime<Utc>,
    ) -> Option<Problem> {
        (!Self::may_record(case, role)).then(|| not_your_role(Self::WHO, Self::TITLE, role))
    }

    /// Whether the case has something to record it on (a step not ticked,
    /// a measure not done), so the desk offers it.
    fn offered(_case: &Case, _org: Option<&OrgProfile>) -> bool {
        true
    }

    /// What its form starts with on `case`, by field, in `lang` (the
    /// Worker sends it with the case: [`crate::desk::CaseDetail::prefill`]).
    fn prefill(_case: &Case, _lang: brud_shared::lang::Language) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Checks its data and makes its effect on `applying.next`; each
    /// problem goes in `applying.problems`.
    fn apply(&self, applying: &mut Applying);
}
