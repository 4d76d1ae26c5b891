//! What can happen to a case: the events of its append-only log.
//!
//! Every event says who (a signed-in person's e-mail, or the system), when
//! (UTC) and what. The kinds follow the two schools' procedures and the
//! register's minimum content; each is a module of its own in
//! [`crate::entries`] (its data, who may record it, what the case's state
//! refuses, its checks and effect, its form), listed once here
//! ([`EventKind`]) with its fieldless twin ([`EventTag`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use strum::{EnumDiscriminants, EnumIter, IntoStaticStr};

pub use crate::actor::{Actor, Reminder};

use crate::entries::{
    Applying, AttachmentAdded, AuthorityFollowUp, AuthorityNotified, Closed, ContactErased,
    Contained, ControllerNotified, Dismissed, DpoOpinion, Entry, FactsCorrected, FollowUpNotNeeded,
    FollowUpReminderSent, Form, HandlerAgreed, LetterWritten, MailReceived, NotNotified, Note,
    Opened, PreventionDone, PreventionPlanned, ReminderSent, Reopened, RiskOverridden, StepDone,
    SubjectsException, SubjectsTold, TemplateAnswered, Who,
};
use crate::state::Case;
use brud_shared::org::{OrgProfile, StaffRole, StepCondition};
use brud_shared::problem::Problem;

/// One entry of a case's log, as stored and as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Its place in the case's log: 1 for the opening event, then 2, 3, …
    pub sequence: u32,
    /// When it was recorded (UTC).
    pub at: DateTime<Utc>,
    /// Who recorded it.
    pub actor: Actor,
    /// What happened, with its data.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// What happened. On the wire: `"kind": "<snake_case name>"` beside the
/// kind's own fields (each kind's data is its module's type in
/// [`crate::entries`]). The canonical JSON of every kind is what it has
/// always been, so old logs verify (`tests/canonical.rs`).
///
/// Each kind has a fieldless twin, [`EventTag`], derived here (strum's
/// `EnumDiscriminants`) so that the list of kinds is written once; what is
/// said of a kind whatever its data is its [`KindRules`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, EnumDiscriminants)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[strum_discriminants(
    name(EventTag),
    derive(Hash, Serialize, Deserialize, EnumIter, IntoStaticStr),
    serde(rename_all = "snake_case"),
    strum(serialize_all = "snake_case")
)]
// A correction is large beside a note; a case holds a few dozen events,
// read one log at a time, so the space is no concern and no box is needed.
#[allow(clippy::large_enum_variant)]
pub enum EventKind {
    /// [`crate::entries::opened`].
    Opened(Opened),
    /// [`crate::entries::step_done`].
    StepDone(StepDone),
    /// [`crate::entries::contained`].
    Contained(Contained),
    /// [`crate::entries::handler_agreed`].
    HandlerAgreed(HandlerAgreed),
    /// [`crate::entries::dpo_opinion`].
    DpoOpinion(DpoOpinion),
    /// [`crate::entries::risk_overridden`].
    RiskOverridden(RiskOverridden),
    /// [`crate::entries::authority_notified`].
    AuthorityNotified(AuthorityNotified),
    /// [`crate::entries::authority_follow_up`].
    AuthorityFollowUp(AuthorityFollowUp),
    /// [`crate::entries::follow_up_not_needed`].
    FollowUpNotNeeded(FollowUpNotNeeded),
    /// [`crate::entries::not_notified`].
    NotNotified(NotNotified),
    /// [`crate::entries::subjects_told`].
    SubjectsTold(SubjectsTold),
    /// [`crate::entries::subjects_exception`].
    SubjectsException(SubjectsException),
    /// [`crate::entries::controller_notified`].
    ControllerNotified(ControllerNotified),
    /// [`crate::entries::prevention_planned`].
    PreventionPlanned(PreventionPlanned),
    /// [`crate::entries::prevention_done`].
    PreventionDone(PreventionDone),
    /// [`crate::entries::note`].
    Note(Note),
    /// [`crate::entries::reminder_sent`].
    ReminderSent(ReminderSent),
    /// [`crate::entries::facts_corrected`].
    FactsCorrected(FactsCorrected),
    /// [`crate::entries::dismissed`].
    Dismissed(Dismissed),
    /// [`crate::entries::follow_up_reminder_sent`].
    FollowUpReminderSent(FollowUpReminderSent),
    /// [`crate::entries::closed`].
    Closed(Closed),
    /// [`crate::entries::reopened`].
    Reopened(Reopened),
    /// [`crate::entries::letter_written`].
    LetterWritten(LetterWritten),
    /// [`crate::entries::mail_received`].
    MailReceived(MailReceived),
    /// [`crate::entries::attachment_added`].
    AttachmentAdded(AttachmentAdded),
    /// [`crate::entries::template_answered`].
    TemplateAnswered(TemplateAnswered),
    /// [`crate::entries::contact_erased`] (no data: a unit on the wire).
    ContactErased,
}

