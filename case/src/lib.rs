//! The case file: what happens to a breach after it is reported.
//!
//! Every accepted report opens a case. The case is never updated in place:
//! it is an append-only log of [`Event`]s, and its state is what
//! [`apply`]ing them in order gives, from [`Case::open`]. `apply` is where
//! the procedures' rules live: an event the case's state does not allow
//! (a second notification of Datatilsynet, a follow-up before any
//! notification, closing with the notification neither made nor decided
//! against, anything but reopening on a closed case) is refused with
//! problems in Danish and English; the Worker answers those with 409 (the
//! state does not allow it) or 422 (the event's own data is wrong).
//!
//! The log is tamper-evident ([`chain`]), and the 72-hour deadline's state
//! is derived from it ([`deadline_state`]). The register as CSV for Danish
//! Excel is [`register`], the board's yearly figures [`control`].
//!
//! The opening event commits the log to the report as received, with the
//! reporter's name and contact hashed apart ([`opening`]): retention can
//! erase them ([`retention_due`], [`EventKind::ContactErased`]) and the
//! report still [matches](report_matches) its opening while the chain
//! still verifies. Who may record what is [`EventTag::may_be_recorded_by`],
//! what the case's state allows is [`state_refusal`], and the two together
//! are [`Case::available`], which the desk offers and nothing else; the
//! list's rows are [`summary`].

pub mod actor;
pub mod archive;
pub mod chain;
pub mod control;
pub mod correction;
pub mod decided;
pub mod desk;
pub mod entries;
pub mod entry;
pub mod event;
pub mod evidence;
pub mod flood;
pub mod high_water;
pub mod inbound;
pub mod notice;
pub mod register;
pub mod roster;
pub mod school_log;
pub mod state;
pub mod steps;
pub mod summary;
pub mod template;
pub mod write;

use crate::entries::Opened;
use chrono::{DateTime, Duration, Months, Utc};
use serde::{Deserialize, Serialize};

pub use actor::{Actor, Reminder};
pub use correction::{Dismissal, DismissalReason};
pub use entries::facts_corrected::Corrections;
pub use event::{Event, EventKind, EventTag};
pub use state::{
    deadline_state, without_contact, AuthorityNotification, Case, CorrectionMade, DeadlineState,
    FollowUp, Measure, NotificationDue, NotificationScope, StepRecord, SubjectsOutcome,
};

use brud_shared::obligations::Assessment;
use brud_shared::org::{OrgProfile, Retention, StaffRole};
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::webhook::sha256_hex;
use brud_shared::Report;

/// The reporter's name, e-mail and phone as the opening event hashes them.
fn contact_json(report: &Report) -> String {
    let reporter = &report.reporter;
    serde_json::to_string(&(&reporter.name, &reporter.email, &reporter.phone))
        .expect("strings always serialise")
}

/// The hash of the reporter's name, e-mail and phone that the opening
/// event commits to: keyed by the case's random `salt` (HMAC-SHA256, hex)
/// when it has one, so that nobody can confirm who reported by hashing
/// staff names; the salt is kept beside the report and erased with the
/// contact, after which the hash can be matched by no one. Cases opened
/// before salts (`None`) have the plain SHA-256.
pub fn contact_hash(report: &Report, salt: Option<&str>) -> String {
    use hmac::{Hmac, Mac};
    let contact = contact_json(report);
    match salt {
        None => sha256_hex(contact.as_bytes()),
        Some(salt) => {
            let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(salt.as_bytes())
                .expect("HMAC takes a key of any length");
            mac.update(contact.as_bytes());
            mac.finalize()
                .into_bytes()
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect()
        }
    }
}

/// The opening event of the case `report` opens with `assessment` (the
/// one made at receipt): it commits the log to both, the reporter's contact
/// hashed apart with the case's `contact_salt` ([`contact_hash`],
/// [`report_matches`]).
pub fn opening(report: &Report, assessment: &Assessment, contact_salt: Option<&str>) -> EventKind {
    let rest = serde_json::to_string(&without_contact(report)).expect("a report serialises");
    EventKind::Opened(Opened {
        report_sha256: sha256_hex(rest.as_bytes()),
        contact_sha256: contact_hash(report, contact_salt),
        assessment_sha256: Some(assessment_sha256(assessment)),
        dpo: None,
        by_mail: false,
    })
}

fn assessment_sha256(assessment: &Assessment) -> String {
    let json = serde_json::to_string(assessment).expect("an assessment serialises");
    sha256_hex(json.as_bytes())
}

/// Whether `report` and `assessment` as stored are what the opening event
/// `opened` committed to: the report without the reporter's contact always,
/// the contact unless it was `erased` (retention; hashed with the case's
/// `contact_salt` when it has one), and the assessment when the event
/// names one (logs opened before it was committed to do not).
pub fn report_matches(
    report: &Report,
    assessment: &Assessment,
    opened: &EventKind,
    erased: bool,
    contact_salt: Option<&str>,
) -> bool {
    let EventKind::Opened(Opened {
        report_sha256,
        contact_sha256,
        assessment_sha256: committed,
        ..
    }) = opened
    else {
        return false;
    };
    let rest = serde_json::to_string(&without_contact(report)).expect("a report serialises");
    sha256_hex(rest.as_bytes()) == *report_sha256
        && (erased || contact_hash(report, contact_salt) == *contact_sha256)
        && committed
            .as_ref()
            .is_none_or(|hash| *hash == assessment_sha256(assessment))
}

