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

pub mod chain;
pub mod control;
pub mod correction;
pub mod desk;
pub mod entry;
pub mod event;
pub mod flood;
pub mod notice;
pub mod register;
pub mod steps;
pub mod summary;
pub mod write;

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use correction::{Corrections, Dismissal, DismissalReason};
pub use event::{Actor, Event, EventKind, EventTag, Reminder};

use brud_shared::model::{NoticeException, RiskOverride, Role};
use brud_shared::obligations::{assess, Assessment};
use brud_shared::org::{OrgProfile, Retention, StaffRole};
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::validate::{LIMIT_NAME, LIMIT_TEXT};
use brud_shared::webhook::sha256_hex;
use brud_shared::Report;

/// A step of the organisation's procedure, done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    /// The step's id.
    pub step: String,
    /// When.
    pub at: DateTime<Utc>,
    /// By whom.
    pub by: Actor,
    /// E.g. the ticket number.
    pub note: Option<String>,
}

/// The notification of Datatilsynet, as made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityNotification {
    /// When it was submitted.
    pub notified_at: DateTime<Utc>,
    /// Datatilsynet's reference.
    pub authority_reference: String,
    /// Complete: from the start, or made so by a follow-up (a preliminary
    /// one is not, until then).
    pub complete: bool,
    /// The DPO's reasoning why a preliminary notification needs no complete
    /// follow-up, once recorded.
    #[serde(default)]
    pub follow_up_waived: Option<String>,
    /// Why it was late, when it was.
    pub late_reason: Option<String>,
    /// Follow-ups (art. 33(4)), in order.
    pub follow_ups: Vec<FollowUp>,
}

/// How far a notification of Datatilsynet has come, as the register and
/// the register entry tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationScope<'a> {
    /// Complete from the start.
    Complete,
    /// Preliminary, made complete by a follow-up.
    CompletedByFollowUp,
    /// Preliminary, with the DPO's reasoning when no follow-up is needed.
    Preliminary {
        /// Why none is needed, once recorded.
        waived: Option<&'a str>,
    },
}

impl AuthorityNotification {
    /// How far it has come ([`NotificationScope`]).
    pub fn scope(&self) -> NotificationScope<'_> {
        match (self.complete, self.follow_ups.iter().any(|f| f.completes)) {
            (true, false) => NotificationScope::Complete,
            (true, true) => NotificationScope::CompletedByFollowUp,
            (false, _) => NotificationScope::Preliminary {
                waived: self.follow_up_waived.as_deref(),
            },
        }
    }
}

/// More information sent to Datatilsynet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// When.
    pub sent_at: DateTime<Utc>,
    /// What was added.
    pub added: String,
    /// Still more promised by then.
    pub more_promised_by: Option<NaiveDate>,
    /// Whether it made the notification complete.
    #[serde(default)]
    pub completes: bool,
}

/// How the people affected were dealt with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SubjectsOutcome {
    /// They were told.
    Told {
        /// When.
        told_at: DateTime<Utc>,
        /// How.
        how: String,
        /// How many.
        count: u32,
    },
    /// An art. 34(3) exception applies.
    Exception {
        /// Which.
        exception: NoticeException,
        /// Why.
        reasoning: String,
        /// The public communication instead (third exception).
        public_communication: Option<String>,
    },
}

/// A prevention measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    /// Its id within the case.
    pub measure: String,
    /// What.
    pub what: String,
    /// Who sees to it.
    pub by: String,
    /// When due.
    pub due: Option<NaiveDate>,
    /// When it was recorded as done.
    pub done_at: Option<DateTime<Utc>>,
}

/// A case's state: the report, its assessment in force, and what has been
/// done, each with its time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// The report as received (with the DPO's risk override once made).
    pub report: Report,
    /// The assessment in force: the one made at receipt, or the one
    /// recomputed when the DPO overrode the risk (the computed level kept).
    pub assessment: Assessment,
    /// When the case opened (the report was received).
    pub opened_at: DateTime<Utc>,
    /// The sequence number of the last event applied.
    pub sequence: u32,
    /// The organisation's steps done.
    pub steps_done: Vec<StepRecord>,
    /// When the incident was recorded as contained.
    pub contained_at: Option<DateTime<Utc>>,
    /// The agreed case handler.
    pub handler: Option<String>,
    /// The DPO's latest opinion.
    pub dpo_opinion: Option<String>,
    /// The notification of Datatilsynet, once made.
    pub authority: Option<AuthorityNotification>,
    /// The reasoning of the decision not to notify, once made.
    pub not_notified: Option<String>,
    /// How the people affected were dealt with.
    pub subjects: Option<SubjectsOutcome>,
    /// When the controller was told (processor role).
    pub controller_notified_at: Option<DateTime<Utc>>,
    /// Prevention measures.
    pub prevention: Vec<Measure>,
    /// Notes, in order.
    pub notes: Vec<String>,
    /// Reminders sent.
    pub reminders: Vec<Reminder>,
    /// When and with what lessons the case was closed, while it is (for a
    /// dismissed case, the dismissal's note).
    pub closed: Option<(DateTime<Utc>, String)>,
    /// The dismissal, while the case stands dismissed (it is closed then
    /// too).
    #[serde(default)]
    pub dismissed: Option<Dismissal>,
    /// Whether the DPO has made an entry on the case (an opinion or one of
    /// the DPO's decisions, [`EventTag::dpo_only`]).
    #[serde(default)]
    pub dpo_involved: bool,
    /// The promised date the last follow-up reminder was sent for.
    #[serde(default)]
    pub follow_up_reminded: Option<NaiveDate>,
    /// When the reporter's name and contact were erased (retention).
    pub contact_erased_at: Option<DateTime<Utc>>,
}

