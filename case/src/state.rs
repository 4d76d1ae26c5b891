//! A case's state: the report as the case has decided it, its assessment
//! in force, and what has been done, each with its time ([`Case`]); what
//! it still owes before it can close ([`Case::open_obligations`]); and where
//! it stands on notifying Datatilsynet ([`NotificationDue`],
//! [`DeadlineState`]). What changes a case is its entries
//! ([`crate::entries`]); this is what they change.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::actor::{Actor, Reminder};
use crate::correction::Dismissal;
use brud_shared::model::{NoticeChannel, NoticeException};
use brud_shared::obligations::Assessment;
use brud_shared::org::OrgProfile;
use brud_shared::problem::{Problem, ProblemCode};
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
    /// For a preliminary notification, the date the rest was promised by
    /// when it was made (a follow-up's own promise comes after).
    #[serde(default)]
    pub more_promised_by: Option<NaiveDate>,
    /// The case's file that is Datatilsynet's receipt (the latest added
    /// as one), by its id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
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
        /// How, in the EDPB template's categories (field 104), when said.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<NoticeChannel>,
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

/// A correction of the report's facts, as the register and the timeline
/// tell it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionMade {
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// The answers it replaced, by their names in
    /// [`crate::entries::Corrections`].
    pub fields: Vec<String>,
    /// Why.
    pub reason: String,
    /// The time of awareness before it, when it moved it (the deadline's
    /// first basis stays visible).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aware_at_before: Option<brud_shared::time::Timestamp>,
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
    /// When the incident was stopped or contained: the time given with the
    /// entry (or the entry's own, when none was given).
    pub contained_at: Option<DateTime<Utc>>,
    /// How, as the entry says.
    #[serde(default)]
    pub contained_how: Option<String>,
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
    /// The corrections of the report's facts, in order.
    #[serde(default)]
    pub corrections: Vec<CorrectionMade>,
    /// The DPO named in the profile when the case opened (the opening
    /// event keeps it): the texts name the DPO of the time.
    #[serde(default)]
    pub dpo: Option<brud_shared::org::Dpo>,
    /// The DPO's description for the people affected, the latest written.
    #[serde(default)]
    pub letter: Option<brud_shared::texts::LetterText>,
    /// The case was opened by a mail to the school's breach mailbox
    /// ([`crate::inbound`]): its report holds the mail, and the facts are
    /// filled in on the desk.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub received_by_mail: bool,
    /// The files kept on the case, in the order they were added
    /// ([`crate::evidence`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<crate::evidence::StoredFile>,
}

impl Case {
    /// Whether the case came by mail and its facts are not filled in yet
    /// (no kind of incident): a leader may fill them in, and the case
    /// cannot close before.
    pub fn awaits_facts(&self) -> bool {
        self.received_by_mail && self.report.nature.incident.is_none()
    }

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
            corrections: Vec::new(),
            contained_how: None,
            dpo: None,
            letter: None,
            received_by_mail: false,
            attachments: Vec::new(),
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
        match made.follow_ups.last() {
            Some(follow_up) => follow_up.more_promised_by,
            None => made.more_promised_by,
        }
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
        if self.awaits_facts() {
            problems.push(Problem::new(
                "facts",
                ProblemCode::Required,
                "Sagen er modtaget som mail: udfyld oplysningerne (hvad skete der, hvis oplysninger, hvem fik dem) under \"Ret oplysningerne\", så risikoen og fristen kan vurderes.",
                "The case came by mail: fill in the facts (what happened, whose data, who got it) under \"Correct the facts\", so the risk and the deadline can be assessed.",
            ));
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
    /// Whether the school is processor in this case: it tells the
    /// controller, on a clock of its own, instead of notifying Datatilsynet.
    pub fn is_processor_case(&self) -> bool {
        self.assessment.obligations.notify_controller.required
    }

    /// When the controller must be told at the latest, for a processor
    /// case ([`brud_shared::obligations::notify_controller`]).
    pub fn controller_deadline(&self) -> Option<DateTime<Utc>> {
        let notify = &self.assessment.obligations.notify_controller;
        notify.deadline.as_ref().map(|d| d.utc())
    }

    /// The clock the case runs on ([`NotificationDue`]): notifying
    /// Datatilsynet within 72 hours; for a processor case, telling the
    /// controller on the school's own clock (the deadline, the reminders,
    /// the register's order and "overdue" all follow it).
    pub fn notification_due(&self) -> NotificationDue<'_> {
        if self.is_processor_case() {
            return NotificationDue {
                deadline: self.controller_deadline(),
                required: self.dismissed.is_none(),
                notified_at: self.controller_notified_at,
                late_reason: None,
                decided_not: false,
            };
        }
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

/// The report without the reporter's name, e-mail and phone (what is kept
/// after retention's erasure; the reporter's role stays).
pub fn without_contact(report: &Report) -> Report {
    let mut kept = report.clone();
    kept.reporter.name = None;
    kept.reporter.email = None;
    kept.reporter.phone = None;
    kept
}