/// What a kind of entry says of a case whatever its data: its module's
/// [`Entry`] functions.
#[derive(Clone, Copy)]
pub struct KindRules {
    /// Why the case's state refuses it.
    pub refusal: fn(&Case) -> Option<Problem>,
    /// Whether a role may record it on a case.
    pub may_record: fn(&Case, StaffRole) -> bool,
    /// Whether the case has something to record it on.
    pub offered: fn(&Case, Option<&OrgProfile>) -> bool,
    /// What its form starts with on a case.
    pub prefill: fn(&Case, brud_shared::lang::Language) -> Vec<(&'static str, String)>,
}

const fn rules<E: Entry>() -> KindRules {
    KindRules {
        refusal: E::refusal,
        may_record: E::may_record,
        offered: E::offered,
        prefill: E::prefill,
    }
}

/// `$body` with `$entry` the type of `$tag`'s kind: the one list of which
/// type each kind is, for what is said of a kind whatever its data.
macro_rules! with_entry {
    ($tag:expr, $entry:ident => $body:expr) => {
        match $tag {
            EventTag::Opened => {
                type $entry = Opened;
                $body
            }
            EventTag::StepDone => {
                type $entry = StepDone;
                $body
            }
            EventTag::Contained => {
                type $entry = Contained;
                $body
            }
            EventTag::HandlerAgreed => {
                type $entry = HandlerAgreed;
                $body
            }
            EventTag::DpoOpinion => {
                type $entry = DpoOpinion;
                $body
            }
            EventTag::RiskOverridden => {
                type $entry = RiskOverridden;
                $body
            }
            EventTag::AuthorityNotified => {
                type $entry = AuthorityNotified;
                $body
            }
            EventTag::AuthorityFollowUp => {
                type $entry = AuthorityFollowUp;
                $body
            }
            EventTag::FollowUpNotNeeded => {
                type $entry = FollowUpNotNeeded;
                $body
            }
            EventTag::NotNotified => {
                type $entry = NotNotified;
                $body
            }
            EventTag::SubjectsTold => {
                type $entry = SubjectsTold;
                $body
            }
            EventTag::SubjectsException => {
                type $entry = SubjectsException;
                $body
            }
            EventTag::ControllerNotified => {
                type $entry = ControllerNotified;
                $body
            }
            EventTag::PreventionPlanned => {
                type $entry = PreventionPlanned;
                $body
            }
            EventTag::PreventionDone => {
                type $entry = PreventionDone;
                $body
            }
            EventTag::Note => {
                type $entry = Note;
                $body
            }
            EventTag::ReminderSent => {
                type $entry = ReminderSent;
                $body
            }
            EventTag::FactsCorrected => {
                type $entry = FactsCorrected;
                $body
            }
            EventTag::Dismissed => {
                type $entry = Dismissed;
                $body
            }
            EventTag::FollowUpReminderSent => {
                type $entry = FollowUpReminderSent;
                $body
            }
            EventTag::Closed => {
                type $entry = Closed;
                $body
            }
            EventTag::Reopened => {
                type $entry = Reopened;
                $body
            }
            EventTag::LetterWritten => {
                type $entry = LetterWritten;
                $body
            }
            EventTag::MailReceived => {
                type $entry = MailReceived;
                $body
            }
            EventTag::AttachmentAdded => {
                type $entry = AttachmentAdded;
                $body
            }
            EventTag::TemplateAnswered => {
                type $entry = TemplateAnswered;
                $body
            }
            EventTag::ContactErased => {
                type $entry = ContactErased;
                $body
            }
        }
    };
}

/// `$body` with `$entry` the data of `$kind` (an [`EventKind`]), as its
/// module's type.
macro_rules! with_data {
    ($kind:expr, $entry:ident => $body:expr) => {
        match $kind {
            EventKind::Opened($entry) => $body,
            EventKind::StepDone($entry) => $body,
            EventKind::Contained($entry) => $body,
            EventKind::HandlerAgreed($entry) => $body,
            EventKind::DpoOpinion($entry) => $body,
            EventKind::RiskOverridden($entry) => $body,
            EventKind::AuthorityNotified($entry) => $body,
            EventKind::AuthorityFollowUp($entry) => $body,
            EventKind::FollowUpNotNeeded($entry) => $body,
            EventKind::NotNotified($entry) => $body,
            EventKind::SubjectsTold($entry) => $body,
            EventKind::SubjectsException($entry) => $body,
            EventKind::ControllerNotified($entry) => $body,
            EventKind::PreventionPlanned($entry) => $body,
            EventKind::PreventionDone($entry) => $body,
            EventKind::Note($entry) => $body,
            EventKind::ReminderSent($entry) => $body,
            EventKind::FactsCorrected($entry) => $body,
            EventKind::Dismissed($entry) => $body,
            EventKind::FollowUpReminderSent($entry) => $body,
            EventKind::Closed($entry) => $body,
            EventKind::Reopened($entry) => $body,
            EventKind::LetterWritten($entry) => $body,
            EventKind::MailReceived($entry) => $body,
            EventKind::AttachmentAdded($entry) => $body,
            EventKind::TemplateAnswered($entry) => $body,
            EventKind::ContactErased => {
                let $entry = &ContactErased;
                $body
            }
        }
    };
}

impl EventTag {
    /// What is wrong with `data` as this kind's data, at its path in the
    /// data (`channel`, `corrected.subject_count`), as serde_path_to_error
    /// finds it: the reference the Worker's way
    /// ([`crate::desk::NewEvent::parse`]) is tested against.
    #[cfg(test)]
    pub fn data_problem(self, data: serde_json::Value) -> Option<Problem> {
        with_entry!(self, E => brud_shared::parse::parse_value::<E>(data).err())
    }