impl Case {
    /// The case a received report opens, with the assessment made at
    /// receipt (sequence 1: the [`EventKind::Opened`] event).
    pub fn open(report: Report, assessment: Assessment, opened_at: DateTime<Utc>) -> Case {
        Case {
            report,
            assessment,
            opened_at,
            sequence: 1,
            steps_done: Vec::new(),
            contained_at: None,
            handler: None,
            dpo_opinion: None,
            authority: None,
            not_notified: None,
            subjects: None,
            controller_notified_at: None,
            prevention: Vec::new(),
            notes: Vec::new(),
            reminders: Vec::new(),
            closed: None,
            dismissed: None,
            dpo_involved: false,
            follow_up_reminded: None,
            contact_erased_at: None,
        }
    }

    /// Whether the case still holds the reporter's name or contact: not
    /// erased, and the reporter gave some.
    pub fn holds_contact(&self) -> bool {
        let reporter = &self.report.reporter;
        self.contact_erased_at.is_none()
            && (reporter.name.is_some() || reporter.email.is_some() || reporter.phone.is_some())
    }

    /// The 72-hour deadline for notifying Datatilsynet (whenever the time
    /// of awareness is known, required or not).
    pub fn deadline(&self) -> Option<DateTime<Utc>> {
        let notify = &self.assessment.obligations.notify_authority;
        notify.deadline.as_ref().map(|d| d.utc())
    }

    /// The report as the case has decided it, for every text and export
    /// made from the case (the desk's texts, the register): the reporter's
    /// answers with what the case's events settled applied. Today that is
    /// the reason for a late notification, from the `authority_notified`
    /// event when it has one (a case received in time but notified late
    /// has none in the report).
    pub fn report_as_decided(&self) -> Report {
        let mut report = self.report.clone();
        if let Some(reason) = self
            .authority
            .as_ref()
            .and_then(|made| made.late_reason.clone())
        {
            report.late_reason = Some(reason);
        }
        report
    }

    /// The date by which more information was promised to Datatilsynet and
    /// is still awaited: the latest follow-up's promise, while the
    /// notification is preliminary and the DPO has not said none is needed.
    pub fn follow_up_promised_by(&self) -> Option<NaiveDate> {
        let made = self.authority.as_ref()?;
        if made.complete || made.follow_up_waived.is_some() {
            return None;
        }
        made.follow_ups.last()?.more_promised_by
    }

    /// What must still be done before the case can close, as problems
    /// (empty: it can close). The register needs a decision on
    /// Datatilsynet even when nothing had to be notified; where `org`'s
    /// profile asks for it (`dpo_entry_required`), an entry of the DPO's;
    /// a dismissed case owes nothing.
    pub fn open_obligations(&self, org: Option<&OrgProfile>) -> Vec<Problem> {
        let obligations = &self.assessment.obligations;
        let mut problems = Vec::new();
        // A dismissed report was no breach to handle: nothing is owed.
        if self.dismissed.is_some() {
            return problems;
        }
        if let Some(made) = &self.authority {
            if !made.complete && made.follow_up_waived.is_none() {
                problems.push(Problem::new(
                    "authority_follow_up",
                    ProblemCode::Required,
                    "Anmeldelsen er foreløbig: registrér den supplerende anmeldelse, der gør den fuldstændig, eller DPO'ens begrundelse for, at ingen er nødvendig.",
                    "The notification is preliminary: record the follow-up that completes it, or the DPO's reasoning why none is needed.",
                ));
            }
        }
        if self.authority.is_none() && self.not_notified.is_none() {
            problems.push(Problem::new(
                "authority",
                ProblemCode::Required,
                "Registrér anmeldelsen til Datatilsynet eller beslutningen om ikke at anmelde.",
                "Record the notification of Datatilsynet or the decision not to notify.",
            ));
        }
        if obligations.notify_subjects.required && self.subjects.is_none() {
            problems.push(Problem::new(
                "subjects",
                ProblemCode::Required,
                "Registrér at de berørte er underrettet, eller hvilken undtagelse der gælder.",
                "Record that the people affected were told, or which exception applies.",
            ));
        }
        if obligations.notify_controller.required && self.controller_notified_at.is_none() {
            problems.push(Problem::new(
                "controller",
                ProblemCode::Required,
                "Registrér at den dataansvarlige er underrettet.",
                "Record that the controller was told.",
            ));
        }
        if org.is_some_and(|org| org.dpo_entry_required) && !self.dpo_involved {
            problems.push(Problem::new(
                "dpo",
                ProblemCode::Required,
                "Skolens databeskyttelsesrådgiver skal inddrages: DPO'en registrerer sin vurdering eller en beslutning.",
                "The school's data protection officer must be involved: the DPO records an opinion or a decision.",
            ));
        }
        problems
    }
}