/// A case rebuilt from its log: the report and the assessment made at
/// receipt, then `events` in order (the first must be the opening event).
/// On an event that does not apply, its sequence number and problems: the
/// stored log contradicts the rules, which only tampering can cause.
pub fn replay(
    report: Report,
    assessment: Assessment,
    events: &[Event],
    org: Option<&OrgProfile>,
) -> Result<Case, (u32, Vec<Problem>)> {
    let Some((first, rest)) = events.split_first() else {
        return Err((1, vec![opening_missing()]));
    };
    if first.sequence != 1 || !matches!(first.kind, EventKind::Opened(Opened { .. })) {
        return Err((first.sequence, vec![opening_missing()]));
    }
    let mut case = Case::open(report, assessment, first.at);
    if let EventKind::Opened(opened) = &first.kind {
        case.dpo = opened.dpo.clone();
        case.received_by_mail = opened.by_mail;
    }
    for event in rest {
        case = apply(&case, event, org).map_err(|problems| (event.sequence, problems))?;
    }
    Ok(case)
}

fn opening_missing() -> Problem {
    Problem::new(
        "events",
        ProblemCode::NotAllowed,
        "Sagens log begynder ikke med modtagelsen.",
        "The case's log does not begin with its receipt.",
    )
}

/// What retention asks of a case at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RetentionStep {
    /// Erase the reporter's name and contact ([`EventKind::ContactErased`]).
    EraseContact,
    /// Delete the register entry: the retention period is over.
    Delete,
}

/// What retention asks of `case` at `now`, counted from its closing (an
/// open case keeps everything): the register entry goes
/// `register_years` after closing, the reporter's contact
/// `contact_days` after closing.
pub fn retention_due(
    case: &Case,
    retention: &Retention,
    now: DateTime<Utc>,
) -> Option<RetentionStep> {
    let (closed_at, _) = case.closed.as_ref()?;
    let delete_at = closed_at
        .checked_add_months(Months::new(retention.register_years.saturating_mul(12)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    if now >= delete_at {
        return Some(RetentionStep::Delete);
    }
    let erase_at = *closed_at + Duration::days(i64::from(retention.contact_days));
    (now >= erase_at && case.holds_contact()).then_some(RetentionStep::EraseContact)
}

/// Why the case's state refuses any event of kind `tag`, whatever its
/// data, or `None` when the state allows the kind: a closed case takes
/// only reopening (and retention's erasure); otherwise the kind's own
/// refusal ([`entries::Entry::refusal`]). [`apply`] refuses with this
/// problem (HTTP 409), and [`Case::available`] leaves the kind out.
///
/// For example, a case already notified refuses a second notification
/// (`authority_notified`) and allows a follow-up (`authority_follow_up`);
/// a closed case allows only reopening (and retention's erasure).
pub fn state_refusal(case: &Case, tag: EventTag) -> Option<Problem> {
    let closing_allows = matches!(tag, EventTag::Reopened | EventTag::ContactErased);
    if case.closed.is_some() && !closing_allows {
        return entries::refused(
            "Sagen er lukket. Genåbn den først.",
            "The case is closed. Reopen it first.",
        );
    }
    (tag.rules().refusal)(case)
}

impl Case {
    /// The kinds of entry a member of staff with `role` may record on the
    /// case now: those the role may record on it
    /// ([`entries::Entry::may_record`]) that the state allows
    /// ([`state_refusal`]) and that have something to be recorded on
    /// ([`entries::Entry::offered`]: a step of `org`'s procedure to tick, a
    /// measure not yet done). The Worker sends it with the case
    /// ([`desk::CaseDetail`]), and the desk offers exactly these; whether
    /// an entry's own data is complete is still [`apply`]'s answer.
    pub fn available(&self, role: StaffRole, org: Option<&OrgProfile>) -> Vec<EventTag> {
        EventTag::all()
            .filter(|tag| {
                let rules = tag.rules();
                (rules.may_record)(self, role)
                    && state_refusal(self, *tag).is_none()
                    && (rules.offered)(self, org)
            })
            .collect()
    }
}

/// The case after `event`, or why the event cannot be recorded. `org` is
/// the organisation's profile, for recomputing the assessment when the
/// DPO overrides the risk; `event.at` is the time it is recorded. Each
/// kind's checks and effect are its module's ([`entries`]).
///
/// Problems with [`ProblemCode::NotAllowed`] mean the case's state does not
/// allow the event (HTTP 409); any other code means the event's own data
/// is wrong (HTTP 422).
pub fn apply(case: &Case, event: &Event, org: Option<&OrgProfile>) -> Result<Case, Vec<Problem>> {
    if event.sequence != case.sequence + 1 {
        return Err(vec![Problem::new(
            "sequence",
            ProblemCode::NotAllowed,
            "Sagen er ændret i mellemtiden. Hent den igen og se ændringen, før du fortsætter.",
            "The case has changed in the meantime. Reload it and see the change before you go on.",
        )]);
    }
    let refusal = state_refusal(case, event.kind.tag());
    if case.closed.is_some() {
        if let Some(refused) = refusal {
            return Err(vec![refused]);
        }
    }
    let mut next = case.clone();
    next.sequence = event.sequence;
    next.dpo_involved |= event.kind.dpo_only();
    let mut applying = entries::Applying {
        before: case,
        next,
        at: event.at,
        actor: &event.actor,
        org,
        problems: Vec::new(),
    };
    event.kind.apply_to(&mut applying);
    // The state's refusal comes after the data's problems, so a form shows
    // what to correct by its fields first.
    applying.problems.extend(refusal);
    if applying.problems.is_empty() {
        Ok(applying.next)
    } else {
        Err(applying.problems)
    }
}
