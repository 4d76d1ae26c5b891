//! What can happen to a case: the events of its append-only log.
//!
//! Every event says who (a signed-in person's e-mail, or the system), when
//! (UTC) and what. The kinds follow the two schools' procedures and the
//! register's minimum content: the organisation's steps, containment, the
//! case handler, the DPO's opinion and override, the notification of
//! Datatilsynet and its follow-ups (art. 33(4)) or the decision not to
//! notify, telling the people affected or the art. 34(3) exception,
//! telling the controller (processor role), prevention measures, notes,
//! reminders sent, closing and reopening.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use strum::{EnumDiscriminants, EnumIter, IntoStaticStr};

use super::correction::{Corrections, DismissalReason};
use brud_shared::model::{NoticeException, RiskLevel};
use brud_shared::org::{OrgProfile, StaffRole, StepCondition};

/// Who recorded an event: a person (the e-mail address their sign-in
/// vouches for) or Brud itself (`"system"` on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum Actor {
    /// Brud: the case opened, a reminder sent, a retention erasure.
    System,
    /// A signed-in person, by e-mail address.
    Person(String),
}

impl From<Actor> for String {
    fn from(actor: Actor) -> String {
        match actor {
            Actor::System => "system".to_string(),
            Actor::Person(email) => email,
        }
    }
}

impl From<String> for Actor {
    fn from(text: String) -> Actor {
        if text == "system" {
            Actor::System
        } else {
            Actor::Person(text)
        }
    }
}

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

/// Which reminder of the 72-hour deadline was sent.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, IntoStaticStr, EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Reminder {
    /// 24 hours before the deadline.
    Approaching24h,
    /// 6 hours before the deadline.
    Approaching6h,
    /// The deadline passed without a notification.
    Overdue,
}