/// The reporter's name, e-mail and phone as the opening event hashes them.
fn contact_json(report: &Report) -> String {
    let reporter = &report.reporter;
    serde_json::to_string(&(&reporter.name, &reporter.email, &reporter.phone))
        .expect("strings always serialise")
}

/// The report without the reporter's name, e-mail and phone (what is kept
/// after retention's erasure; the reporter's role stays).
pub fn without_contact(report: &Report) -> Report {
    let mut kept = report.clone();
    kept.reporter.name = None;
    kept.reporter.email = None;
    kept.reporter.phone = None;
    kept
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
    EventKind::Opened {
        report_sha256: sha256_hex(rest.as_bytes()),
        contact_sha256: contact_hash(report, contact_salt),
        assessment_sha256: Some(assessment_sha256(assessment)),
    }
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
    let EventKind::Opened {
        report_sha256,
        contact_sha256,
        assessment_sha256: committed,
    } = opened
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
    if first.sequence != 1 || !matches!(first.kind, EventKind::Opened { .. }) {
        return Err((first.sequence, vec![opening_missing()]));
    }
    let mut case = Case::open(report, assessment, first.at);
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

/// The state of the 72-hour deadline for notifying Datatilsynet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DeadlineState {
    /// No notification is required (and none was made).
    NotRequired,
    /// Required, not yet made, the deadline ahead.
    Open {
        /// The deadline.
        due: DateTime<Utc>,
    },
    /// Required, not made, the deadline passed.
    Overdue {
        /// The deadline.
        due: DateTime<Utc>,
    },
    /// Notified within the deadline.
    Met {
        /// The deadline.
        due: DateTime<Utc>,
        /// When Datatilsynet was notified.
        notified_at: DateTime<Utc>,
    },
    /// Required by the assessment, and the DPO decided not to notify (the
    /// board's control report names such a contradiction).
    NotNotified {
        /// The deadline.
        due: DateTime<Utc>,
    },
    /// Notified after the deadline, with the reason.
    MetLate {
        /// The deadline.
        due: DateTime<Utc>,
        /// When Datatilsynet was notified.
        notified_at: DateTime<Utc>,
        /// Why it was late.
        reason: String,
    },
}

impl DeadlineState {
    /// The 72-hour clock as the desk shows it at `now`, in `lang`: time
    /// left, how long ago it passed, met, met late or not required.
    pub fn describe(&self, now: DateTime<Utc>, lang: brud_shared::lang::Language) -> String {
        use brud_shared::time::format_remaining;
        match self {
            DeadlineState::NotRequired => lang.pick("Ikke krævet", "Not required").into(),
            DeadlineState::NotNotified { .. } => lang
                .pick("Besluttet ikke at anmelde", "Decided not to notify")
                .into(),
            DeadlineState::Open { due } | DeadlineState::Overdue { due } => {
                format_remaining(*due, now, lang)
            }
            DeadlineState::Met { .. } => lang.pick("Overholdt", "Met").into(),
            DeadlineState::MetLate { .. } => lang.pick("Anmeldt for sent", "Notified late").into(),
        }
    }
}

/// The deadline's state at `now`. A notification made counts even where
/// none was required; a dismissed case requires none; a case without a known time of awareness (which a
/// valid report always has) has no deadline to show.
pub fn deadline_state(case: &Case, now: DateTime<Utc>) -> DeadlineState {
    case.notification_due().state(now)
}