    /// The kind's rules, from its module.
    pub fn rules(self) -> KindRules {
        with_entry!(self, E => rules::<E>())
    }

    /// What happened, in a few words in `lang`, for timelines and the
    /// printed case record.
    pub fn title(self, lang: brud_shared::lang::Language) -> &'static str {
        let (da, en) = with_entry!(self, E => E::TITLE);
        lang.pick(da, en)
    }

    /// What its form starts with on `case`, by field, in `lang`.
    pub fn prefill(
        self,
        case: &Case,
        lang: brud_shared::lang::Language,
    ) -> Vec<(&'static str, String)> {
        (self.rules().prefill)(case, lang)
    }

    /// The wire name (`"step_done"`, …): the `kind` of the event's JSON.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// Every kind, in the order of [`EventKind`].
    pub fn all() -> impl Iterator<Item = EventTag> {
        <EventTag as strum::IntoEnumIterator>::iter()
    }

    /// Whether only Brud itself records it (never through the desk API).
    pub fn system_only(self) -> bool {
        self.who() == Who::System
    }

    /// Whether it is recorded by a route of its own, never posted as an
    /// entry (a file's upload).
    pub fn own_route(self) -> bool {
        with_entry!(self, E => E::OWN_ROUTE)
    }

    /// Whether Brud itself may record it (without a person's role).
    pub fn system_may_record(self) -> bool {
        matches!(self.who(), Who::System | Who::LeaderDpoOrSystem)
    }

    /// Who may record it.
    pub fn who(self) -> Who {
        with_entry!(self, E => E::WHO)
    }