/// What happened. On the wire: `"kind": "<snake_case name>"` beside the
/// event's own fields.
///
/// Each kind has a fieldless twin, [`EventTag`], derived here (strum's
/// `EnumDiscriminants`) so that the list of kinds is written once: who
/// may record a kind, whether the case's state allows it
/// ([`super::Case::available`]) and its wire name are said of the tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, EnumDiscriminants)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[strum_discriminants(
    name(EventTag),
    derive(Hash, Serialize, Deserialize, EnumIter, IntoStaticStr),
    serde(rename_all = "snake_case"),
    strum(serialize_all = "snake_case")
)]
pub enum EventKind {
    /// The report was received and the case opened (always the first, by
    /// the system). Commits the log to the report as stored: the hash of
    /// the report without the reporter's name and contact, and the hash of
    /// those apart, so that erasing them later ([`EventKind::ContactErased`])
    /// leaves both verifiable ([`super::report_matches`]).
    Opened {
        /// SHA-256 of the report's canonical JSON with the reporter's name,
        /// e-mail and phone removed.
        report_sha256: String,
        /// SHA-256 of the reporter's name, e-mail and phone (canonical JSON).
        contact_sha256: String,
        /// SHA-256 of the assessment made at receipt (its JSON), so the
        /// risk and duties the case started from cannot be changed unseen.
        /// Absent from logs opened before the log committed to it (their
        /// hashes stay as they were).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assessment_sha256: Option<String>,
    },
    /// One of the organisation's own procedure steps is done.
    StepDone {
        /// The step's id in the organisation's profile.
        step: String,
        /// E.g. the TopDesk ticket or eDoc case number.
        #[serde(default)]
        note: Option<String>,
    },
    /// The incident is stopped or contained.
    Contained {
        /// How.
        #[serde(default)]
        note: Option<String>,
    },
    /// Who handles the case from here, agreed with the leader.
    HandlerAgreed {
        /// The handler's name.
        handler: String,
    },
    /// The DPO's opinion on the breach and what to do.
    DpoOpinion {
        /// The opinion.
        text: String,
    },
    /// The DPO sets the risk level by hand; the computed level is kept.
    RiskOverridden {
        /// The level in force from now on.
        risk: RiskLevel,
        /// Why the DPO disagrees with the computed level.
        justification: String,
    },
    /// Datatilsynet was notified (art. 33).
    AuthorityNotified {
        /// When the notification was submitted.
        notified_at: DateTime<Utc>,
        /// The reference Datatilsynet gave.
        authority_reference: String,
        /// A complete notification, or a preliminary one to be followed up.
        complete: bool,
        /// Why it came after the 72-hour deadline, when it did.
        #[serde(default)]
        late_reason: Option<String>,
    },
    /// More information sent to Datatilsynet (art. 33(4)).
    AuthorityFollowUp {
        /// When it was sent.
        sent_at: DateTime<Utc>,
        /// What was added.
        added: String,
        /// Still more promised by then, if any.
        #[serde(default)]
        more_promised_by: Option<NaiveDate>,
        /// Whether it makes a preliminary notification complete. Absent
        /// (false) from logs written before it existed, whose hashes stay
        /// as they were.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        completes: bool,
    },
    /// The DPO's reasoning why a preliminary notification needs no
    /// complete follow-up (what was promised turned out not to exist, or
    /// the first notification said all there is).
    FollowUpNotNeeded {
        /// Why.
        reasoning: String,
    },
    /// The decision not to notify Datatilsynet, with its reasoning (the
    /// register needs it when there is no risk, too).
    NotNotified {
        /// Why the breach is unlikely to result in a risk.
        reasoning: String,
    },
    /// The people affected were told (art. 34).
    SubjectsTold {
        /// When.
        told_at: DateTime<Utc>,
        /// How (letter, Aula message, meeting, …).
        how: String,
        /// How many people were told.
        count: u32,
    },
    /// An art. 34(3) exception applies instead of telling each person.
    SubjectsException {
        /// Which exception.
        exception: NoticeException,
        /// Why it applies.
        reasoning: String,
        /// The public communication made instead (the third exception).
        #[serde(default)]
        public_communication: Option<String>,
    },
    /// The controller was told (the school as processor, art. 33(2)).
    ControllerNotified {
        /// When.
        notified_at: DateTime<Utc>,
    },
    /// A measure to prevent it from happening again.
    PreventionPlanned {
        /// An id for the measure, unique within the case.
        measure: String,
        /// What is to be done.
        what: String,
        /// Who sees to it.
        by: String,
        /// When it is due.
        #[serde(default)]
        due: Option<NaiveDate>,
    },
    /// A planned prevention measure is done.
    PreventionDone {
        /// The measure's id.
        measure: String,
    },
    /// A note on the case.
    Note {
        /// The note.
        text: String,
    },
    /// A deadline reminder was sent (recorded so each is sent once).
    ReminderSent {
        /// Which one.
        reminder: Reminder,
    },
    /// Answers of the report corrected by what the school has learned;
    /// the assessment is made again from them (the report as received
    /// stays in the opening event).
    FactsCorrected {
        /// The answers replaced (an object of its own on the wire: serde's
        /// `flatten` beside the `kind` tag cost the desk's download 10 kB).
        corrected: Corrections,
        /// Why (what was learned, from whom).
        reason: String,
    },
    /// The report is not a breach to handle: the case closes without
    /// obligations and leaves the board's figures (the DPO's decision).
    Dismissed {
        /// Why.
        reason: DismissalReason,
        /// The case it duplicates (its reference), for a duplicate.
        #[serde(default)]
        duplicate_of: Option<String>,
        /// The DPO's note.
        note: String,
    },
    /// A reminder that more information was promised to Datatilsynet by
    /// `promised_by` was sent (recorded so each promise is reminded once).
    FollowUpReminderSent {
        /// The date promised in the latest follow-up.
        promised_by: NaiveDate,
    },
    /// The case is closed.
    Closed {
        /// What was learned.
        lessons: String,
    },
    /// A closed case is opened again.
    Reopened {
        /// Why.
        reason: String,
    },
    /// The reporter's name and contact were erased (retention, by the
    /// system); their hash stays in the opening event.
    ContactErased,
}

impl Reminder {
    /// Its bit in a set of reminders sent (the `cases.reminded` column):
    /// 1, 2, 4 in the order they come.
    pub fn bit(self) -> u8 {
        match self {
            Reminder::Approaching24h => 1,
            Reminder::Approaching6h => 2,
            Reminder::Overdue => 4,
        }
    }

    /// The bits of `sent`.
    pub fn bits_of(sent: &[Reminder]) -> u8 {
        sent.iter().fold(0, |bits, reminder| bits | reminder.bit())
    }