impl Case {
    /// Where the case stands on notifying Datatilsynet ([`NotificationDue`]).
    pub fn notification_due(&self) -> NotificationDue<'_> {
        let authority = self.authority.as_ref();
        NotificationDue {
            deadline: self.deadline(),
            required: self.assessment.obligations.notify_authority.required
                && self.dismissed.is_none(),
            notified_at: authority.map(|a| a.notified_at),
            late_reason: authority.and_then(|a| a.late_reason.as_deref()),
            decided_not: self.not_notified.is_some(),
        }
    }
}

/// Where a case stands on notifying Datatilsynet: the one rule of what is
/// owed and what is overdue, read by the case ([`deadline_state`]), its
/// list row ([`summary::CaseSummary`], whose `overdue_from` the store
/// filters on) and the board's figures ([`control::ControlFacts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotificationDue<'a> {
    /// The 72-hour deadline, when the time of awareness is known.
    pub deadline: Option<DateTime<Utc>>,
    /// Whether the assessment in force requires a notification (never for
    /// a dismissed case).
    pub required: bool,
    /// When it was made.
    pub notified_at: Option<DateTime<Utc>>,
    /// Why it was late, when it was.
    pub late_reason: Option<&'a str>,
    /// The DPO recorded the decision not to notify.
    pub decided_not: bool,
}

impl NotificationDue<'_> {
    /// Whether Datatilsynet is still owed a notification: required,
    /// neither made nor decided against.
    pub fn owed(&self) -> bool {
        self.required && self.notified_at.is_none() && !self.decided_not
    }

    /// From when the case is overdue: its deadline, while a notification
    /// is owed. Overdue at `now` is `now` after it.
    ///
    /// ```
    /// # use brud_case::NotificationDue;
    /// let due = "2026-11-23T08:30:00Z".parse().unwrap();
    /// let owed = NotificationDue { deadline: Some(due), required: true, notified_at: None, late_reason: None, decided_not: false };
    /// assert_eq!(owed.overdue_from(), Some(due));
    /// let decided = NotificationDue { decided_not: true, ..owed };
    /// assert_eq!(decided.overdue_from(), None);
    /// ```
    pub fn overdue_from(&self) -> Option<DateTime<Utc>> {
        self.deadline.filter(|_| self.owed())
    }

    /// The deadline's state at `now`.
    pub fn state(&self, now: DateTime<Utc>) -> DeadlineState {
        let Some(due) = self.deadline else {
            return DeadlineState::NotRequired;
        };
        match self.notified_at {
            Some(notified_at) if notified_at <= due => DeadlineState::Met { due, notified_at },
            Some(notified_at) => DeadlineState::MetLate {
                due,
                notified_at,
                reason: self.late_reason.unwrap_or_default().to_string(),
            },
            None if !self.required => DeadlineState::NotRequired,
            None if self.decided_not => DeadlineState::NotNotified { due },
            None if self.overdue_from().is_some_and(|from| now > from) => {
                DeadlineState::Overdue { due }
            }
            None => DeadlineState::Open { due },
        }
    }
}