    /// Whether a member of staff with `role` may record it on any case:
    /// the DPO anything a person records, a leader all but the DPO's
    /// decisions ([`EventTag::dpo_only`]), a viewer nothing.
    pub fn may_be_recorded_by(self, role: StaffRole) -> bool {
        self.who().allows(role)
    }

    /// Whether only the DPO may record it (the others are the leader's too).
    pub fn dpo_only(self) -> bool {
        self.who() == Who::Dpo
    }

    /// Its form on the desk, if the desk offers it as a form of its own.
    pub fn form(self) -> Option<Form> {
        with_entry!(self, E => E::FORM)
    }
}

/// The kinds the desk offers as forms of their own, in the order the case
/// page lists them: the obligations first, then the handling of the case,
/// then closing, dismissing or reopening. (Steps, measures done and notes
/// have places of their own on the page.)
pub const FORMS: [EventTag; 17] = [
    EventTag::AuthorityNotified,
    EventTag::NotNotified,
    EventTag::AuthorityFollowUp,
    EventTag::FollowUpNotNeeded,
    EventTag::SubjectsTold,
    EventTag::SubjectsException,
    EventTag::LetterWritten,
    EventTag::ControllerNotified,
    EventTag::Contained,
    EventTag::HandlerAgreed,
    EventTag::DpoOpinion,
    EventTag::RiskOverridden,
    EventTag::PreventionPlanned,
    EventTag::FactsCorrected,
    EventTag::Closed,
    EventTag::Dismissed,
    EventTag::Reopened,
];

impl EventKind {
    /// The wire name of the kind (`"step_done"`, …), for logs without content.
    pub fn name(&self) -> &'static str {
        self.tag().name()
    }

    /// The kind without its data.
    pub fn tag(&self) -> EventTag {
        EventTag::from(self)
    }

    /// What happened, in a few words in `lang` ([`EventTag::title`]).
    pub fn title(&self, lang: brud_shared::lang::Language) -> &'static str {
        self.tag().title(lang)
    }

    /// Whether it records one of the case's obligations toward
    /// Datatilsynet, the people affected or the controller (what
    /// [`crate::Case::open_obligations`] asks for, and a follow-up): the
    /// events the organisation's endpoint hears of
    /// ([`crate::notice::CASE_UPDATED`]).
    pub fn settles_obligation(&self) -> bool {
        with_entry!(self.tag(), E => E::SETTLES_OBLIGATION)
    }

    /// Whether only Brud itself records it ([`EventTag::system_only`]).
    pub fn system_only(&self) -> bool {
        self.tag().system_only()
    }

    /// Whether a member of staff with `role` may record it
    /// ([`EventTag::may_be_recorded_by`]).
    pub fn may_be_recorded_by(&self, role: StaffRole) -> bool {
        self.tag().may_be_recorded_by(role)
    }

    /// Whether only the DPO may record it ([`EventTag::dpo_only`]).
    pub fn dpo_only(&self) -> bool {
        self.tag().dpo_only()
    }

    /// Checks its data and makes its effect on `applying.next` (its
    /// module's [`Entry::apply`]).
    pub fn apply_to(&self, applying: &mut Applying) {
        with_data!(self, entry => entry.apply(applying))
    }

    /// Why `role` may not record it on `case` at `at` (HTTP 403), or
    /// `None` (its module's [`Entry::role_refusal`]).
    pub fn role_refusal(
        &self,
        case: &Case,
        role: StaffRole,
        org: Option<&OrgProfile>,
        at: DateTime<Utc>,
    ) -> Option<Problem> {
        with_data!(self, entry => entry.role_refusal(case, role, org, at))
    }
}

/// The kind of entry that does a procedure step of `condition`, if an
/// entry does: the obligation's (a step for notifying Datatilsynet is done
/// by recording the notification, [`crate::steps`];
/// [`crate::entries::step_done::settled_by`] names them by title).
pub fn settling_event(condition: StepCondition) -> Option<EventTag> {
    match condition {
        StepCondition::Always => None,
        StepCondition::NotifyAuthority => Some(EventTag::AuthorityNotified),
        StepCondition::NotifySubjects => Some(EventTag::SubjectsTold),
        StepCondition::PublicCommunication => Some(EventTag::SubjectsException),
        StepCondition::Processor => Some(EventTag::ControllerNotified),
    }
}