    /// The reminders whose bits are set in `bits`, in the order they come.
    pub fn from_bits(bits: u8) -> Vec<Reminder> {
        <Reminder as strum::IntoEnumIterator>::iter()
            .filter(|reminder| bits & reminder.bit() != 0)
            .collect()
    }
}

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
    /// [`super::Case::open_obligations`] asks for, and a follow-up): the
    /// events the organisation's endpoint hears of
    /// ([`super::notice::CASE_UPDATED`]).
    pub fn settles_obligation(&self) -> bool {
        matches!(
            self,
            EventKind::AuthorityNotified { .. }
                | EventKind::AuthorityFollowUp { .. }
                | EventKind::FollowUpNotNeeded { .. }
                | EventKind::NotNotified { .. }
                | EventKind::SubjectsTold { .. }
                | EventKind::SubjectsException { .. }
                | EventKind::ControllerNotified { .. }
        )
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
}

impl EventTag {
    /// What happened, in a few words in `lang`, for timelines and the
    /// printed case record.
    pub fn title(self, lang: brud_shared::lang::Language) -> &'static str {
        let (da, en) = match self {
            EventTag::Opened => (
                "Indberetning modtaget, sag oprettet",
                "Report received, case opened",
            ),
            EventTag::StepDone => ("Trin i proceduren udført", "Procedure step done"),
            EventTag::Contained => ("Bruddet er stoppet", "Breach contained"),
            EventTag::HandlerAgreed => ("Sagsbehandler aftalt", "Case handler agreed"),
            EventTag::DpoOpinion => ("DPO'ens vurdering", "The DPO's opinion"),
            EventTag::RiskOverridden => ("Risiko fastsat af DPO", "Risk set by the DPO"),
            EventTag::AuthorityNotified => ("Anmeldt til Datatilsynet", "Notified to Datatilsynet"),
            EventTag::AuthorityFollowUp => (
                "Supplerende oplysninger til Datatilsynet",
                "Follow-up to Datatilsynet",
            ),
            EventTag::NotNotified => ("Besluttet ikke at anmelde", "Decided not to notify"),
            EventTag::FollowUpNotNeeded => (
                "Ingen supplerende anmeldelse nødvendig",
                "No further follow-up needed",
            ),
            EventTag::SubjectsTold => ("De berørte er underrettet", "People affected told"),
            EventTag::SubjectsException => {
                ("Undtagelse fra underretning", "Exception from telling")
            }
            EventTag::ControllerNotified => {
                ("Den dataansvarlige er underrettet", "Controller told")
            }
            EventTag::PreventionPlanned => {
                ("Forebyggende tiltag planlagt", "Prevention measure planned")
            }
            EventTag::PreventionDone => ("Forebyggende tiltag udført", "Prevention measure done"),
            EventTag::Note => ("Note", "Note"),
            EventTag::ReminderSent => ("Påmindelse om fristen sendt", "Deadline reminder sent"),
            EventTag::FactsCorrected => (
                "Oplysninger i indberetningen rettet",
                "Report's facts corrected",
            ),
            EventTag::Dismissed => ("Sagen er afvist", "Case dismissed"),
            EventTag::FollowUpReminderSent => (
                "Påmindelse om lovede oplysninger sendt",
                "Reminder of promised information sent",
            ),
            EventTag::Closed => ("Sagen er lukket", "Case closed"),
            EventTag::Reopened => ("Sagen er genåbnet", "Case reopened"),
            EventTag::ContactErased => (
                "Indberetterens kontaktoplysninger slettet",
                "Reporter's contact details erased",
            ),
        };
        lang.pick(da, en)
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
        matches!(
            self,
            EventTag::Opened
                | EventTag::ReminderSent
                | EventTag::FollowUpReminderSent
                | EventTag::ContactErased
        )
    }

    /// Whether a member of staff with `role` may record it: the DPO
    /// anything a person records, a leader all but the DPO's decisions
    /// ([`EventTag::dpo_only`]), a viewer nothing.
    pub fn may_be_recorded_by(self, role: StaffRole) -> bool {
        if self.system_only() {
            return false;
        }
        match role {
            StaffRole::Dpo => true,
            StaffRole::Leader => !self.dpo_only(),
            StaffRole::Viewer => false,
        }
    }

    /// Whether only the DPO may record it (the others are the leader's too).
    pub fn dpo_only(self) -> bool {
        matches!(
            self,
            EventTag::RiskOverridden
                | EventTag::DpoOpinion
                | EventTag::NotNotified
                | EventTag::SubjectsException
                | EventTag::Dismissed
                | EventTag::FollowUpNotNeeded
        )
    }
}