/// Why the case's state refuses any event of kind `tag`, whatever its
/// data, or `None` when the state allows the kind. The one place these
/// rules are written: [`apply`] refuses with this problem (HTTP 409), and
/// [`Case::available`] leaves the kind out.
///
/// A fact the register holds once is recorded once: Datatilsynet notified
/// (more goes in a follow-up), the decision not to notify, the people
/// affected told or the exception (which may still give way to telling
/// them), the controller told, the breach contained. Closing is
/// allowed by the state while the case is open; what is still missing
/// then is [`Case::open_obligations`], refused by [`apply`] with the
/// missing items named.
///
/// For example, a case already notified refuses a second notification
/// (`authority_notified`) and allows a follow-up (`authority_follow_up`);
/// a closed case allows only reopening (and retention's erasure).
pub fn state_refusal(case: &Case, tag: EventTag) -> Option<Problem> {
    let refuse = |da: &str, en: &str| Some(Problem::new("kind", ProblemCode::NotAllowed, da, en));
    let closing_allows = matches!(tag, EventTag::Reopened | EventTag::ContactErased);
    if case.closed.is_some() && !closing_allows {
        return refuse(
            "Sagen er lukket. Genåbn den først.",
            "The case is closed. Reopen it first.",
        );
    }
    match tag {
        EventTag::Opened => refuse("Sagen er allerede oprettet.", "The case is already open."),
        EventTag::Contained if case.contained_at.is_some() => refuse(
            "Bruddet er allerede registreret som stoppet.",
            "The breach is already recorded as contained.",
        ),
        EventTag::AuthorityNotified if case.authority.is_some() => refuse(
            "Datatilsynet er allerede underrettet. Registrér en opfølgning i stedet.",
            "Datatilsynet has already been notified. Record a follow-up instead.",
        ),
        EventTag::AuthorityFollowUp if case.authority.is_none() => refuse(
            "Datatilsynet er ikke underrettet endnu; en opfølgning kræver en anmeldelse.",
            "Datatilsynet has not been notified yet; a follow-up needs a notification.",
        ),
        EventTag::FollowUpNotNeeded
            if case
                .authority
                .as_ref()
                .is_none_or(|made| made.complete || made.follow_up_waived.is_some()) =>
        {
            refuse(
                "Der er ingen foreløbig anmeldelse, der venter på en supplerende.",
                "There is no preliminary notification waiting for a follow-up.",
            )
        }
        EventTag::NotNotified if case.authority.is_some() => refuse(
            "Datatilsynet er allerede underrettet.",
            "Datatilsynet has already been notified.",
        ),
        EventTag::NotNotified if case.not_notified.is_some() => refuse(
            "Beslutningen om ikke at anmelde er allerede registreret.",
            "The decision not to notify is already recorded.",
        ),
        EventTag::SubjectsTold | EventTag::SubjectsException
            if matches!(case.subjects, Some(SubjectsOutcome::Told { .. })) =>
        {
            refuse(
                "De berørte er allerede underrettet.",
                "The people affected have already been told.",
            )
        }
        // An exception recorded can still give way to telling them after
        // all, not to a second exception.
        EventTag::SubjectsException if case.subjects.is_some() => refuse(
            "En undtagelse fra underretning er allerede registreret.",
            "An exception from telling is already recorded.",
        ),
        EventTag::ControllerNotified if case.report.role != Some(Role::Processor) => refuse(
            "Skolen er ikke databehandler i denne sag.",
            "The school is not the processor in this case.",
        ),
        EventTag::ControllerNotified if case.controller_notified_at.is_some() => refuse(
            "Den dataansvarlige er allerede underrettet.",
            "The controller has already been told.",
        ),
        EventTag::Dismissed if case.authority.is_some() => refuse(
            "Datatilsynet er underrettet om bruddet. Luk sagen i stedet for at afvise den.",
            "Datatilsynet has been notified of the breach. Close the case instead of dismissing it.",
        ),
        EventTag::Dismissed if matches!(case.subjects, Some(SubjectsOutcome::Told { .. })) => {
            refuse(
                "De berørte er underrettet om bruddet. Luk sagen i stedet for at afvise den.",
                "The people affected have been told of the breach. Close the case instead of dismissing it.",
            )
        }
        EventTag::Reopened if case.closed.is_none() => {
            refuse("Sagen er ikke lukket.", "The case is not closed.")
        }
        EventTag::ContactErased if case.closed.is_none() => refuse(
            "Kontaktoplysninger slettes først, når sagen er lukket.",
            "Contact details are erased only once the case is closed.",
        ),
        EventTag::ContactErased if case.contact_erased_at.is_some() => refuse(
            "Kontaktoplysningerne er allerede slettet.",
            "The contact details are already erased.",
        ),
        _ => None,
    }
}

impl Case {
    /// The kinds of entry a member of staff with `role` may record on the
    /// case now: those the role may record ([`EventTag::may_be_recorded_by`])
    /// that the state allows ([`state_refusal`]) and that have something to
    /// be recorded on (a step of `org`'s procedure to tick, not one an
    /// obligation's entry does ([`event::settling_event`]), a measure not
    /// yet done). The Worker sends it with the case ([`desk::CaseDetail`]),
    /// and the desk offers exactly these; whether an entry's own data is
    /// complete is still [`apply`]'s answer.
    pub fn available(&self, role: StaffRole, org: Option<&OrgProfile>) -> Vec<EventTag> {
        EventTag::all()
            .filter(|tag| tag.may_be_recorded_by(role))
            .filter(|tag| state_refusal(self, *tag).is_none())
            .filter(|tag| match tag {
                EventTag::StepDone => self
                    .assessment
                    .obligations
                    .steps
                    .iter()
                    .filter(|step| {
                        event::settling_event(event::condition_of(org, &step.id)).is_none()
                    })
                    .any(|step| !self.steps_done.iter().any(|done| done.step == step.id)),
                EventTag::PreventionDone => self.prevention.iter().any(|m| m.done_at.is_none()),
                _ => true,
            })
            .collect()
    }
}

/// Collects the problems of one event's data.
struct Check(Vec<Problem>);

impl Check {
    fn text(&mut self, value: &str, field: &str, max: usize, da: &str, en: &str) {
        if value.trim().is_empty() {
            self.0
                .push(Problem::new(field, ProblemCode::Required, da, en));
        } else {
            self.within(value, field, max);
        }
    }