pub use crate::entries::step_done::condition_of;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Corrections, DismissalReason};
    use brud_shared::model::{NoticeException, RiskLevel};

    #[test]
    fn an_event_reads_as_its_kind_beside_who_and_when() {
        let event = Event {
            sequence: 3,
            at: "2026-11-23T10:00:00Z".parse().unwrap(),
            actor: Actor::Person("leder@skole.dk".into()),
            kind: EventKind::StepDone(StepDone {
                step: "topdesk".into(),
                note: Some("TD-1234".into()),
            }),
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "sequence": 3,
                "at": "2026-11-23T10:00:00Z",
                "actor": "leder@skole.dk",
                "kind": "step_done",
                "step": "topdesk",
                "note": "TD-1234"
            })
        );
        assert_eq!(serde_json::from_value::<Event>(json).unwrap(), event);
        assert_eq!(event.kind.name(), "step_done");
    }

    #[test]
    fn a_correction_carries_its_answers_in_an_object_of_their_own() {
        let json = serde_json::json!({
            "sequence": 4,
            "at": "2026-11-23T10:00:00Z",
            "actor": "dpo@skole.dk",
            "kind": "facts_corrected",
            "corrected": { "subject_count": { "precision": "exact", "value": 40 } },
            "reason": "Counted the class list"
        });
        let event: Event = serde_json::from_value(json).unwrap();
        let EventKind::FactsCorrected(FactsCorrected { corrected, reason }) = &event.kind else {
            panic!("{event:?}");
        };
        assert_eq!(corrected.fields(), vec!["subject_count"]);
        assert_eq!(reason, "Counted the class list");
        let back = serde_json::to_value(&event).unwrap();
        assert_eq!(back["corrected"]["subject_count"]["value"], 40);
        assert_eq!(back["corrected"]["description"], serde_json::Value::Null);
        assert_eq!(serde_json::from_value::<Event>(back).unwrap(), event);
    }

    #[test]
    fn reminders_read_back_from_their_bits() {
        use strum::IntoEnumIterator;
        let all: Vec<Reminder> = Reminder::iter().collect();
        assert_eq!(Reminder::bits_of(&all), 7);
        for reminder in Reminder::iter() {
            assert_eq!(Reminder::from_bits(reminder.bit()), vec![reminder]);
        }
        let some = [Reminder::Overdue, Reminder::Approaching24h];
        assert_eq!(
            Reminder::from_bits(Reminder::bits_of(&some)),
            vec![Reminder::Approaching24h, Reminder::Overdue]
        );
        assert!(Reminder::from_bits(0).is_empty());
    }

    #[test]
    fn the_system_is_an_actor_of_its_own() {
        let json = serde_json::to_value(Actor::System).unwrap();
        assert_eq!(json, "system");
        assert_eq!(
            serde_json::from_value::<Actor>(json).unwrap(),
            Actor::System
        );
    }

    #[test]
    fn every_kind_names_itself_as_serde_does() {
        let at: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let kinds = [
            EventKind::Opened(Opened {
                report_sha256: "a".into(),
                contact_sha256: "b".into(),
                assessment_sha256: Some("c".into()),
                dpo: None,
                by_mail: false,
            }),
            EventKind::ContactErased,
            EventKind::AttachmentAdded(AttachmentAdded {
                file: crate::entries::StoredFile {
                    id: "f".into(),
                    name: "kvittering.pdf".into(),
                    size: 1,
                    content_type: "application/pdf".into(),
                    sha256: "0".repeat(64),
                },
                note: None,
                authority_receipt: false,
            }),
            EventKind::TemplateAnswered(TemplateAnswered {
                answers: vec![crate::entries::template_answered::FieldAnswer {
                    field: 63,
                    value: brud_shared::edpb::Answer::Text("Aula".into()),
                }],
            }),
            EventKind::MailReceived(MailReceived {
                from: "a@b.dk".into(),
                subject: "SV: DEMO-2026-0001".into(),
                text: "x".into(),
                attachments: Vec::new(),
            }),
            EventKind::StepDone(StepDone {
                step: "s".into(),
                note: None,
            }),
            EventKind::Contained(Contained {
                note: None,
                contained_at: None,
            }),
            EventKind::HandlerAgreed(HandlerAgreed {
                handler: "x".into(),
            }),
            EventKind::DpoOpinion(DpoOpinion { text: "x".into() }),
            EventKind::RiskOverridden(RiskOverridden {
                risk: RiskLevel::Risk,
                justification: "x".into(),
            }),
            EventKind::AuthorityNotified(AuthorityNotified {
                notified_at: at,
                authority_reference: "x".into(),
                complete: true,
                late_reason: None,
                more_promised_by: None,
            }),
            EventKind::AuthorityFollowUp(AuthorityFollowUp {
                sent_at: at,
                added: "x".into(),
                more_promised_by: None,
                completes: false,
            }),
            EventKind::FollowUpNotNeeded(FollowUpNotNeeded {
                reasoning: "x".into(),
            }),
            EventKind::NotNotified(NotNotified {
                reasoning: "x".into(),
            }),
            EventKind::SubjectsTold(SubjectsTold {
                told_at: at,
                how: "x".into(),
                count: 1,
                channel: None,
            }),
            EventKind::SubjectsException(SubjectsException {
                exception: NoticeException::Mitigated,
                reasoning: "x".into(),
                public_communication: None,
            }),
            EventKind::ControllerNotified(ControllerNotified { notified_at: at }),
            EventKind::PreventionPlanned(PreventionPlanned {
                measure: "m".into(),
                what: "x".into(),
                by: "x".into(),
                due: None,
            }),
            EventKind::PreventionDone(PreventionDone {
                measure: "m".into(),
            }),
            EventKind::Note(Note { text: "x".into() }),
            EventKind::ReminderSent(ReminderSent {
                reminder: Reminder::Overdue,
            }),
            EventKind::FactsCorrected(FactsCorrected {
                corrected: Corrections::default(),
                reason: "x".into(),
            }),
            EventKind::Dismissed(Dismissed {
                reason: DismissalReason::Junk,
                duplicate_of: None,
                note: "x".into(),
            }),
            EventKind::FollowUpReminderSent(FollowUpReminderSent {
                promised_by: "2026-11-30".parse().unwrap(),
            }),
            EventKind::Closed(Closed {
                lessons: "x".into(),
            }),
            EventKind::Reopened(Reopened { reason: "x".into() }),
            EventKind::LetterWritten(LetterWritten {
                what_happened: "x".into(),
                what_we_do: None,
            }),
        ];
        // Every kind once, so the tags below are all of them.
        let tags: std::collections::HashSet<EventTag> = kinds.iter().map(EventKind::tag).collect();
        assert_eq!(tags.len(), EventTag::all().count());
        for kind in kinds {
            let json = serde_json::to_value(&kind).unwrap();
            assert_eq!(json["kind"], kind.name());
            assert_eq!(serde_json::to_value(kind.tag()).unwrap(), kind.name());
        }
    }

    #[test]
    fn roles_record_what_their_job_is() {
        let note = EventKind::Note(Note { text: "x".into() });
        let override_risk = EventKind::RiskOverridden(RiskOverridden {
            risk: RiskLevel::None,
            justification: "x".into(),
        });
        let reminder = EventKind::ReminderSent(ReminderSent {
            reminder: Reminder::Overdue,
        });
        assert!(note.may_be_recorded_by(StaffRole::Leader));
        assert!(note.may_be_recorded_by(StaffRole::Dpo));
        assert!(!note.may_be_recorded_by(StaffRole::Viewer));
        assert!(override_risk.may_be_recorded_by(StaffRole::Dpo));
        assert!(!override_risk.may_be_recorded_by(StaffRole::Leader));
        for role in [StaffRole::Dpo, StaffRole::Leader, StaffRole::Viewer] {
            assert!(!reminder.may_be_recorded_by(role));
            assert!(!EventKind::ContactErased.may_be_recorded_by(role));
        }
    }
}