/// The kind of entry that does a procedure step of `condition`, if an
/// entry does: the obligation's (a step for notifying Datatilsynet is done
/// by recording the notification, [`crate::steps`]).
pub fn settling_event(condition: StepCondition) -> Option<EventTag> {
    match condition {
        StepCondition::Always => None,
        StepCondition::NotifyAuthority => Some(EventTag::AuthorityNotified),
        StepCondition::NotifySubjects => Some(EventTag::SubjectsTold),
        StepCondition::PublicCommunication => Some(EventTag::SubjectsException),
        StepCondition::Processor => Some(EventTag::ControllerNotified),
    }
}

/// The condition of step `id` in `org`'s procedure (`Always` when the
/// profile no longer has it, or there is no profile).
pub fn condition_of(org: Option<&OrgProfile>, id: &str) -> StepCondition {
    org.and_then(|org| org.steps.iter().find(|step| step.id == id))
        .map_or(StepCondition::Always, |step| step.when)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_reads_as_its_kind_beside_who_and_when() {
        let event = Event {
            sequence: 3,
            at: "2026-11-23T10:00:00Z".parse().unwrap(),
            actor: Actor::Person("leder@skole.dk".into()),
            kind: EventKind::StepDone {
                step: "topdesk".into(),
                note: Some("TD-1234".into()),
            },
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
        let EventKind::FactsCorrected { corrected, reason } = &event.kind else {
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
            EventKind::Opened {
                report_sha256: "a".into(),
                contact_sha256: "b".into(),
                assessment_sha256: Some("c".into()),
            },
            EventKind::ContactErased,
            EventKind::StepDone {
                step: "s".into(),
                note: None,
            },
            EventKind::Contained { note: None },
            EventKind::HandlerAgreed {
                handler: "x".into(),
            },
            EventKind::DpoOpinion { text: "x".into() },
            EventKind::RiskOverridden {
                risk: RiskLevel::Risk,
                justification: "x".into(),
            },
            EventKind::AuthorityNotified {
                notified_at: at,
                authority_reference: "x".into(),
                complete: true,
                late_reason: None,
            },
            EventKind::AuthorityFollowUp {
                sent_at: at,
                added: "x".into(),
                more_promised_by: None,
                completes: false,
            },
            EventKind::FollowUpNotNeeded {
                reasoning: "x".into(),
            },
            EventKind::NotNotified {
                reasoning: "x".into(),
            },
            EventKind::SubjectsTold {
                told_at: at,
                how: "x".into(),
                count: 1,
            },
            EventKind::SubjectsException {
                exception: NoticeException::Mitigated,
                reasoning: "x".into(),
                public_communication: None,
            },
            EventKind::ControllerNotified { notified_at: at },
            EventKind::PreventionPlanned {
                measure: "m".into(),
                what: "x".into(),
                by: "x".into(),
                due: None,
            },
            EventKind::PreventionDone {
                measure: "m".into(),
            },
            EventKind::Note { text: "x".into() },
            EventKind::ReminderSent {
                reminder: Reminder::Overdue,
            },
            EventKind::FactsCorrected {
                corrected: Corrections::default(),
                reason: "x".into(),
            },
            EventKind::Dismissed {
                reason: DismissalReason::Junk,
                duplicate_of: None,
                note: "x".into(),
            },
            EventKind::FollowUpReminderSent {
                promised_by: "2026-11-30".parse().unwrap(),
            },
            EventKind::Closed {
                lessons: "x".into(),
            },
            EventKind::Reopened { reason: "x".into() },
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
        let note = EventKind::Note { text: "x".into() };
        let override_risk = EventKind::RiskOverridden {
            risk: RiskLevel::None,
            justification: "x".into(),
        };
        let reminder = EventKind::ReminderSent {
            reminder: Reminder::Overdue,
        };
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