    fn optional_text(&mut self, value: &Option<String>, field: &str, max: usize) {
        if let Some(value) = value {
            self.within(value, field, max);
        }
    }

    fn within(&mut self, value: &str, field: &str, max: usize) {
        let length = value.chars().count();
        if length > max {
            self.0.push(Problem::too_long(field, max, length));
        }
    }

    fn not_after(&mut self, at: DateTime<Utc>, now: DateTime<Utc>, field: &str) {
        if at > now {
            self.0.push(Problem::new(
                field,
                ProblemCode::InFuture,
                "Tidspunktet ligger i fremtiden.",
                "The time is in the future.",
            ));
        }
    }

    fn not_allowed(&mut self, field: &str, da: &str, en: &str) {
        self.0
            .push(Problem::new(field, ProblemCode::NotAllowed, da, en));
    }
}

/// The case after `event`, or why the event cannot be recorded. `org` is
/// the organisation's profile, for recomputing the assessment when the
/// DPO overrides the risk; `event.at` is the time it is recorded.
///
/// Problems with [`ProblemCode::NotAllowed`] mean the case's state does not
/// allow the event (HTTP 409); any other code means the event's own data
/// is wrong (HTTP 422).
pub fn apply(case: &Case, event: &Event, org: Option<&OrgProfile>) -> Result<Case, Vec<Problem>> {
    let mut check = Check(Vec::new());
    let now = event.at;
    if event.sequence != case.sequence + 1 {
        check.0.push(Problem::new(
            "sequence",
            ProblemCode::NotAllowed,
            "Sagen er ændret i mellemtiden. Hent den igen og se ændringen, før du fortsætter.",
            "The case has changed in the meantime. Reload it and see the change before you go on.",
        ));
        return Err(check.0);
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
    match &event.kind {
        EventKind::Opened { .. } => {}
        EventKind::StepDone { step, note } => {
            check.optional_text(note, "note", LIMIT_NAME);
            if !case
                .assessment
                .obligations
                .steps
                .iter()
                .any(|s| &s.id == step)
            {
                check.0.push(Problem::new(
                    "step",
                    ProblemCode::InvalidValue,
                    "Skolens procedure har ikke det trin for denne sag.",
                    "The school's procedure has no such step for this case.",
                ));
            } else if let Some(settling) = event::settling_event(event::condition_of(org, step)) {
                check.0.push(Problem::new(
                    "step",
                    ProblemCode::NotAllowed,
                    format!(
                        "Trinnet er udført, når det er registreret: {}.",
                        settling.title(brud_shared::Language::Da)
                    ),
                    format!(
                        "The step is done by recording it: {}.",
                        settling.title(brud_shared::Language::En)
                    ),
                ));
            } else if case.steps_done.iter().any(|s| &s.step == step) {
                check.not_allowed(
                    "step",
                    "Trinnet er allerede udført.",
                    "The step is already done.",
                );
            }
            next.steps_done.push(StepRecord {
                step: step.clone(),
                at: now,
                by: event.actor.clone(),
                note: note.clone(),
            });
        }
        EventKind::Contained { note } => {
            check.optional_text(note, "note", LIMIT_TEXT);
            next.contained_at = Some(now);
        }
        EventKind::HandlerAgreed { handler } => {
            check.text(
                handler,
                "handler",
                LIMIT_NAME,
                "Skriv hvem der håndterer sagen.",
                "Enter who handles the case.",
            );
            next.handler = Some(handler.clone());
        }
        EventKind::DpoOpinion { text } => {
            check.text(
                text,
                "text",
                LIMIT_TEXT,
                "Skriv DPO'ens udtalelse.",
                "Enter the DPO's opinion.",
            );
            next.dpo_opinion = Some(text.clone());
        }
        EventKind::RiskOverridden {
            risk,
            justification,
        } => {
            check.text(
                justification,
                "justification",
                LIMIT_TEXT,
                "Begrund den ændrede vurdering.",
                "Give the reason for the changed assessment.",
            );
            next.report.risk_override = Some(RiskOverride {
                risk: *risk,
                justification: Some(justification.clone()),
            });
            next.assessment = assess(&next.report, org, now);
        }
        EventKind::AuthorityNotified {
            notified_at,
            authority_reference,
            complete,
            late_reason,
        } => {
            check.not_after(*notified_at, now, "notified_at");
            check.text(
                authority_reference,
                "authority_reference",
                LIMIT_NAME,
                "Skriv Datatilsynets journalnummer.",
                "Enter Datatilsynet's reference.",
            );
            check.optional_text(late_reason, "late_reason", LIMIT_TEXT);
            let late = case.deadline().is_some_and(|due| *notified_at > due);
            if late && late_reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                check.0.push(Problem::new(
                    "late_reason",
                    ProblemCode::LateReasonRequired,
                    "Anmeldelsen kom efter fristen på 72 timer. Skriv hvorfor.",
                    "The notification came after the 72-hour deadline. Say why.",
                ));
            }
            next.authority = Some(AuthorityNotification {
                notified_at: *notified_at,
                authority_reference: authority_reference.clone(),
                complete: *complete,
                follow_up_waived: None,
                late_reason: late_reason.clone().filter(|_| late),
                follow_ups: Vec::new(),
            });
        }
        EventKind::AuthorityFollowUp {
            sent_at,
            added,
            more_promised_by,
            completes,
        } => {
            check.not_after(*sent_at, now, "sent_at");
            check.text(
                added,
                "added",
                LIMIT_TEXT,
                "Skriv hvad der er sendt.",
                "Enter what was sent.",
            );
            // Without a notification, the state refuses it (below).
            if let Some(made) = &mut next.authority {
                if *sent_at < made.notified_at {
                    check.0.push(Problem::new(
                        "sent_at",
                        ProblemCode::InvalidRange,
                        "Opfølgningen kan ikke ligge før anmeldelsen.",
                        "The follow-up cannot come before the notification.",
                    ));
                }
                made.follow_ups.push(FollowUp {
                    sent_at: *sent_at,
                    added: added.clone(),
                    more_promised_by: *more_promised_by,
                    completes: *completes,
                });
                made.complete |= *completes;
            }
        }
        EventKind::FollowUpNotNeeded { reasoning } => {
            check.text(
                reasoning,
                "reasoning",
                LIMIT_TEXT,
                "Begrund hvorfor ingen supplerende anmeldelse er nødvendig.",
                "Give the reason why no further follow-up is needed.",
            );
            // Without a preliminary notification, the state refuses it.
            if let Some(made) = &mut next.authority {
                made.follow_up_waived = Some(reasoning.clone());
            }
        }
        EventKind::NotNotified { reasoning } => {
            check.text(
                reasoning,
                "reasoning",
                LIMIT_TEXT,
                "Begrund hvorfor bruddet ikke anmeldes.",
                "Give the reason why the breach is not notified.",
            );
            next.not_notified = Some(reasoning.clone());
        }
        EventKind::SubjectsTold {
            told_at,
            how,
            count,
        } => {
            check.not_after(*told_at, now, "told_at");
            check.text(
                how,
                "how",
                LIMIT_TEXT,
                "Skriv hvordan de berørte er underrettet.",
                "Enter how the people affected were told.",
            );
            if *count == 0 {
                check.0.push(Problem::new(
                    "count",
                    ProblemCode::InvalidValue,
                    "Skriv hvor mange der er underrettet.",
                    "Enter how many people were told.",
                ));
            }
            next.subjects = Some(SubjectsOutcome::Told {
                told_at: *told_at,
                how: how.clone(),
                count: *count,
            });
        }
        EventKind::SubjectsException {
            exception,
            reasoning,
            public_communication,
        } => {
            check.text(
                reasoning,
                "reasoning",
                LIMIT_TEXT,
                "Begrund undtagelsen.",
                "Give the reason for the exception.",
            );
            check.optional_text(public_communication, "public_communication", LIMIT_TEXT);
            let public = public_communication
                .as_deref()
                .is_some_and(|p| !p.trim().is_empty());
            if *exception == NoticeException::Disproportionate && !public {
                check.0.push(Problem::new(
                    "public_communication",
                    ProblemCode::Required,
                    "Beskriv den offentlige meddelelse, der gives i stedet.",
                    "Describe the public communication made instead.",
                ));
            }
            next.subjects = Some(SubjectsOutcome::Exception {
                exception: *exception,
                reasoning: reasoning.clone(),
                public_communication: public_communication.clone(),
            });
        }
        EventKind::ControllerNotified { notified_at } => {
            check.not_after(*notified_at, now, "notified_at");
            next.controller_notified_at = Some(*notified_at);
        }
        EventKind::PreventionPlanned {
            measure,
            what,
            by,
            due,
        } => {
            check.text(
                measure,
                "measure",
                LIMIT_NAME,
                "Giv tiltaget et id.",
                "Give the measure an id.",
            );
            check.text(
                what,
                "what",
                LIMIT_TEXT,
                "Skriv hvad der skal gøres.",
                "Enter what is to be done.",
            );
            check.text(
                by,
                "by",
                LIMIT_NAME,
                "Skriv hvem der sørger for det.",
                "Enter who sees to it.",
            );
            if case.prevention.iter().any(|m| &m.measure == measure) {
                check.0.push(Problem::new(
                    "measure",
                    ProblemCode::Duplicate,
                    "Der er allerede et tiltag med det id.",
                    "There is already a measure with that id.",
                ));
            }
            next.prevention.push(Measure {
                measure: measure.clone(),
                what: what.clone(),
                by: by.clone(),
                due: *due,
                done_at: None,
            });
        }
        EventKind::PreventionDone { measure } => {
            match next.prevention.iter_mut().find(|m| &m.measure == measure) {
                None => check.0.push(Problem::new(
                    "measure",
                    ProblemCode::InvalidValue,
                    "Der er ikke noget tiltag med det id.",
                    "There is no measure with that id.",
                )),
                Some(found) if found.done_at.is_some() => check.not_allowed(
                    "measure",
                    "Tiltaget er allerede udført.",
                    "The measure is already done.",
                ),
                Some(found) => found.done_at = Some(now),
            }
        }
        EventKind::Note { text } => {
            check.text(text, "text", LIMIT_TEXT, "Skriv noten.", "Enter the note.");
            next.notes.push(text.clone());
        }
        EventKind::FollowUpReminderSent { promised_by } => {
            if case.follow_up_promised_by() != Some(*promised_by)
                || case.follow_up_reminded == Some(*promised_by)
            {
                check.not_allowed(
                    "promised_by",
                    "Der afventes ikke oplysninger lovet til den dato, eller påmindelsen er sendt.",
                    "No information promised for that date is awaited, or the reminder was sent.",
                );
            }
            next.follow_up_reminded = Some(*promised_by);
        }
        EventKind::ReminderSent { reminder } => {
            if case.reminders.contains(reminder) {
                check.not_allowed(
                    "reminder",
                    "Påmindelsen er allerede sendt.",
                    "The reminder has already been sent.",
                );
            }
            next.reminders.push(*reminder);
        }
        EventKind::Closed { lessons } => {
            check.text(
                lessons,
                "lessons",
                LIMIT_TEXT,
                "Skriv hvad I har lært.",
                "Enter the lessons learned.",
            );
            for mut problem in case.open_obligations(org) {
                problem.code = ProblemCode::NotAllowed;
                check.0.push(problem);
            }
            next.closed = Some((now, lessons.clone()));
        }
        EventKind::Reopened { reason } => {
            check.text(
                reason,
                "reason",
                LIMIT_TEXT,
                "Skriv hvorfor sagen genåbnes.",
                "Enter why the case is reopened.",
            );
            next.closed = None;
            next.dismissed = None;
        }
        EventKind::FactsCorrected { corrected, reason } => {
            check.text(
                reason,
                "reason",
                LIMIT_TEXT,
                "Skriv hvorfor oplysningerne rettes.",
                "Enter why the facts are corrected.",
            );
            if corrected.fields().is_empty() {
                check.0.push(Problem::new(
                    "corrected",
                    ProblemCode::Required,
                    "Ret mindst én oplysning.",
                    "Correct at least one answer.",
                ));
            }
            next.report = corrected.applied_to(&case.report);
            check.0.extend(corrected.problems(&next.report, now));
            next.assessment = assess(&next.report, org, now);
        }
        EventKind::Dismissed {
            reason,
            duplicate_of,
            note,
        } => {
            check.text(
                note,
                "note",
                LIMIT_TEXT,
                "Skriv en note om afvisningen.",
                "Enter a note on the dismissal.",
            );
            let duplicate_of = duplicate_of
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty() && *reason == DismissalReason::Duplicate);
            if *reason == DismissalReason::Duplicate {
                match duplicate_of {
                    None => check.0.push(Problem::new(
                        "duplicate_of",
                        ProblemCode::Required,
                        "Skriv journalnummeret på den sag, den er en dublet af.",
                        "Enter the reference of the case it duplicates.",
                    )),
                    Some(other) if other.parse::<brud_shared::reference::Reference>().is_err() => {
                        check.0.push(Problem::new(
                            "duplicate_of",
                            ProblemCode::InvalidFormat,
                            "Skriv et journalnummer som ZAH-2026-0042.",
                            "Enter a reference such as ZAH-2026-0042.",
                        ))
                    }
                    Some(_) => {}
                }
            }
            next.dismissed = Some(Dismissal {
                at: now,
                reason: *reason,
                duplicate_of: duplicate_of.map(str::to_string),
                note: note.clone(),
            });
            next.closed = Some((now, note.clone()));
        }
        EventKind::ContactErased => {
            next.report = without_contact(&case.report);
            next.contact_erased_at = Some(now);
        }
    }
    // The state's refusal comes after the data's problems, so a form shows
    // what to correct by its fields first.
    check.0.extend(refusal);
    if check.0.is_empty() {
        Ok(next)
    } else {
        Err(check.0)
    }
}
