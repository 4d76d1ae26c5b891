//! The case file: a case's life from receipt to closing, what its state
//! refuses, and the 72-hour deadline's state derived from its log.

#[path = "../../shared/tests/common/mod.rs"]
mod common;

use brud_case::chain::{chain, verify};
use brud_case::entries::{
    AuthorityFollowUp, AuthorityNotified, Closed, Contained, ControllerNotified, Dismissed,
    DpoOpinion, FactsCorrected, FollowUpNotNeeded, FollowUpReminderSent, HandlerAgreed,
    NotNotified, Note, Opened, PreventionDone, PreventionPlanned, ReminderSent, Reopened,
    RiskOverridden, StepDone, SubjectsException, SubjectsTold,
};
use brud_case::notice::{
    notice_of, reminder_due, CASE_UPDATED, DEADLINE_APPROACHING, DEADLINE_OVERDUE,
};
use brud_case::summary::{search_text, CaseStatus, CaseSummary, RowOnFile, StoredRow};
use brud_case::{
    apply, deadline_state, opening, replay, report_matches, retention_due, state_refusal, Actor,
    Case, DeadlineState, Event, EventKind, EventTag, Reminder, RetentionStep, SubjectsOutcome,
};
use brud_shared::model::*;
use brud_shared::org::Retention;
use brud_shared::org::StaffRole;
use brud_shared::{assess, Language, OrgProfile, ProblemCode};
use chrono::{DateTime, Duration, Utc};
use common::{at, misdirected_aula, org, processor_case};

const LEADER: &str = "leder@zahles.dk";
const DPO: &str = "dpo@zahles.dk";

/// Zahles's case for the misdirected Aula message (aware 20 Nov 09:30
/// Copenhagen, so the deadline is 23 Nov 08:30 UTC), opened a day later.
fn opened() -> (Case, OrgProfile) {
    let org = org("zahles");
    let report = misdirected_aula();
    let opened_at = at("2026-11-21T08:00:00Z");
    let assessment = assess(&report, Some(&org), opened_at);
    (Case::open(report, assessment, opened_at), org)
}

/// Records `kind` by `who` at `when` as the next event.
fn record(
    case: &Case,
    org: &OrgProfile,
    who: &str,
    when: &str,
    kind: EventKind,
) -> Result<Case, Vec<brud_shared::Problem>> {
    apply(case, &next(case, who, at(when), kind), Some(org))
}

fn next(case: &Case, who: &str, when: DateTime<Utc>, kind: EventKind) -> Event {
    Event {
        sequence: case.sequence + 1,
        at: when,
        actor: Actor::Person(who.into()),
        kind,
    }
}

fn codes(result: Result<Case, Vec<brud_shared::Problem>>) -> Vec<(String, ProblemCode)> {
    result
        .expect_err("the event is refused")
        .into_iter()
        .map(|p| {
            assert!(!p.da.is_empty() && !p.en.is_empty(), "{p:?}");
            (p.field, p.code)
        })
        .collect()
}

fn text(s: &str) -> String {
    s.to_string()
}

#[test]
fn a_case_lives_from_receipt_to_closing_with_a_late_notification() {
    let (case, org) = opened();
    let due = at("2026-11-23T08:30:00Z");
    assert_eq!(case.assessment.risk, RiskLevel::High);
    assert_eq!(
        deadline_state(&case, at("2026-11-21T09:00:00Z")),
        DeadlineState::Open { due }
    );

    let case = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        EventKind::Contained(Contained {
            note: Some(text("Beskeden er slettet hos modtageren.")),
            contained_at: None,
        }),
    )
    .unwrap();
    let case = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:05:00Z",
        EventKind::HandlerAgreed(HandlerAgreed {
            handler: text("Palle Vang"),
        }),
    )
    .unwrap();
    let case = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:10:00Z",
        EventKind::StepDone(StepDone {
            step: text("involve_dpo"),
            note: None,
        }),
    )
    .unwrap();
    let case = record(
        &case,
        &org,
        DPO,
        "2026-11-21T10:00:00Z",
        EventKind::DpoOpinion(DpoOpinion {
            text: text("Anmeldes; forældrene underrettes."),
        }),
    )
    .unwrap();
    assert_eq!(
        deadline_state(&case, at("2026-11-23T09:00:00Z")),
        DeadlineState::Overdue { due }
    );

    // Notified two hours late: the reason is required and kept.
    let late = EventKind::AuthorityNotified(AuthorityNotified {
        notified_at: at("2026-11-23T10:30:00Z"),
        authority_reference: text("2026-431-0042"),
        complete: false,
        late_reason: None,
        more_promised_by: None,
    });
    let refused = codes(record(&case, &org, DPO, "2026-11-23T10:35:00Z", late));
    assert_eq!(
        refused,
        vec![(text("late_reason"), ProblemCode::LateReasonRequired)]
    );
    let case = record(
        &case,
        &org,
        DPO,
        "2026-11-23T10:35:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-23T10:30:00Z"),
            authority_reference: text("2026-431-0042"),
            complete: false,
            late_reason: Some(text("DPO'en var syg i weekenden.")),
            more_promised_by: None,
        }),
    )
    .unwrap();
    assert_eq!(
        deadline_state(&case, at("2026-11-24T00:00:00Z")),
        DeadlineState::MetLate {
            due,
            notified_at: at("2026-11-23T10:30:00Z"),
            reason: text("DPO'en var syg i weekenden.")
        }
    );

    let case = record(
        &case,
        &org,
        DPO,
        "2026-11-24T09:00:00Z",
        EventKind::AuthorityFollowUp(AuthorityFollowUp {
            sent_at: at("2026-11-24T09:00:00Z"),
            added: text("Modtageren har bekræftet sletningen skriftligt."),
            more_promised_by: None,
            completes: true,
        }),
    )
    .unwrap();
    assert_eq!(case.authority.as_ref().unwrap().follow_ups.len(), 1);
    assert!(
        case.authority.as_ref().unwrap().complete,
        "completed by the follow-up"
    );

    // Not yet: the family has not been told.
    let closing = EventKind::Closed(Closed {
        lessons: text("Tjek modtagere før afsendelse."),
    });
    let refused = codes(record(
        &case,
        &org,
        DPO,
        "2026-11-24T10:00:00Z",
        closing.clone(),
    ));
    assert_eq!(refused, vec![(text("subjects"), ProblemCode::NotAllowed)]);

    let case = record(
        &case,
        &org,
        LEADER,
        "2026-11-24T09:30:00Z",
        EventKind::SubjectsTold(SubjectsTold {
            told_at: at("2026-11-24T09:15:00Z"),
            how: text("Brev i e-Boks til forældrene"),
            count: 2,
            channel: None,
        }),
    )
    .unwrap();
    let case = record(&case, &org, DPO, "2026-11-24T10:00:00Z", closing).unwrap();
    assert!(case.closed.is_some());
    assert_eq!(case.sequence, 9, "opened and eight events");

    // Closed: nothing but reopening.
    let refused = codes(record(
        &case,
        &org,
        LEADER,
        "2026-11-25T08:00:00Z",
        EventKind::Note(Note {
            text: text("Glemt detalje"),
        }),
    ));
    assert_eq!(refused, vec![(text("kind"), ProblemCode::NotAllowed)]);
    let case = record(
        &case,
        &org,
        DPO,
        "2026-11-25T08:00:00Z",
        EventKind::Reopened(Reopened {
            reason: text("Nyt fund"),
        }),
    )
    .unwrap();
    assert!(case.closed.is_none());
    assert!(record(
        &case,
        &org,
        LEADER,
        "2026-11-25T08:05:00Z",
        EventKind::Note(Note {
            text: text("Glemt detalje")
        })
    )
    .is_ok());
}

#[test]
fn a_stale_edit_is_refused_so_nobody_overwrites_a_newer_change() {
    let (case, org) = opened();
    let mut event = next(
        &case,
        LEADER,
        at("2026-11-21T09:00:00Z"),
        EventKind::Note(Note { text: text("a") }),
    );
    event.sequence = case.sequence; // written against an older state
    let refused = codes(apply(&case, &event, Some(&org)));
    assert_eq!(refused, vec![(text("sequence"), ProblemCode::NotAllowed)]);
}

#[test]
fn the_opening_happens_once() {
    let (case, org) = opened();
    let refused = codes(record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        opening(&case.report, &case.assessment, None),
    ));
    assert_eq!(refused, vec![(text("kind"), ProblemCode::NotAllowed)]);
}

#[test]
fn steps_are_the_organisations_and_each_is_done_once() {
    let (case, org) = opened();
    let unknown = codes(record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        EventKind::StepDone(StepDone {
            step: text("topdesk_ticket"),
            note: None,
        }),
    ));
    assert_eq!(
        unknown,
        vec![(text("step"), ProblemCode::InvalidValue)],
        "a Kulturskole step is not Zahles's"
    );
    let done = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        EventKind::StepDone(StepDone {
            step: text("register_entry"),
            note: Some(text("eDoc 26/1234")),
        }),
    )
    .unwrap();
    assert_eq!(done.steps_done[0].by, Actor::Person(LEADER.into()));
    assert_eq!(done.steps_done[0].note.as_deref(), Some("eDoc 26/1234"));
    let again = codes(record(
        &done,
        &org,
        LEADER,
        "2026-11-21T09:01:00Z",
        EventKind::StepDone(StepDone {
            step: text("register_entry"),
            note: None,
        }),
    ));
    assert_eq!(again, vec![(text("step"), ProblemCode::NotAllowed)]);
}

#[test]
fn datatilsynet_is_notified_once_then_followed_up() {
    let (case, org) = opened();
    let follow_up_first = codes(record(
        &case,
        &org,
        DPO,
        "2026-11-21T09:00:00Z",
        EventKind::AuthorityFollowUp(AuthorityFollowUp {
            sent_at: at("2026-11-21T09:00:00Z"),
            added: text("x"),
            more_promised_by: None,
            completes: false,
        }),
    ));
    assert_eq!(
        follow_up_first,
        vec![(text("kind"), ProblemCode::NotAllowed)]
    );
    let notified = record(
        &case,
        &org,
        DPO,
        "2026-11-21T09:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-21T08:55:00Z"),
            authority_reference: text("2026-431-0001"),
            complete: true,
            late_reason: Some(text("not late, so not kept")),
            more_promised_by: None,
        }),
    )
    .unwrap();
    assert_eq!(notified.authority.as_ref().unwrap().late_reason, None);
    assert_eq!(
        deadline_state(&notified, at("2026-11-30T00:00:00Z")),
        DeadlineState::Met {
            due: at("2026-11-23T08:30:00Z"),
            notified_at: at("2026-11-21T08:55:00Z")
        }
    );
    let twice = codes(record(
        &notified,
        &org,
        DPO,
        "2026-11-21T09:10:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-21T09:05:00Z"),
            authority_reference: text("2026-431-0002"),
            complete: true,
            late_reason: None,
            more_promised_by: None,
        }),
    ));
    assert_eq!(twice, vec![(text("kind"), ProblemCode::NotAllowed)]);
    let not_after_all = codes(record(
        &notified,
        &org,
        DPO,
        "2026-11-21T09:10:00Z",
        EventKind::NotNotified(NotNotified {
            reasoning: text("x"),
        }),
    ));
    assert_eq!(not_after_all, vec![(text("kind"), ProblemCode::NotAllowed)]);
    let before = codes(record(
        &notified,
        &org,
        DPO,
        "2026-11-21T09:10:00Z",
        EventKind::AuthorityFollowUp(AuthorityFollowUp {
            sent_at: at("2026-11-21T08:00:00Z"),
            added: text("x"),
            more_promised_by: None,
            completes: false,
        }),
    ));
    assert_eq!(before, vec![(text("sent_at"), ProblemCode::InvalidRange)]);
}

#[test]
fn times_in_the_future_and_empty_answers_are_refused() {
    let (case, org) = opened();
    let refused = codes(record(
        &case,
        &org,
        DPO,
        "2026-11-21T09:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-21T10:00:00Z"),
            authority_reference: text("  "),
            complete: true,
            late_reason: None,
            more_promised_by: None,
        }),
    ));
    assert_eq!(
        refused,
        vec![
            (text("notified_at"), ProblemCode::InFuture),
            (text("authority_reference"), ProblemCode::Required)
        ]
    );
    let refused = codes(record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        EventKind::SubjectsTold(SubjectsTold {
            told_at: at("2026-11-21T09:00:00Z"),
            how: text("Brev"),
            count: 0,
            channel: None,
        }),
    ));
    assert_eq!(refused, vec![(text("count"), ProblemCode::InvalidValue)]);
    let long = "x".repeat(2001);
    let refused = codes(record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        EventKind::Note(Note { text: long }),
    ));
    assert_eq!(refused, vec![(text("text"), ProblemCode::TooLong)]);
}

#[test]
fn the_third_exception_needs_the_public_communication() {
    let (case, org) = opened();
    let refused = codes(record(
        &case,
        &org,
        DPO,
        "2026-11-21T09:00:00Z",
        EventKind::SubjectsException(SubjectsException {
            exception: NoticeException::Disproportionate,
            reasoning: text("Ukendte adresser"),
            public_communication: None,
        }),
    ));
    assert_eq!(
        refused,
        vec![(text("public_communication"), ProblemCode::Required)]
    );
    let ok = record(
        &case,
        &org,
        DPO,
        "2026-11-21T09:00:00Z",
        EventKind::SubjectsException(SubjectsException {
            exception: NoticeException::Disproportionate,
            reasoning: text("Ukendte adresser"),
            public_communication: Some(text("Opslag på skolens hjemmeside og i Aula")),
        }),
    )
    .unwrap();
    assert!(matches!(
        ok.subjects,
        Some(SubjectsOutcome::Exception { .. })
    ));
}

#[test]
fn a_risk_override_recomputes_the_duties_and_keeps_the_computed_level() {
    let (case, org) = opened();
    assert!(case.assessment.obligations.notify_subjects.required);
    let overridden = record(
        &case,
        &org,
        DPO,
        "2026-11-21T09:00:00Z",
        EventKind::RiskOverridden(RiskOverridden {
            risk: RiskLevel::Risk,
            justification: text("Modtageren er en forælder, der straks slettede beskeden."),
        }),
    )
    .unwrap();
    assert_eq!(overridden.assessment.risk, RiskLevel::Risk);
    assert_eq!(overridden.assessment.computed_risk, RiskLevel::High);
    assert!(!overridden.assessment.obligations.notify_subjects.required);
    assert!(overridden.assessment.obligations.notify_authority.required);
    let unjustified = codes(record(
        &case,
        &org,
        DPO,
        "2026-11-21T09:00:00Z",
        EventKind::RiskOverridden(RiskOverridden {
            risk: RiskLevel::None,
            justification: text(""),
        }),
    ));
    assert_eq!(
        unjustified,
        vec![(text("justification"), ProblemCode::Required)]
    );
}

#[test]
fn no_risk_still_needs_a_documented_decision_before_closing() {
    let org = org("zahles");
    let mut report = misdirected_aula();
    report.circumstances.recipient_bound_by_confidentiality = Some(true);
    report.circumstances.recovered = Some(true);
    let opened_at = at("2026-11-21T08:00:00Z");
    let assessment = assess(&report, Some(&org), opened_at);
    assert_eq!(assessment.risk, RiskLevel::None);
    let case = Case::open(report, assessment, opened_at);
    assert_eq!(
        deadline_state(&case, at("2026-11-30T00:00:00Z")),
        DeadlineState::NotRequired
    );
    let closing = EventKind::Closed(Closed {
        lessons: text("Ingen"),
    });
    let refused = codes(record(
        &case,
        &org,
        DPO,
        "2026-11-21T09:00:00Z",
        closing.clone(),
    ));
    // (Zahles asks for the DPO's entry as well: the decision below is one.)
    assert_eq!(
        refused,
        vec![
            (text("authority"), ProblemCode::NotAllowed),
            (text("dpo"), ProblemCode::NotAllowed)
        ]
    );
    let decided = record(
        &case,
        &org,
        DPO,
        "2026-11-21T09:00:00Z",
        EventKind::NotNotified(NotNotified {
            reasoning: text(
                "Modtageren har tavshedspligt og har slettet beskeden (EDPB 01/2021, case 9).",
            ),
        }),
    )
    .unwrap();
    assert!(record(&decided, &org, DPO, "2026-11-21T09:05:00Z", closing).is_ok());
}

#[test]
fn only_a_processor_tells_the_controller() {
    let (case, org) = opened();
    let refused = codes(record(
        &case,
        &org,
        DPO,
        "2026-11-21T09:00:00Z",
        EventKind::ControllerNotified(ControllerNotified {
            notified_at: at("2026-11-21T09:00:00Z"),
        }),
    ));
    assert_eq!(refused, vec![(text("kind"), ProblemCode::NotAllowed)]);

    let org = common::org("zahles");
    let report = processor_case();
    let opened_at = report.timeline.aware_at.as_ref().unwrap().utc() + Duration::hours(1);
    let case = Case::open(
        report.clone(),
        assess(&report, Some(&org), opened_at),
        opened_at,
    );
    let when = (opened_at + Duration::minutes(5)).to_rfc3339();
    let told = record(
        &case,
        &org,
        DPO,
        &when,
        EventKind::ControllerNotified(ControllerNotified {
            notified_at: opened_at,
        }),
    )
    .unwrap();
    assert_eq!(told.controller_notified_at, Some(opened_at));

    // Told once: a second entry would overwrite the register's fact.
    let again = record(
        &told,
        &org,
        DPO,
        &when,
        EventKind::ControllerNotified(ControllerNotified {
            notified_at: opened_at,
        }),
    );
    assert_eq!(codes(again), vec![(text("kind"), ProblemCode::NotAllowed)]);
}

fn tags(list: &[EventTag]) -> Vec<&'static str> {
    list.iter().map(|t| t.name()).collect()
}

#[test]
fn what_may_be_recorded_next_follows_the_role_and_the_state() {
    let (case, org) = opened();
    // A fresh high-risk controller case: a leader may record all but the
    // DPO's decisions, a viewer nothing; no controller to tell, no measure
    // to mark done, no reopening of an open case.
    let leader = case.available(StaffRole::Leader, Some(&org));
    assert_eq!(
        tags(&leader),
        vec![
            "step_done",
            "contained",
            "handler_agreed",
            "authority_notified",
            "subjects_told",
            "prevention_planned",
            "note",
            "facts_corrected",
            "closed",
        ]
    );
    let dpo = case.available(StaffRole::Dpo, Some(&org));
    for only_dpo in [
        EventTag::DpoOpinion,
        EventTag::RiskOverridden,
        EventTag::NotNotified,
        EventTag::SubjectsException,
        EventTag::Dismissed,
    ] {
        assert!(dpo.contains(&only_dpo), "{only_dpo:?}");
        assert!(!leader.contains(&only_dpo), "{only_dpo:?}");
    }
    assert!(case.available(StaffRole::Viewer, Some(&org)).is_empty());

    // Notified: a follow-up, not a second notification nor a decision
    // against it.
    let notified = notified_at_0955(&case, &org, "2026-431-0001", true);
    let now = notified.available(StaffRole::Dpo, Some(&org));
    assert!(now.contains(&EventTag::AuthorityFollowUp));
    assert!(!now.contains(&EventTag::AuthorityNotified));
    assert!(!now.contains(&EventTag::NotNotified));

    // Every kind the state leaves out is refused by `apply` with the very
    // same problem, and every kind offered passes the state's check.
    for tag in EventTag::all() {
        let refused = state_refusal(&notified, tag);
        assert_eq!(
            now.contains(&tag),
            refused.is_none()
                && tag.may_be_recorded_by(StaffRole::Dpo)
                && tag != EventTag::PreventionDone
                && !tag.own_route(),
            "{tag:?}"
        );
    }
    let again = record(
        &notified,
        &org,
        DPO,
        "2026-11-21T10:05:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-21T10:00:00Z"),
            authority_reference: text("2026-431-0002"),
            complete: true,
            late_reason: None,
            more_promised_by: None,
        }),
    )
    .unwrap_err();
    assert_eq!(
        again,
        vec![state_refusal(&notified, EventTag::AuthorityNotified).unwrap()]
    );

    // Told: neither told again nor an exception; a measure planned can be
    // marked done; every procedure step done leaves no step to tick.
    let mut told = record(
        &notified,
        &org,
        LEADER,
        "2026-11-21T11:00:00Z",
        EventKind::SubjectsTold(SubjectsTold {
            told_at: at("2026-11-21T10:30:00Z"),
            how: text("Aula-besked"),
            count: 2,
            channel: None,
        }),
    )
    .unwrap();
    let now = told.available(StaffRole::Dpo, Some(&org));
    assert!(!now.contains(&EventTag::SubjectsTold));
    assert!(!now.contains(&EventTag::SubjectsException));
    assert!(!now.contains(&EventTag::PreventionDone));
    let twice = record(
        &told,
        &org,
        LEADER,
        "2026-11-21T11:05:00Z",
        EventKind::SubjectsTold(SubjectsTold {
            told_at: at("2026-11-21T11:00:00Z"),
            how: text("Brev"),
            count: 3,
            channel: None,
        }),
    );
    assert_eq!(codes(twice), vec![(text("kind"), ProblemCode::NotAllowed)]);
    told = record(
        &told,
        &org,
        LEADER,
        "2026-11-21T11:10:00Z",
        EventKind::PreventionPlanned(PreventionPlanned {
            measure: text("m1"),
            what: text("Slå autoudfyld fra i Aula"),
            by: text("IT"),
            due: None,
        }),
    )
    .unwrap();
    assert!(told
        .available(StaffRole::Leader, Some(&org))
        .contains(&EventTag::PreventionDone));
    // (The steps the obligations' entries do are not ticked.)
    let own_steps: Vec<_> = brud_case::steps::step_states(&told, Some(&org))
        .into_iter()
        .filter(|step| step.settled_by.is_none())
        .collect();
    for step in own_steps {
        told = record(
            &told,
            &org,
            LEADER,
            "2026-11-21T11:20:00Z",
            EventKind::StepDone(StepDone {
                step: step.id,
                note: None,
            }),
        )
        .unwrap();
    }
    assert!(!told
        .available(StaffRole::Leader, Some(&org))
        .contains(&EventTag::StepDone));

    // The DPO's opinion (Zahles closes no case without an entry of the DPO's).
    let told = record(
        &told,
        &org,
        DPO,
        "2026-11-21T11:50:00Z",
        EventKind::DpoOpinion(DpoOpinion {
            text: text("Håndteret efter proceduren"),
        }),
    )
    .unwrap();
    // Closed: only reopening.
    let closed = record(
        &told,
        &org,
        DPO,
        "2026-11-21T12:00:00Z",
        EventKind::Closed(Closed {
            lessons: text("Tjek modtageren"),
        }),
    )
    .unwrap();
    assert_eq!(
        tags(&closed.available(StaffRole::Dpo, Some(&org))),
        vec!["reopened"]
    );
    assert_eq!(
        tags(&closed.available(StaffRole::Leader, Some(&org))),
        vec!["reopened"]
    );
}

#[test]
fn an_exception_is_recorded_once_and_may_give_way_to_telling() {
    let (case, org) = opened();
    let exception = || {
        EventKind::SubjectsException(SubjectsException {
            exception: NoticeException::Mitigated,
            reasoning: text("Beskeden er slettet hos modtageren."),
            public_communication: None,
        })
    };
    let excepted = record(&case, &org, DPO, "2026-11-21T10:00:00Z", exception()).unwrap();
    let now = excepted.available(StaffRole::Dpo, Some(&org));
    assert!(!now.contains(&EventTag::SubjectsException));
    assert!(now.contains(&EventTag::SubjectsTold));
    let again = record(&excepted, &org, DPO, "2026-11-21T10:05:00Z", exception());
    assert_eq!(codes(again), vec![(text("kind"), ProblemCode::NotAllowed)]);
    let told = record(
        &excepted,
        &org,
        LEADER,
        "2026-11-21T10:10:00Z",
        EventKind::SubjectsTold(SubjectsTold {
            told_at: at("2026-11-21T10:00:00Z"),
            how: text("Brev"),
            count: 2,
            channel: None,
        }),
    )
    .unwrap();
    assert!(matches!(told.subjects, Some(SubjectsOutcome::Told { .. })));
}

#[test]
fn the_decision_not_to_notify_is_recorded_once() {
    let (case, org) = opened();
    let decided = record(
        &case,
        &org,
        DPO,
        "2026-11-21T10:00:00Z",
        EventKind::NotNotified(NotNotified {
            reasoning: text("Modtageren har slettet beskeden."),
        }),
    )
    .unwrap();
    assert!(!decided
        .available(StaffRole::Dpo, Some(&org))
        .contains(&EventTag::NotNotified));
    let again = record(
        &decided,
        &org,
        DPO,
        "2026-11-21T10:05:00Z",
        EventKind::NotNotified(NotNotified {
            reasoning: text("En anden begrundelse."),
        }),
    );
    assert_eq!(codes(again), vec![(text("kind"), ProblemCode::NotAllowed)]);
}

#[test]
fn prevention_measures_are_planned_then_done_once() {
    let (case, org) = opened();
    let planned = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        EventKind::PreventionPlanned(PreventionPlanned {
            measure: text("m1"),
            what: text("Kursus i Aula-modtagere"),
            by: text("Skolelederen"),
            due: Some("2026-12-15".parse().unwrap()),
        }),
    )
    .unwrap();
    let duplicate = codes(record(
        &planned,
        &org,
        LEADER,
        "2026-11-21T09:01:00Z",
        EventKind::PreventionPlanned(PreventionPlanned {
            measure: text("m1"),
            what: text("x"),
            by: text("y"),
            due: None,
        }),
    ));
    assert_eq!(duplicate, vec![(text("measure"), ProblemCode::Duplicate)]);
    let unknown = codes(record(
        &planned,
        &org,
        LEADER,
        "2026-11-21T09:01:00Z",
        EventKind::PreventionDone(PreventionDone {
            measure: text("m2"),
        }),
    ));
    assert_eq!(unknown, vec![(text("measure"), ProblemCode::InvalidValue)]);
    let done = record(
        &planned,
        &org,
        LEADER,
        "2026-12-01T09:00:00Z",
        EventKind::PreventionDone(PreventionDone {
            measure: text("m1"),
        }),
    )
    .unwrap();
    assert_eq!(done.prevention[0].done_at, Some(at("2026-12-01T09:00:00Z")));
    let again = codes(record(
        &done,
        &org,
        LEADER,
        "2026-12-01T09:01:00Z",
        EventKind::PreventionDone(PreventionDone {
            measure: text("m1"),
        }),
    ));
    assert_eq!(again, vec![(text("measure"), ProblemCode::NotAllowed)]);
}

#[test]
fn each_reminder_is_recorded_once() {
    let (case, org) = opened();
    let event = |case: &Case| Event {
        sequence: case.sequence + 1,
        at: at("2026-11-22T08:30:00Z"),
        actor: Actor::System,
        kind: EventKind::ReminderSent(ReminderSent {
            reminder: Reminder::Approaching24h,
        }),
    };
    let sent = apply(&case, &event(&case), Some(&org)).unwrap();
    assert_eq!(sent.reminders, vec![Reminder::Approaching24h]);
    let refused = codes(apply(&sent, &event(&sent), Some(&org)));
    assert_eq!(refused, vec![(text("reminder"), ProblemCode::NotAllowed)]);
}

#[test]
fn a_recorded_life_verifies_as_a_chain() {
    let (case, org) = opened();
    let mut events = vec![Event {
        sequence: 1,
        at: case.opened_at,
        actor: Actor::System,
        kind: opening(&case.report, &case.assessment, None),
    }];
    let mut state = case;
    for (when, kind) in [
        (
            "2026-11-21T09:00:00Z",
            EventKind::Contained(Contained {
                note: None,
                contained_at: None,
            }),
        ),
        (
            "2026-11-21T09:05:00Z",
            EventKind::HandlerAgreed(HandlerAgreed {
                handler: text("Palle Vang"),
            }),
        ),
    ] {
        let event = next(&state, LEADER, at(when), kind);
        state = apply(&state, &event, Some(&org)).unwrap();
        events.push(event);
    }
    let stored = chain(&events);
    assert_eq!(verify(&stored), Ok(3));
}

#[test]
fn the_register_opens_in_danish_excel_and_reads_back_as_it_was_written() {
    use brud_case::register::{csv, HEADERS};
    let (case, org) = opened();
    let notified = record(
        &case,
        &org,
        DPO,
        "2026-11-23T10:35:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-23T10:30:00Z"),
            authority_reference: text("2026-431-0042"),
            complete: true,
            late_reason: Some(text("Weekend; \"DPO\" syg")),
            more_promised_by: None,
        }),
    )
    .unwrap();
    let (quiet, _) = opened();
    let file = csv(
        &[
            (text("ZAH-2026-0001"), notified),
            (text("ZAH-2026-0002"), quiet),
        ],
        Some(&org),
        at("2026-11-24T00:00:00Z"),
    );
    assert!(
        file.starts_with('\u{feff}'),
        "a byte-order mark, so Excel reads UTF-8"
    );
    assert!(file.ends_with("\r\n"));
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(file.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, HEADERS);
    let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let cell = |row: &::csv::StringRecord, name: &str| {
        row[HEADERS.iter().position(|h| *h == name).unwrap()].to_string()
    };
    let first = &rows[0];
    assert_eq!(cell(first, "Journalnummer"), "ZAH-2026-0001");
    assert_eq!(
        cell(first, "Modtaget"),
        "2026-11-21 09:00",
        "Copenhagen time"
    );
    assert_eq!(
        cell(first, "Hændelse"),
        "Aula-besked sendt til forkert modtager"
    );
    assert_eq!(cell(first, "Risiko"), "Høj risiko");
    assert_eq!(cell(first, "Frist for anmeldelse"), "2026-11-23 09:30");
    assert_eq!(cell(first, "Fristen"), "for sent");
    assert_eq!(cell(first, "Anmeldt til Datatilsynet"), "2026-11-23 11:30");
    assert_eq!(
        cell(first, "Begrundelse for forsinkelse"),
        "Weekend; \"DPO\" syg",
        "quoted and read back whole"
    );
    assert_eq!(cell(first, "De berørte"), "skal underrettes");
    assert!(cell(first, "DPO").contains('@'), "the DPO's contact");
    assert!(
        cell(first, "Oplysninger").contains("PPR"),
        "{}",
        cell(first, "Oplysninger")
    );
    let second = &rows[1];
    assert_eq!(cell(second, "Fristen"), "overskredet");
    assert_eq!(cell(second, "Anmeldt til Datatilsynet"), "");
}

#[test]
fn the_control_report_counts_the_year_and_the_notifications() {
    use brud_case::control::control_report;
    let (case, org) = opened();
    // In time: 1 h 25 min after awareness (09:30 Copenhagen = 08:30 UTC).
    let in_time = record(
        &case,
        &org,
        DPO,
        "2026-11-20T10:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-20T09:55:00Z"),
            authority_reference: text("a"),
            complete: true,
            late_reason: None,
            more_promised_by: None,
        }),
    );
    let in_time = in_time.unwrap();
    // Late: 74 h after awareness.
    let late = record(
        &case,
        &org,
        DPO,
        "2026-11-23T10:35:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-23T10:30:00Z"),
            authority_reference: text("b"),
            complete: true,
            late_reason: Some(text("Sygdom")),
            more_promised_by: None,
        }),
    )
    .unwrap();
    let planned = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        EventKind::PreventionPlanned(PreventionPlanned {
            measure: text("m1"),
            what: text("Kursus"),
            by: text("Leder"),
            due: None,
        }),
    )
    .unwrap();
    let mut last_year = case.clone();
    last_year.opened_at = at("2025-06-01T08:00:00Z");
    let report = control_report(
        &facts_of(
            &[
                (text("ZAH-2026-0001"), in_time),
                (text("ZAH-2026-0002"), late),
                (text("ZAH-2026-0003"), planned),
                (text("ZAH-2025-0009"), last_year),
            ],
            &org,
        ),
        2026,
        at("2026-11-24T00:00:00Z"),
        &[],
    );
    assert_eq!(report.cases, 3, "last year's case is not counted");
    assert_eq!(report.notification_required, 3);
    assert_eq!(
        (
            report.notified_in_time,
            report.notified_late,
            report.overdue
        ),
        (1, 1, 1)
    );
    assert_eq!(report.share_in_time_percent, Some(33));
    // 85 min and 74 h (4440 min): the median of two is their mean.
    assert_eq!(report.median_minutes_to_notify, Some((85 + 4440) / 2));
    assert_eq!(report.open_prevention, 1);
    assert_eq!(
        report.by_incident,
        vec![(IncidentType::MisdirectedMessage, 3)]
    );
    assert_eq!(report.repeated, vec![(IncidentType::MisdirectedMessage, 3)]);
    assert_eq!(report.by_risk, vec![(RiskLevel::High, 3)]);
    let mut months = [0; 12];
    months[10] = 3;
    assert_eq!(report.by_month, months, "three cases in November");
    assert_eq!(report.late.len(), 1);
    assert_eq!(report.late[0].reference, "ZAH-2026-0002");
    assert_eq!(report.late[0].reason, "Sygdom");
    assert_eq!(report.late[0].minutes_after_awareness, Some(4440));
    assert_eq!(report.open_measures.len(), 1);
    assert_eq!(report.open_measures[0].reference, "ZAH-2026-0003");
    assert_eq!(report.open_measures[0].what, "Kursus");
}

/// The case of [`opened`] closed at `when` after a decision not to notify.
fn closed_at(when: &str) -> (Case, OrgProfile) {
    let (case, org) = opened();
    let decided = record(
        &case,
        &org,
        DPO,
        "2026-11-21T10:00:00Z",
        EventKind::NotNotified(NotNotified {
            reasoning: text("Beskeden blev slettet af modtageren samme dag."),
        }),
    )
    .unwrap();
    let told = record(
        &decided,
        &org,
        LEADER,
        "2026-11-21T11:00:00Z",
        EventKind::SubjectsTold(SubjectsTold {
            told_at: at("2026-11-21T10:30:00Z"),
            how: text("Brev i Aula"),
            count: 2,
            channel: None,
        }),
    )
    .unwrap();
    let closed = record(
        &told,
        &org,
        LEADER,
        when,
        EventKind::Closed(Closed {
            lessons: text("Tjek modtagerlisten før afsendelse."),
        }),
    )
    .unwrap();
    (closed, org)
}

#[test]
fn the_opening_commits_to_the_report_and_survives_erasing_the_contact() {
    let report = misdirected_aula();
    let assessment = assess(&report, Some(&org("zahles")), at("2026-11-21T08:00:00Z"));
    let opened = opening(&report, &assessment, None);
    let matches =
        |report: &Report, erased: bool| report_matches(report, &assessment, &opened, erased, None);
    assert!(matches(&report, false));
    let mut changed = report.clone();
    changed.nature.description = Some(text("Noget andet skete."));
    assert!(!matches(&changed, false), "content changed");
    let mut other_contact = report.clone();
    other_contact.reporter.email = Some(text("en.anden@zahles.dk"));
    assert!(!matches(&other_contact, false));
    let erased = brud_case::without_contact(&report);
    assert!(!matches(&erased, false), "erased without an erasure event");
    assert!(matches(&erased, true), "erased by retention");
    assert!(!matches(&changed, true));
}

#[test]
fn the_opening_commits_to_the_assessment_made_at_receipt() {
    let report = misdirected_aula();
    let assessment = assess(&report, Some(&org("zahles")), at("2026-11-21T08:00:00Z"));
    let opened = opening(&report, &assessment, None);
    assert!(report_matches(&report, &assessment, &opened, false, None));
    // The risk it started from lowered outside the log.
    let mut lowered = assessment.clone();
    lowered.risk = RiskLevel::None;
    assert!(!report_matches(&report, &lowered, &opened, false, None));
    // A log opened before the assessment was committed to still matches,
    // and its opening event hashes as it always did.
    let EventKind::Opened(Opened {
        report_sha256,
        contact_sha256,
        ..
    }) = opened
    else {
        unreachable!()
    };
    let older = EventKind::Opened(Opened {
        report_sha256,
        contact_sha256,
        assessment_sha256: None,
        dpo: None,
        by_mail: false,
    });
    assert!(report_matches(&report, &lowered, &older, false, None));
    let json = serde_json::to_value(&older).unwrap();
    assert!(json.get("assessment_sha256").is_none(), "{json}");
}

#[test]
fn retention_erases_the_contact_after_90_days_and_the_entry_after_5_years() {
    let (open, _) = opened();
    let retention = Retention::default();
    assert_eq!(
        retention_due(&open, &retention, at("2040-01-01T00:00:00Z")),
        None,
        "an open case keeps everything"
    );
    let (closed, org) = closed_at("2026-11-22T12:00:00Z");
    assert_eq!(
        retention_due(&closed, &retention, at("2027-02-19T12:00:00Z")),
        None
    );
    assert_eq!(
        retention_due(&closed, &retention, at("2027-02-20T12:00:00Z")),
        Some(RetentionStep::EraseContact)
    );
    let erased = apply(
        &closed,
        &Event {
            sequence: closed.sequence + 1,
            at: at("2027-02-20T12:05:00Z"),
            actor: Actor::System,
            kind: EventKind::ContactErased,
        },
        Some(&org),
    )
    .unwrap();
    assert_eq!(erased.report.reporter.email, None);
    assert_eq!(erased.report.reporter.name, None);
    assert!(erased.report.reporter.role.is_some(), "the role is kept");
    assert_eq!(
        retention_due(&erased, &retention, at("2031-11-22T11:59:00Z")),
        None
    );
    assert_eq!(
        retention_due(&erased, &retention, at("2031-11-22T12:00:00Z")),
        Some(RetentionStep::Delete)
    );
    let short = Retention {
        contact_days: 0,
        register_years: 1,
    };
    assert_eq!(
        retention_due(&closed, &short, at("2026-11-22T12:00:00Z")),
        Some(RetentionStep::EraseContact)
    );
    // Twice is refused; on an open case it is refused.
    let again = Event {
        sequence: erased.sequence + 1,
        at: at("2027-02-21T00:00:00Z"),
        actor: Actor::System,
        kind: EventKind::ContactErased,
    };
    assert_eq!(
        codes(apply(&erased, &again, Some(&org))),
        vec![(text("kind"), ProblemCode::NotAllowed)]
    );
    let (open, org) = opened();
    let early = Event {
        sequence: 2,
        at: at("2026-11-21T09:00:00Z"),
        actor: Actor::System,
        kind: EventKind::ContactErased,
    };
    assert_eq!(
        codes(apply(&open, &early, Some(&org))),
        vec![(text("kind"), ProblemCode::NotAllowed)]
    );
}

#[test]
fn a_case_replays_from_its_log_and_a_log_that_breaks_the_rules_is_named() {
    let (case, org) = opened();
    let report = case.report.clone();
    let assessment = case.assessment.clone();
    let first = Event {
        sequence: 1,
        at: case.opened_at,
        actor: Actor::System,
        kind: opening(&report, &assessment, None),
    };
    let contained = next(
        &case,
        LEADER,
        at("2026-11-21T09:00:00Z"),
        EventKind::Contained(Contained {
            note: None,
            contained_at: None,
        }),
    );
    let after = apply(&case, &contained, Some(&org)).unwrap();
    let replayed = replay(
        report.clone(),
        assessment.clone(),
        &[first.clone(), contained.clone()],
        Some(&org),
    )
    .unwrap();
    assert_eq!(replayed, after);
    let twice = Event {
        sequence: 3,
        ..contained.clone()
    };
    let (sequence, problems) = replay(
        report.clone(),
        assessment.clone(),
        &[first, contained.clone(), twice],
        Some(&org),
    )
    .unwrap_err();
    assert_eq!(sequence, 3);
    assert_eq!(problems[0].code, ProblemCode::NotAllowed);
    assert_eq!(
        replay(report, assessment, &[contained], Some(&org))
            .unwrap_err()
            .0,
        2,
        "a log must begin with the opening"
    );
}

#[test]
fn the_list_row_shows_the_state_without_replaying_the_log() {
    let (case, org) = opened();
    let row = CaseSummary::of("id-1", "ZAH-2026-0001", &case, Some(&org));
    assert_eq!(row.status, CaseStatus::Open);
    assert!(row.notification_required, "{row:?}");
    assert!(row.notification_outstanding());
    assert_eq!(
        row.deadline_state(at("2026-11-24T00:00:00Z")),
        deadline_state(&case, at("2026-11-24T00:00:00Z"))
    );
    let notified = record(
        &case,
        &org,
        DPO,
        "2026-11-23T10:35:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-23T10:30:00Z"),
            authority_reference: text("2026-431-0042"),
            complete: true,
            late_reason: Some(text("Weekend")),
            more_promised_by: None,
        }),
    )
    .unwrap();
    let row = CaseSummary::of("id-1", "ZAH-2026-0001", &notified, Some(&org));
    assert!(!row.notification_outstanding());
    let now = at("2026-11-24T00:00:00Z");
    assert_eq!(row.deadline_state(now), deadline_state(&notified, now));
    assert!(matches!(
        row.deadline_state(now),
        DeadlineState::MetLate { .. }
    ));
    let (closed, _) = closed_at("2026-11-22T12:00:00Z");
    assert_eq!(
        CaseSummary::of("id-2", "ZAH-2026-0002", &closed, Some(&org)).status,
        CaseStatus::Closed
    );
    let search = search_text("ZAH-2026-0001", &notified);
    assert!(search.contains("zah-2026-0001"));
    assert!(search.contains("2026-431-0042"));
    let email = case.report.reporter.email.clone().unwrap();
    assert!(
        !search.contains(&email.to_lowercase()),
        "no contact details"
    );
}

fn system_event(case: &Case, when: DateTime<Utc>, kind: EventKind) -> Event {
    Event {
        sequence: case.sequence + 1,
        at: when,
        actor: Actor::System,
        kind,
    }
}

#[test]
fn a_case_notified_or_decided_against_gets_no_reminder() {
    let (case, org) = opened();
    let due = case.deadline().unwrap();
    let near = due - Duration::hours(1);
    assert_eq!(reminder_due(&case, near), Some(Reminder::Approaching6h));
    assert_eq!(
        reminder_due(&case, due - Duration::hours(23)),
        Some(Reminder::Approaching24h)
    );
    assert_eq!(reminder_due(&case, due - Duration::hours(25)), None);

    let notified = apply(
        &case,
        &next(
            &case,
            DPO,
            near,
            EventKind::AuthorityNotified(AuthorityNotified {
                notified_at: near,
                authority_reference: "DT-1".into(),
                complete: true,
                late_reason: None,
                more_promised_by: None,
            }),
        ),
        Some(&org),
    )
    .unwrap();
    assert_eq!(reminder_due(&notified, due + Duration::hours(1)), None);

    let decided = apply(
        &case,
        &next(
            &case,
            DPO,
            near,
            EventKind::NotNotified(NotNotified {
                reasoning: text("Modtageren har slettet beskeden."),
            }),
        ),
        Some(&org),
    )
    .unwrap();
    assert_eq!(reminder_due(&decided, due + Duration::hours(1)), None);

    let mut not_required = case.clone();
    not_required
        .assessment
        .obligations
        .notify_authority
        .required = false;
    assert_eq!(reminder_due(&not_required, near), None);
}

#[test]
fn reminders_and_obligations_send_notices_without_the_reports_content() {
    let (case, org) = opened();
    let due = case.deadline().unwrap();
    let late = due + Duration::hours(2);
    let reminder = system_event(
        &case,
        late,
        EventKind::ReminderSent(ReminderSent {
            reminder: Reminder::Overdue,
        }),
    );
    let after = apply(&case, &reminder, Some(&org)).unwrap();
    let notice = notice_of(&reminder, &after, "r-1", &org, "ZAH-2026-0001").unwrap();
    assert_eq!(notice.event_type, DEADLINE_OVERDUE);
    assert_eq!(notice.webhook_id(), "r-1.2");
    assert_eq!(notice.data.reminder, Some(Reminder::Overdue));
    assert_eq!(notice.data.deadline_state, DeadlineState::Overdue { due });
    assert!(notice.data.open_obligations.contains(&text("authority")));
    let body = serde_json::to_string(&notice).unwrap();
    let description = case.report.nature.description.clone().unwrap();
    assert!(!body.contains(&description), "{body}");
    for contact in [&case.report.reporter.name, &case.report.reporter.email]
        .into_iter()
        .flatten()
    {
        assert!(!body.contains(contact.as_str()), "{body}");
    }

    let six = system_event(
        &case,
        due - Duration::hours(5),
        EventKind::ReminderSent(ReminderSent {
            reminder: Reminder::Approaching6h,
        }),
    );
    let after_six = apply(&case, &six, Some(&org)).unwrap();
    let notice = notice_of(&six, &after_six, "r-1", &org, "ZAH-2026-0001").unwrap();
    assert_eq!(notice.event_type, DEADLINE_APPROACHING);
    assert_eq!(notice.data.reminder, Some(Reminder::Approaching6h));

    let notified = next(
        &after,
        DPO,
        late,
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: late,
            authority_reference: text("DT-2"),
            complete: true,
            late_reason: Some(text("Opdaget sent.")),
            more_promised_by: None,
        }),
    );
    let after_notified = apply(&after, &notified, Some(&org)).unwrap();
    let notice = notice_of(&notified, &after_notified, "r-1", &org, "ZAH-2026-0001").unwrap();
    assert_eq!(notice.event_type, CASE_UPDATED);
    assert_eq!(notice.data.event, "authority_notified");
    assert_eq!(notice.data.reminder, None);
    assert!(matches!(
        notice.data.deadline_state,
        DeadlineState::MetLate { .. }
    ));
    assert!(!notice.data.open_obligations.contains(&text("authority")));

    let note = next(
        &after_notified,
        LEADER,
        late,
        EventKind::Note(Note {
            text: text("Ringede til forældrene."),
        }),
    );
    let after_note = apply(&after_notified, &note, Some(&org)).unwrap();
    assert_eq!(notice_of(&note, &after_note, "r-1", &org, "x"), None);
}

#[test]
fn the_stored_row_names_risk_and_reminders_as_the_wire_does() {
    let (case, org) = opened();
    let due = case.deadline().unwrap();
    let reminded = apply(
        &case,
        &system_event(
            &case,
            due - Duration::hours(5),
            EventKind::ReminderSent(ReminderSent {
                reminder: Reminder::Approaching6h,
            }),
        ),
        Some(&org),
    )
    .unwrap();
    let row = brud_case::summary::StoredRow::of("r-1", "ZAH-2026-0001", &reminded, Some(&org));
    assert_eq!(row.reminded, Reminder::Approaching6h.bit());
    assert_eq!(
        row.risk,
        serde_json::to_value(reminded.assessment.risk).unwrap()
    );
    assert!(row.holds_contact);
    assert_eq!(row.closed_at, None);
    assert_eq!(row.register.reference, "ZAH-2026-0001");
    assert!(row.search.contains("zah-2026-0001"), "{}", row.search);
}

#[test]
fn the_desk_reads_the_clock_and_the_timeline_in_both_languages() {
    let (case, org) = opened();
    let due = case.deadline().unwrap();
    let open = deadline_state(&case, due - Duration::hours(5));
    assert_eq!(
        open.describe(due - Duration::hours(5), Language::Da),
        "5 timer tilbage"
    );
    assert_eq!(
        open.describe(due - Duration::hours(5), Language::En),
        "5 hours left"
    );
    let late = due + Duration::hours(2);
    let overdue = deadline_state(&case, late);
    assert!(overdue
        .describe(late, Language::Da)
        .starts_with("overskredet"));
    let notified = record(
        &case,
        &org,
        DPO,
        "2026-11-23T08:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-23T08:00:00Z"),
            authority_reference: text("DT-9"),
            complete: true,
            late_reason: None,
            more_promised_by: None,
        }),
    )
    .unwrap();
    let met = deadline_state(&notified, late);
    assert_eq!(met.describe(late, Language::Da), "Overholdt");
    assert_eq!(
        DeadlineState::NotRequired.describe(late, Language::En),
        "Not required"
    );

    let kinds = [
        EventKind::ContactErased,
        EventKind::Note(Note { text: text("x") }),
        EventKind::ReminderSent(ReminderSent {
            reminder: Reminder::Overdue,
        }),
    ];
    let titles: Vec<(&str, &str)> = kinds
        .iter()
        .map(|k| (k.title(Language::Da), k.title(Language::En)))
        .collect();
    assert_eq!(
        titles[2],
        ("Påmindelse om fristen sendt", "Deadline reminder sent")
    );
    assert!(titles
        .iter()
        .all(|(da, en)| !da.is_empty() && da != en || *da == "Note"));
}

#[test]
fn a_row_on_file_matches_the_log_only_as_the_log_wrote_it() {
    let (case, org) = opened();
    let noted = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        EventKind::Note(Note {
            text: text("Ringet til forældrene."),
        }),
    )
    .unwrap();
    let written = StoredRow::of("id", "ZAH-2026-0001", &noted, Some(&org));
    let on_file = RowOnFile {
        sequence: noted.sequence,
        summary: written.summary.clone(),
        register: written.register.clone(),
        search: written.search.clone(),
        risk: written.risk.clone(),
        reminded: written.reminded,
    };
    assert!(written.matches(&on_file, noted.sequence));
    // A register cell changed outside the log.
    let mut edited = on_file.clone();
    edited.register.incident = text("Noget andet");
    assert!(!written.matches(&edited, noted.sequence));
    // The last event removed: the log gives the case before it.
    let before = StoredRow::of("id", "ZAH-2026-0001", &case, Some(&org));
    assert!(!before.matches(&on_file, case.sequence));
    // The risk on file lowered.
    let mut lowered = on_file;
    lowered.risk = text("none");
    assert!(!written.matches(&lowered, noted.sequence));
}

#[test]
fn a_case_received_in_time_but_notified_late_gives_its_reasons_in_the_notification() {
    let (case, org) = opened();
    assert_eq!(case.report.late_reason, None, "received in time");
    // The deadline was 23 Nov 08:30 UTC; notified a day later.
    let reason = "DPO'en var syg, og vikaren kendte ikke proceduren.";
    let notified = record(
        &case,
        &org,
        DPO,
        "2026-11-24T09:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-24T08:30:00Z"),
            authority_reference: text("2026-431-0042"),
            complete: true,
            late_reason: Some(text(reason)),
            more_promised_by: None,
        }),
    )
    .unwrap();
    let decided = notified.report_as_decided();
    assert_eq!(decided.late_reason.as_deref(), Some(reason));
    // Everything else is the report as received.
    let mut unchanged = decided.clone();
    unchanged.late_reason = None;
    assert_eq!(unchanged, case.report);
    let notification =
        brud_shared::texts::authority_notification(brud_shared::texts::TextContext {
            report: &decided,
            assessment: &notified.assessment,
            org: &org,
            reference: Some("ZAH-2026-0042"),
            lang: Language::Da,
            decided: None,
        });
    assert!(notification.contains(reason), "{notification}");
    // A notification in time gives no reasons of delay to the report.
    let in_time = notified_at_0955(&case, &org, "2026-431-0043", true);
    assert_eq!(in_time.report_as_decided(), case.report);
}

#[test]
fn a_dismissed_report_closes_owing_nothing_and_leaves_the_boards_figures() {
    use brud_case::control::control_report;
    use brud_case::register::row;
    use brud_case::DismissalReason;
    let (case, org) = opened();
    let dismiss = |reason, duplicate_of: Option<&str>, note: &str| {
        EventKind::Dismissed(Dismissed {
            reason,
            duplicate_of: duplicate_of.map(text),
            note: text(note),
        })
    };
    // The DPO's decision: a leader is not offered it and cannot record it.
    assert!(!case
        .available(StaffRole::Leader, Some(&org))
        .contains(&EventTag::Dismissed));
    assert!(case
        .available(StaffRole::Dpo, Some(&org))
        .contains(&EventTag::Dismissed));
    assert!(!dismiss(DismissalReason::Junk, None, "x").may_be_recorded_by(StaffRole::Leader));
    // Its own data: a note always, a duplicate names the other case.
    assert_eq!(
        codes(record(
            &case,
            &org,
            DPO,
            "2026-11-21T09:00:00Z",
            dismiss(DismissalReason::Duplicate, None, " ")
        )),
        vec![
            (text("note"), ProblemCode::Required),
            (text("duplicate_of"), ProblemCode::Required)
        ]
    );
    assert_eq!(
        codes(record(
            &case,
            &org,
            DPO,
            "2026-11-21T09:00:00Z",
            dismiss(
                DismissalReason::Duplicate,
                Some("sagen fra i går"),
                "Samme besked"
            )
        )),
        vec![(text("duplicate_of"), ProblemCode::InvalidFormat)]
    );
    // Dismissed as junk after the deadline passed unnotified: nothing is
    // owed, no reminder is due, the deadline is not the school's.
    let after_deadline = "2026-11-24T09:00:00Z";
    let dismissed = record(
        &case,
        &org,
        DPO,
        after_deadline,
        dismiss(DismissalReason::Junk, None, "Testindberetning fra en elev"),
    )
    .unwrap();
    assert!(dismissed.closed.is_some());
    assert!(dismissed.open_obligations(Some(&org)).is_empty());
    assert_eq!(
        deadline_state(&dismissed, at(after_deadline)),
        DeadlineState::NotRequired
    );
    assert_eq!(reminder_due(&dismissed, at(after_deadline)), None);
    assert_eq!(
        dismissed.available(StaffRole::Dpo, Some(&org)),
        vec![EventTag::Reopened]
    );
    let summary = CaseSummary::of("id", "ZAH-2026-0007", &dismissed, Some(&org));
    assert_eq!(summary.status, CaseStatus::Dismissed);
    assert!(!summary.notification_outstanding());
    assert_eq!(summary.open_obligations, 0);
    let register = row("ZAH-2026-0007", &dismissed, Some(&org))
        .json_object(&deadline_state(&dismissed, at(after_deadline)));
    let column = |name: &str| register[name].as_str().unwrap().to_string();
    assert_eq!(column("Status"), "afvist");
    assert_eq!(column("Fristen"), "ikke krævet");
    assert_eq!(
        column("Afvist"),
        "Spam eller misbrug af formularen: Testindberetning fra en elev"
    );
    // A duplicate names the case it duplicates in the register.
    let duplicate = record(
        &case,
        &org,
        DPO,
        "2026-11-21T09:00:00Z",
        dismiss(
            DismissalReason::Duplicate,
            Some("ZAH-2026-0003"),
            "Samme besked",
        ),
    )
    .unwrap();
    let register = row("ZAH-2026-0008", &duplicate, Some(&org));
    assert_eq!(
        register.dismissed,
        "Dublet af en anden sag (ZAH-2026-0003): Samme besked"
    );
    // The board's figures count it as dismissed and nowhere else.
    let figures = control_report(
        &facts_of(
            &[
                (text("ZAH-2026-0001"), case.clone()),
                (text("ZAH-2026-0007"), dismissed.clone()),
            ],
            &org,
        ),
        2026,
        at(after_deadline),
        &[],
    );
    assert_eq!((figures.cases, figures.dismissed), (1, 1));
    assert_eq!((figures.notification_required, figures.overdue), (1, 1));
    assert_eq!(
        figures.by_incident,
        vec![(IncidentType::MisdirectedMessage, 1)]
    );
    // Reopened, it is a case owing what it owed.
    let reopened = record(
        &dismissed,
        &org,
        DPO,
        "2026-11-24T10:00:00Z",
        EventKind::Reopened(Reopened {
            reason: text("Det var alligevel et brud"),
        }),
    )
    .unwrap();
    assert_eq!(reopened.dismissed, None);
    assert_eq!(
        CaseSummary::of("id", "ZAH-2026-0007", &reopened, Some(&org)).status,
        CaseStatus::Open
    );
    assert!(!reopened.open_obligations(Some(&org)).is_empty());
    // A breach Datatilsynet has heard of is closed, not dismissed.
    let notified = notified_at_0955(&case, &org, "2026-431-0001", true);
    assert!(!notified
        .available(StaffRole::Dpo, Some(&org))
        .contains(&EventTag::Dismissed));
    assert_eq!(
        codes(record(
            &notified,
            &org,
            DPO,
            "2026-11-21T11:00:00Z",
            dismiss(DismissalReason::NotABreach, None, "x")
        )),
        vec![(text("kind"), ProblemCode::NotAllowed)]
    );
}

#[test]
fn ransomware_found_to_have_copied_the_data_is_reassessed_by_a_correction() {
    use brud_case::Corrections;
    // Restored from the night's backup, copying ruled out at first: no risk.
    let org = org("zahles");
    let report = common::ransomware(true);
    let opened_at = at("2026-11-21T08:00:00Z");
    let case = Case::open(
        report.clone(),
        assess(&report, Some(&org), opened_at),
        opened_at,
    );
    assert_eq!(case.assessment.risk, RiskLevel::None);
    // IT's examination finds the data was sent out before it was locked.
    let corrected = record(
        &case,
        &org,
        DPO,
        "2026-11-21T12:00:00Z",
        EventKind::FactsCorrected(FactsCorrected {
            corrected: Corrections {
                exfiltration: Some(Exfiltration::Confirmed),
                ..Corrections::default()
            },
            reason: text("Logs viser, at data blev sendt ud før krypteringen"),
        }),
    )
    .unwrap();
    assert_eq!(
        corrected.report.circumstances.exfiltration,
        Some(Exfiltration::Confirmed)
    );
    assert_eq!(corrected.assessment.risk, RiskLevel::High);
    assert!(corrected.assessment.obligations.notify_authority.required);
}

#[test]
fn a_correction_replaces_answers_reassesses_and_flows_into_the_rows() {
    use brud_case::register::row;
    use brud_case::Corrections;
    let (case, org) = opened();
    let correct = |corrected: Corrections, reason: &str| {
        EventKind::FactsCorrected(FactsCorrected {
            corrected,
            reason: text(reason),
        })
    };
    let fewer = Corrections {
        subject_count: Some(Count::exact(40)),
        categories: Some(vec![DataCategory::Identity, DataCategory::Contact]),
        ..Corrections::default()
    };
    // A leader may correct; the reason and at least one answer are asked for.
    assert!(case
        .available(StaffRole::Leader, Some(&org))
        .contains(&EventTag::FactsCorrected));
    assert_eq!(
        codes(record(
            &case,
            &org,
            LEADER,
            "2026-11-21T09:00:00Z",
            correct(Corrections::default(), "")
        )),
        vec![
            (text("reason"), ProblemCode::Required),
            (text("corrected"), ProblemCode::Required)
        ]
    );
    // A corrected answer is held to the report's rules, by its own name.
    let negative = Corrections {
        subject_count: Some(Count {
            precision: CountPrecision::Exact,
            value: Some(-1),
        }),
        ..Corrections::default()
    };
    assert_eq!(
        codes(record(
            &case,
            &org,
            LEADER,
            "2026-11-21T09:00:00Z",
            correct(negative, "Talt")
        )),
        vec![(text("subject_count"), ProblemCode::Negative)]
    );
    let corrected = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        correct(
            fewer.clone(),
            "Klasselisten er talt; beskeden nævnte ikke PPR",
        ),
    )
    .unwrap();
    assert_eq!(corrected.report.data.subject_count, Some(Count::exact(40)));
    assert_eq!(
        corrected.report.data.categories,
        vec![DataCategory::Identity, DataCategory::Contact]
    );
    // Made again from the corrected answers, as the rules decide.
    let expected = assess(
        &fewer.applied_to(&case.report),
        Some(&org),
        at("2026-11-21T09:00:00Z"),
    );
    assert_eq!(corrected.assessment, expected);
    assert_ne!(
        corrected.assessment.risk, case.assessment.risk,
        "health data no longer counts"
    );
    // Every row made from the case reads the corrected answers.
    let register = row("ZAH-2026-0001", &corrected, Some(&org))
        .json_object(&deadline_state(&corrected, at("2026-11-21T09:00:00Z")));
    let column = |name: &str| register[name].as_str().unwrap().to_string();
    assert_eq!(column("Antal personer"), "40");
    assert_eq!(
        column("Oplysninger"),
        "Navn, adresse eller fødselsdato og Kontaktoplysninger (e-mail, telefon)"
    );
    assert_eq!(
        column("Risiko"),
        brud_shared::Labelled::da(corrected.assessment.risk)
    );
    assert_eq!(
        corrected.report_as_decided().data.subject_count,
        Some(Count::exact(40))
    );
    // The log keeps the first account: replayed from the report as received.
    let events = vec![
        Event {
            sequence: 1,
            at: case.opened_at,
            actor: Actor::System,
            kind: opening(&case.report, &case.assessment, None),
        },
        next(
            &case,
            LEADER,
            at("2026-11-21T09:00:00Z"),
            correct(fewer, "Klasselisten er talt; beskeden nævnte ikke PPR"),
        ),
    ];
    let replayed = replay(
        case.report.clone(),
        case.assessment.clone(),
        &events,
        Some(&org),
    )
    .unwrap();
    assert_eq!(replayed, corrected);
    assert!(report_matches(
        &case.report,
        &case.assessment,
        &events[0].kind,
        false,
        None
    ));
}

#[test]
fn the_register_entry_holds_the_guidelines_five_items_from_the_case() {
    use brud_case::entry::register_entry;
    use brud_case::{Corrections, DismissalReason};
    let (case, org) = opened();
    let step = |case: &Case, who: &str, when: &str, kind: EventKind| {
        record(case, &org, who, when, kind).unwrap()
    };
    let corrected = step(
        &case,
        LEADER,
        "2026-11-21T09:00:00Z",
        EventKind::FactsCorrected(FactsCorrected {
            corrected: Corrections {
                subject_count: Some(Count::exact(4)),
                ..Corrections::default()
            },
            reason: text("Også søskende"),
        }),
    );
    // Notified late and preliminary, followed up, the people told.
    let notified = step(
        &corrected,
        DPO,
        "2026-11-23T12:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-23T11:00:00Z"),
            authority_reference: text("2026-431-0099"),
            complete: false,
            late_reason: Some(text("Lederen var syg")),
            more_promised_by: None,
        }),
    );
    let followed = step(
        &notified,
        DPO,
        "2026-11-24T12:00:00Z",
        EventKind::AuthorityFollowUp(AuthorityFollowUp {
            sent_at: at("2026-11-24T11:00:00Z"),
            added: text("Antallet er bekræftet"),
            more_promised_by: None,
            completes: false,
        }),
    );
    let told = step(
        &followed,
        LEADER,
        "2026-11-24T13:00:00Z",
        EventKind::SubjectsTold(SubjectsTold {
            told_at: at("2026-11-24T12:30:00Z"),
            how: text("Aula-besked"),
            count: 4,
            channel: None,
        }),
    );
    let entry = register_entry(
        &told,
        &org,
        "ZAH-2026-0001",
        Language::Da,
        at("2026-11-25T10:00:00Z"),
    );
    let has = |needle: &str| assert!(entry.contains(needle), "{needle:?} missing from\n{entry}");
    // 1 (a-d): the nature, the people and records with the corrected count.
    has("Bruddets karakter: ");
    has("Registrerede: ");
    has("Antal registrerede: 4");
    has("Antal registreringer: ");
    // 2: the DPO's name and contact.
    has(&format!(
        "Databeskyttelsesrådgiver (DPO): {}, {}",
        org.dpo.name, org.dpo.email
    ));
    // 3 and 4: consequences and measures.
    has("Konsekvenser: ");
    has("Foranstaltninger: ");
    // 5: what was done, from the events.
    has("Datatilsynet: anmeldt mandag den 23. november 2026 kl. 12.00, journalnummer 2026-431-0099 (foreløbig). Efter fristen på 72 timer. Begrundelse: Lederen var syg");
    has("Supplerende oplysninger sendt tirsdag den 24. november 2026 kl. 12.00: Antallet er bekræftet");
    has("De berørte: underrettet tirsdag den 24. november 2026 kl. 13.30, Aula-besked, 4 personer");

    // The decision not to notify, and an exception, are documented too.
    let decided = step(
        &case,
        DPO,
        "2026-11-21T09:00:00Z",
        EventKind::NotNotified(NotNotified {
            reasoning: text("Modtageren har slettet beskeden"),
        }),
    );
    let excepted = step(
        &decided,
        DPO,
        "2026-11-21T09:05:00Z",
        EventKind::SubjectsException(SubjectsException {
            exception: NoticeException::Mitigated,
            reasoning: text("Beskeden er slettet ulæst"),
            public_communication: None,
        }),
    );
    let entry = register_entry(
        &excepted,
        &org,
        "ZAH-2026-0001",
        Language::En,
        at("2026-11-25T10:00:00Z"),
    );
    assert!(
        entry.contains("Datatilsynet: decided not to notify: Modtageren har slettet beskeden"),
        "{entry}"
    );
    assert!(
        entry.contains("The people affected: exception: "),
        "{entry}"
    );
    assert!(entry.contains("Beskeden er slettet ulæst"), "{entry}");

    // Dismissed: said why, nothing else owed.
    let dismissed = step(
        &case,
        DPO,
        "2026-11-21T09:00:00Z",
        EventKind::Dismissed(Dismissed {
            reason: DismissalReason::NotABreach,
            duplicate_of: None,
            note: text("Beskeden gik til den rette forælder"),
        }),
    );
    let entry = register_entry(
        &dismissed,
        &org,
        "ZAH-2026-0001",
        Language::Da,
        at("2026-11-25T10:00:00Z"),
    );
    assert!(entry.contains("Datatilsynet: ikke relevant"), "{entry}");
    assert!(entry.contains("Afvist lørdag den 21. november 2026 kl. 10.00: Ikke et brud på persondatasikkerheden. Beskeden gik til den rette forælder"), "{entry}");
}

/// The case's unit enums (D1 columns, query strings, the desk's forms) are
/// named by their wire names as serde writes them.
#[test]
fn every_unit_enum_has_one_wire_name() {
    use brud_shared::WireName;
    use strum::IntoEnumIterator;
    fn same<T: serde::Serialize + WireName + std::fmt::Debug>(values: impl IntoIterator<Item = T>) {
        let mut seen = 0;
        for value in values {
            assert_eq!(
                serde_json::to_value(value).unwrap(),
                serde_json::json!(value.wire_name()),
                "{value:?}"
            );
            seen += 1;
        }
        assert!(seen > 1);
    }
    same(Reminder::iter());
    same(CaseStatus::iter());
    same(EventTag::all());
}

#[test]
fn an_obligations_step_is_done_by_its_entry_not_by_a_tick() {
    use brud_case::steps::step_states;
    let (case, org) = opened();
    let states = step_states(&case, Some(&org));
    let state = |states: &[brud_case::steps::StepState], id: &str| {
        states
            .iter()
            .find(|s| s.id == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} in {states:?}"))
    };
    // Only the steps that apply: a controller's case has no controller to tell.
    assert!(states.iter().all(|s| s.id != "notify_controller"));
    let notify = state(&states, "notify_datatilsynet");
    assert_eq!(notify.settled_by, Some(EventTag::AuthorityNotified));
    assert!(!notify.done);
    assert_eq!(state(&states, "involve_dpo").settled_by, None);
    // Ticking it apart from the notification is refused, by the step.
    let ticked = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        EventKind::StepDone(StepDone {
            step: text("notify_datatilsynet"),
            note: None,
        }),
    );
    assert_eq!(codes(ticked), vec![(text("step"), ProblemCode::NotAllowed)]);
    // A step of the school's own is ticked as before.
    let involved = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        EventKind::StepDone(StepDone {
            step: text("involve_dpo"),
            note: Some(text("Ringet op")),
        }),
    )
    .unwrap();
    let states = step_states(&involved, Some(&org));
    let involve = state(&states, "involve_dpo");
    assert!(involve.done);
    assert_eq!(involve.done_by, Some(Actor::Person(text(LEADER))));
    assert_eq!(involve.note.as_deref(), Some("Ringet op"));
    // Recording the notification and the telling does their steps.
    let notified = notified_at_0955(&involved, &org, "2026-431-0001", true);
    let told = record(
        &notified,
        &org,
        LEADER,
        "2026-11-21T11:00:00Z",
        EventKind::SubjectsTold(SubjectsTold {
            told_at: at("2026-11-21T10:30:00Z"),
            how: text("Aula"),
            count: 3,
            channel: None,
        }),
    )
    .unwrap();
    let states = step_states(&told, Some(&org));
    let notify = state(&states, "notify_datatilsynet");
    assert!(notify.done);
    assert_eq!(notify.done_at, Some(at("2026-11-21T09:55:00Z")));
    let subjects = state(&states, "notify_subjects");
    assert!(subjects.done);
    assert_eq!(subjects.done_at, Some(at("2026-11-21T10:30:00Z")));
}

#[test]
fn a_school_that_involves_its_dpo_always_closes_no_case_without_the_dpos_entry() {
    let (case, org) = opened();
    assert!(org.dpo_entry_required, "Zahles: the DPO is always involved");
    let decided = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-21T08:55:00Z"),
            authority_reference: text("2026-431-0001"),
            complete: true,
            late_reason: None,
            more_promised_by: None,
        }),
    )
    .unwrap();
    let told = record(
        &decided,
        &org,
        LEADER,
        "2026-11-21T09:10:00Z",
        EventKind::SubjectsTold(SubjectsTold {
            told_at: at("2026-11-21T09:05:00Z"),
            how: text("Aula"),
            count: 3,
            channel: None,
        }),
    )
    .unwrap();
    // Everything owed is done but the DPO's entry: listed, and closing refused.
    let open: Vec<String> = told
        .open_obligations(Some(&org))
        .into_iter()
        .map(|p| p.field)
        .collect();
    assert_eq!(open, vec![text("dpo")]);
    let closing = EventKind::Closed(Closed {
        lessons: text("Tjek modtageren"),
    });
    assert_eq!(
        codes(record(
            &told,
            &org,
            LEADER,
            "2026-11-21T10:00:00Z",
            closing.clone()
        )),
        vec![(text("dpo"), ProblemCode::NotAllowed)]
    );
    // A school without the rule closes it as it is.
    let mut relaxed = org.clone();
    relaxed.dpo_entry_required = false;
    assert!(told.open_obligations(Some(&relaxed)).is_empty());
    // A leader's note is not the DPO's entry; the DPO's opinion is.
    let noted = record(
        &told,
        &org,
        DPO,
        "2026-11-21T10:05:00Z",
        EventKind::DpoOpinion(DpoOpinion {
            text: text("Korrekt håndteret; ingen yderligere tiltag."),
        }),
    )
    .unwrap();
    assert!(noted.dpo_involved);
    assert!(record(&noted, &org, LEADER, "2026-11-21T10:10:00Z", closing).is_ok());
}

#[test]
fn a_case_opened_is_a_notice_and_a_mail_to_the_dpo_without_its_content() {
    use brud_case::notice::{notice_channels, notice_mail, CASE_OPENED};
    use brud_shared::org::Channel;
    let (case, mut org) = opened();
    let opening = Event {
        sequence: 1,
        at: case.opened_at,
        actor: Actor::System,
        kind: opening(&case.report, &case.assessment, None),
    };
    let notice = notice_of(&opening, &case, "r-1", &org, "ZAH-2026-0001").unwrap();
    assert_eq!(notice.event_type, CASE_OPENED);
    assert_eq!(notice.data.sequence, 1);
    // By mail only where the profile mails its notices.
    org.reminder_mail = false;
    assert!(!notice_channels(&org, &notice).contains(&Channel::Mail));
    org.reminder_mail = true;
    assert!(notice_channels(&org, &notice).contains(&Channel::Mail));
    let mail = notice_mail(&notice, &org, Some("https://brud.zahles.dk"), Language::Da).unwrap();
    assert_eq!(mail.to, vec![org.dpo.email.clone()]);
    assert!(
        mail.subject
            .starts_with("Ny sag: ZAH-2026-0001 på N. Zahles Skole – anmeld senest"),
        "{}",
        mail.subject
    );
    assert!(mail
        .text
        .contains("https://brud.zahles.dk/desk/?org=zahles&case=ZAH-2026-0001"));
    assert!(mail
        .text
        .contains("databeskyttelsesrådgiverens vurdering eller beslutning"));
    let description = case.report.nature.description.clone().unwrap();
    assert!(!mail.text.contains(&description) && !mail.subject.contains(&description));
}

#[test]
fn a_preliminary_notification_closes_only_once_completed_or_the_dpo_says_why_not() {
    let (case, org) = opened();
    let notified = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T10:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-21T09:55:00Z"),
            authority_reference: text("2026-431-0301"),
            complete: false,
            late_reason: None,
            more_promised_by: None,
        }),
    )
    .unwrap();
    let owed = |case: &Case| -> Vec<String> {
        case.open_obligations(Some(&org))
            .into_iter()
            .map(|p| p.field)
            .collect()
    };
    assert!(owed(&notified).contains(&text("authority_follow_up")));
    // A follow-up that promises more does not complete it.
    let partial = record(
        &notified,
        &org,
        LEADER,
        "2026-11-22T10:00:00Z",
        EventKind::AuthorityFollowUp(AuthorityFollowUp {
            sent_at: at("2026-11-22T09:00:00Z"),
            added: text("Antallet er bekræftet"),
            more_promised_by: Some("2026-11-30".parse().unwrap()),
            completes: false,
        }),
    )
    .unwrap();
    assert!(owed(&partial).contains(&text("authority_follow_up")));
    // The one that completes it does.
    let completed = record(
        &partial,
        &org,
        LEADER,
        "2026-11-29T10:00:00Z",
        EventKind::AuthorityFollowUp(AuthorityFollowUp {
            sent_at: at("2026-11-29T09:00:00Z"),
            added: text("Årsagen er fundet"),
            more_promised_by: None,
            completes: true,
        }),
    )
    .unwrap();
    assert!(!owed(&completed).contains(&text("authority_follow_up")));
    // Or the DPO records why none is needed (the DPO's alone, and only
    // while one is awaited).
    let waive = EventKind::FollowUpNotNeeded(FollowUpNotNeeded {
        reasoning: text("Der kom ikke flere oplysninger frem"),
    });
    assert!(!waive.may_be_recorded_by(StaffRole::Leader));
    assert!(partial
        .available(StaffRole::Dpo, Some(&org))
        .contains(&EventTag::FollowUpNotNeeded));
    assert!(!completed
        .available(StaffRole::Dpo, Some(&org))
        .contains(&EventTag::FollowUpNotNeeded));
    let waived = record(&partial, &org, DPO, "2026-11-30T10:00:00Z", waive.clone()).unwrap();
    assert!(!owed(&waived).contains(&text("authority_follow_up")));
    assert_eq!(
        codes(record(&waived, &org, DPO, "2026-11-30T10:05:00Z", waive)),
        vec![(text("kind"), ProblemCode::NotAllowed)]
    );
    // The register and the entry say how it went.
    let register = brud_case::register::row("ZAH-2026-0001", &completed, Some(&org));
    let scope = register.scope.clone();
    assert!(
        scope.starts_with("foreløbig, gjort fuldstændig; opfølgning "),
        "{scope}"
    );
    assert!(scope.contains("Årsagen er fundet (fuldstændig)"), "{scope}");
    let entry = brud_case::entry::register_entry(
        &waived,
        &org,
        "ZAH-2026-0001",
        Language::Da,
        at("2026-11-25T10:00:00Z"),
    );
    assert!(entry.contains("(foreløbig; ingen supplerende anmeldelse nødvendig: Der kom ikke flere oplysninger frem)"), "{entry}");
}

#[test]
fn information_promised_to_datatilsynet_is_reminded_the_day_before_once_per_promise() {
    use brud_case::notice::{follow_up_reminder_due, notice_mail, FOLLOW_UP_DUE};
    let (case, org) = opened();
    let notified = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T10:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-21T09:55:00Z"),
            authority_reference: text("2026-431-0500"),
            complete: false,
            late_reason: None,
            more_promised_by: None,
        }),
    )
    .unwrap();
    let promise = |case: &Case, by: &str, when: &str| {
        record(
            case,
            &org,
            LEADER,
            when,
            EventKind::AuthorityFollowUp(AuthorityFollowUp {
                sent_at: at(when),
                added: text("Foreløbigt antal"),
                more_promised_by: Some(by.parse().unwrap()),
                completes: false,
            }),
        )
        .unwrap()
    };
    let promised = promise(&notified, "2026-11-30", "2026-11-22T10:00:00Z");
    // Due at 09.00 Copenhagen (08.00 UTC) the day before, not earlier.
    assert_eq!(
        follow_up_reminder_due(&promised, at("2026-11-29T07:59:00Z")),
        None
    );
    let due = follow_up_reminder_due(&promised, at("2026-11-29T08:00:00Z"));
    assert_eq!(due, Some("2026-11-30".parse().unwrap()));
    let reminded = apply(
        &promised,
        &Event {
            sequence: promised.sequence + 1,
            at: at("2026-11-29T08:05:00Z"),
            actor: Actor::System,
            kind: EventKind::FollowUpReminderSent(FollowUpReminderSent {
                promised_by: due.unwrap(),
            }),
        },
        Some(&org),
    )
    .unwrap();
    // Once per promise.
    assert_eq!(
        follow_up_reminder_due(&reminded, at("2026-12-05T08:00:00Z")),
        None
    );
    // A new promise is reminded of in turn.
    let again = promise(&reminded, "2026-12-10", "2026-11-30T10:00:00Z");
    assert_eq!(
        follow_up_reminder_due(&again, at("2026-12-09T08:00:00Z")),
        Some("2026-12-10".parse().unwrap())
    );
    // A notice and a mail, without the report's content.
    let event = Event {
        sequence: again.sequence + 1,
        at: at("2026-12-09T08:00:00Z"),
        actor: Actor::System,
        kind: EventKind::FollowUpReminderSent(FollowUpReminderSent {
            promised_by: "2026-12-10".parse().unwrap(),
        }),
    };
    let after = apply(&again, &event, Some(&org)).unwrap();
    let notice = notice_of(&event, &after, "r-1", &org, "ZAH-2026-0001").unwrap();
    assert_eq!(notice.event_type, FOLLOW_UP_DUE);
    assert_eq!(notice.data.promised_by, Some("2026-12-10".parse().unwrap()));
    let mail = notice_mail(&notice, &org, None, Language::Da).unwrap();
    assert!(
        mail.subject.contains("senest 10.12.2026"),
        "{}",
        mail.subject
    );
    // Nothing is awaited once the notification is completed.
    let completed = record(
        &promised,
        &org,
        LEADER,
        "2026-11-28T10:00:00Z",
        EventKind::AuthorityFollowUp(AuthorityFollowUp {
            sent_at: at("2026-11-28T10:00:00Z"),
            added: text("Endeligt antal"),
            more_promised_by: None,
            completes: true,
        }),
    )
    .unwrap();
    assert_eq!(
        follow_up_reminder_due(&completed, at("2026-11-29T08:00:00Z")),
        None
    );
}

#[test]
fn the_reporters_contact_is_hashed_with_a_salt_that_goes_with_the_contact() {
    use brud_case::contact_hash;
    let (case, _org) = opened();
    let salt = "6c1f0e2a-7b4d-4f5e-9a3c-2d1e0f9b8a7c";
    let opened = opening(&case.report, &case.assessment, Some(salt));
    let EventKind::Opened(Opened { contact_sha256, .. }) = &opened else {
        panic!("{opened:?}");
    };
    // Not the plain hash anyone could make from a name and an address.
    assert_ne!(*contact_sha256, contact_hash(&case.report, None));
    assert_eq!(*contact_sha256, contact_hash(&case.report, Some(salt)));
    // With the salt, the stored report matches; without it (erased with the
    // contact), only the erased report does.
    assert!(report_matches(
        &case.report,
        &case.assessment,
        &opened,
        false,
        Some(salt)
    ));
    assert!(!report_matches(
        &case.report,
        &case.assessment,
        &opened,
        false,
        None
    ));
    let erased = brud_case::without_contact(&case.report);
    assert!(report_matches(
        &erased,
        &case.assessment,
        &opened,
        true,
        None
    ));
    // A different salt: a different hash (one per case).
    assert_ne!(contact_hash(&case.report, Some("another")), *contact_sha256);
}

/// `case` with the DPO's opinion on it (a documented assessment).
fn with_dpo_opinion(case: &brud_case::Case, org: &brud_shared::OrgProfile) -> brud_case::Case {
    record(
        case,
        org,
        DPO,
        "2026-11-21T09:00:00Z",
        EventKind::DpoOpinion(DpoOpinion {
            text: text("Høj risiko: anmeldes og underrettes."),
        }),
    )
    .unwrap()
}

/// `case` with the people affected told by letter, by the leader.
fn with_people_told(case: &brud_case::Case, org: &brud_shared::OrgProfile) -> brud_case::Case {
    record(
        case,
        org,
        LEADER,
        "2026-11-21T11:00:00Z",
        EventKind::SubjectsTold(SubjectsTold {
            told_at: at("2026-11-21T11:00:00Z"),
            how: text("Brev i Aula"),
            count: 3,
            channel: None,
        }),
    )
    .unwrap()
}

/// The control facts of `cases` (reference, case) of `org`, as the Worker
/// keeps them on the cases' rows.
fn facts_of(
    cases: &[(String, brud_case::Case)],
    org: &brud_shared::OrgProfile,
) -> Vec<brud_case::control::ControlFacts> {
    cases
        .iter()
        .map(|(reference, case)| brud_case::control::ControlFacts::of(reference, case, Some(org)))
        .collect()
}

#[test]
fn the_control_report_answers_the_guidelines_six_points() {
    use brud_case::control::{
        check_approval, control_report, ContentGap, ContentItem, NewApproval, Processor,
    };
    let (case, org) = opened();
    assert_eq!(case.assessment.risk, RiskLevel::High);
    // (1) The DPO's opinion documents the assessment; a note does not.
    let with_opinion = with_dpo_opinion(&case, &org);
    let with_note = record(
        &case,
        &org,
        LEADER,
        "2026-11-21T09:00:00Z",
        EventKind::Note(Note {
            text: text("Ringet til forælderen."),
        }),
    )
    .unwrap();
    // (3) A notification made from a report without the number of people
    // and without any measure; (4) the people told.
    let mut thin = case.clone();
    thin.report.data.subject_count = None;
    thin.report.containment = Containment::default();
    let notified = notified_at_0955(&thin, &org, "DT-1", false);
    let told = with_people_told(&notified, &org);
    // (4) An exception instead of telling.
    let exception = record(
        &case,
        &org,
        DPO,
        "2026-11-21T12:00:00Z",
        EventKind::SubjectsException(SubjectsException {
            exception: NoticeException::Unintelligible,
            reasoning: text("Filen var krypteret."),
            public_communication: None,
        }),
    )
    .unwrap();
    // A complete notification holds every item.
    let complete = notified_at_0955(&with_opinion, &org, "DT-2", true);
    let processors = [
        Processor {
            name: text("Aula (Netcompany)"),
            processes: text("Beskeder og kalender"),
            breach_duty_agreed: Some("2024-05-01".parse().unwrap()),
        },
        Processor {
            name: text("Skolefoto ApS"),
            processes: text("Skolefotos"),
            breach_duty_agreed: None,
        },
    ];
    let report = control_report(
        &facts_of(
            &[
                (text("ZAH-2026-0001"), with_note),
                (text("ZAH-2026-0002"), told.clone()),
                (text("ZAH-2026-0003"), exception),
                (text("ZAH-2026-0004"), complete),
            ],
            &org,
        ),
        2026,
        at("2026-11-24T00:00:00Z"),
        &processors,
    );
    // (1) Documented: the notified cases (a decision); not the note alone,
    // nor the exception alone.
    assert_eq!(report.assessed, 2);
    assert_eq!(report.assessed_percent, Some(50));
    assert_eq!(report.unassessed, vec!["ZAH-2026-0001", "ZAH-2026-0003"]);
    // (3) One of two notifications lacks the count and the measures.
    assert_eq!((report.notified, report.notified_complete), (2, 1));
    assert_eq!(
        report.content_gaps,
        vec![ContentGap {
            reference: text("ZAH-2026-0002"),
            missing: vec![
                ContentItem::SubjectCount,
                ContentItem::Measures,
                ContentItem::Completeness
            ],
        }]
    );
    // (4) Four high-risk cases: one told, one exception, two neither.
    assert_eq!(
        (
            report.high_risk,
            report.high_risk_told,
            report.high_risk_exception
        ),
        (4, 1, 1)
    );
    assert_eq!(
        report.high_risk_neither,
        vec!["ZAH-2026-0001", "ZAH-2026-0004"]
    );
    // A preliminary notification is complete once the DPO says no
    // follow-up is needed.
    let waived = record(
        &told,
        &org,
        DPO,
        "2026-11-22T10:00:00Z",
        EventKind::FollowUpNotNeeded(FollowUpNotNeeded {
            reasoning: text("Alt relevant er oplyst."),
        }),
    )
    .unwrap();
    assert_eq!(
        brud_case::control::content_missing(&waived, Some(&org)),
        vec![ContentItem::SubjectCount, ContentItem::Measures]
    );
    // (5) The processor without an agreed duty is named.
    assert_eq!(report.processors_lacking, vec!["Skolefoto ApS"]);
    assert_eq!(report.processors.len(), 2);
    // (6) An approval needs the meeting named and the report as it stands.
    let approval = |hash: &str, note: &str| NewApproval {
        year: 2026,
        report_sha256: text(hash),
        note: text(note),
    };
    assert_eq!(
        check_approval(&approval("abc", "Bestyrelsesmøde 3.12."), "abc"),
        Ok(())
    );
    let refused = check_approval(&approval("old", " "), "abc").unwrap_err();
    let fields: Vec<&str> = refused.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, vec!["note", "report_sha256"]);
}

#[test]
fn a_cases_control_facts_give_its_deadline_state_at_any_later_time() {
    use brud_case::control::ControlFacts;
    let (case, org) = opened();
    let facts = ControlFacts::of("ZAH-2026-0001", &case, Some(&org));
    // Written at the opening, read before and after the deadline.
    for now in ["2026-11-21T09:00:00Z", "2026-11-25T09:00:00Z"] {
        assert_eq!(
            facts.deadline_state(at(now)),
            brud_case::deadline_state(&case, at(now)),
            "{now}"
        );
    }
    // Kept small on the row: what is absent is left out.
    let json = serde_json::to_string(&facts).unwrap();
    assert!(
        !json.contains("null") && !json.contains("\"dismissed\""),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<ControlFacts>(&json).unwrap(), facts);
}

/// `case` with Datatilsynet notified by the DPO at 09.55 on 21 November
/// (recorded at 10.00) under `authority_reference`, `complete` or not.
fn notified_at_0955(
    case: &Case,
    org: &OrgProfile,
    authority_reference: &str,
    complete: bool,
) -> Case {
    record(
        case,
        org,
        DPO,
        "2026-11-21T10:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-21T09:55:00Z"),
            authority_reference: text(authority_reference),
            complete,
            late_reason: None,
            more_promised_by: None,
        }),
    )
    .unwrap()
}

#[test]
fn the_years_cases_are_counted_by_class_and_only_those_the_report_names_are_read() {
    use brud_case::control::{
        control_report, median_of_window, median_window, report_of_year, ControlFacts, YearFacts,
    };
    let (case, org) = opened();
    let with_opinion = with_dpo_opinion(&case, &org);
    let told = |case: &brud_case::Case| with_people_told(case, &org);
    // Handled as the guideline asks: assessed, notified in time with the
    // whole content, the people told. Nothing to name.
    let handled = told(&notified_at_0955(&with_opinion, &org, "DT-1", true));
    // Lacking: the content of its notification (a thin report).
    let mut thin = with_opinion.clone();
    thin.report.data.subject_count = None;
    let thin = told(&notified_at_0955(&thin, &org, "DT-2", true));
    let facts = facts_of(
        &[
            (text("ZAH-2026-0005"), handled.clone()),
            (text("ZAH-2026-0001"), case.clone()),
            (text("ZAH-2026-0002"), handled.clone()),
            (text("ZAH-2026-0003"), thin),
            (text("ZAH-2026-0004"), handled),
        ],
        &org,
    );
    let now = at("2026-11-26T00:00:00Z");
    // As the store gives it: the cases counted by class (in any order),
    // the named ones read whole, the median from its window of the
    // sorted minutes.
    let mut classes: Vec<(brud_case::control::ControlClass, usize)> = Vec::new();
    for class in facts.iter().rev().map(ControlFacts::class) {
        match classes.iter_mut().find(|(c, _)| *c == class) {
            Some((_, n)) => *n += 1,
            None => classes.push((class, 1)),
        }
    }
    let mut listed: Vec<ControlFacts> = facts.iter().filter(|f| f.is_listed()).cloned().collect();
    listed.sort_by(|a, b| a.reference.cmp(&b.reference));
    let mut minutes: Vec<i64> = facts
        .iter()
        .filter_map(ControlFacts::minutes_to_notify)
        .collect();
    minutes.sort_unstable();
    let (offset, count) = median_window(minutes.len()).unwrap();
    let stored = YearFacts {
        year: 2026,
        classes,
        listed,
        median_minutes_to_notify: median_of_window(&minutes[offset..offset + count]),
    };
    // The three handled cases are one class and are not read.
    let listed: Vec<&str> = stored.listed.iter().map(|f| f.reference.as_str()).collect();
    assert_eq!(listed, vec!["ZAH-2026-0001", "ZAH-2026-0003"]);
    assert!(
        stored.classes.iter().any(|(_, n)| *n == 3),
        "{:?}",
        stored.classes
    );
    assert_eq!(stored.timed(), 4);
    // The same report as from every case's facts.
    let whole = control_report(&facts, 2026, now, &[]);
    assert_eq!(report_of_year(&stored, now, &[]), whole);
    assert_eq!(
        (whole.cases, whole.notified, whole.notified_complete),
        (5, 4, 3)
    );
    assert_eq!(whole.unassessed, vec!["ZAH-2026-0001"]);
    // The first case's notification is pending: overdue once its deadline
    // has passed, which only its whole facts can tell.
    assert_eq!(whole.overdue, 1);
    assert_eq!(whole.median_minutes_to_notify, Some(1525));
}

#[test]
fn the_median_is_the_middle_value_or_the_mean_of_the_middle_two() {
    use brud_case::control::{median_of_window, median_window};
    assert_eq!(median_window(0), None);
    assert_eq!(median_window(1), Some((0, 1)));
    assert_eq!(median_window(4), Some((1, 2)));
    assert_eq!(median_window(5), Some((2, 1)));
    assert_eq!(median_of_window(&[7]), Some(7));
    assert_eq!(median_of_window(&[10, 15]), Some(12));
    assert_eq!(median_of_window(&[]), None);
}

#[test]
fn datatilsynets_receipt_is_kept_on_the_notification_once_it_is_recorded() {
    let (case, org) = opened();
    let file = |id: &str| brud_case::entries::StoredFile {
        id: id.into(),
        name: "Kvittering fra Datatilsynet.pdf".into(),
        size: 1234,
        content_type: "application/pdf".into(),
        sha256: "ab".repeat(32),
    };
    let receipt = |id: &str| {
        EventKind::AttachmentAdded(brud_case::entries::AttachmentAdded {
            file: file(id),
            note: None,
            authority_receipt: true,
        })
    };
    // Before the notification is recorded there is nothing to be a receipt of.
    assert_eq!(
        codes(record(
            &case,
            &org,
            LEADER,
            "2026-11-21T09:00:00Z",
            receipt("r0")
        )),
        vec![(text("authority_receipt"), ProblemCode::NotAllowed)]
    );
    let notified = record(
        &case,
        &org,
        DPO,
        "2026-11-21T10:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-21T10:00:00Z"),
            authority_reference: text("2026-431-0001"),
            complete: true,
            late_reason: None,
            more_promised_by: None,
        }),
    )
    .unwrap();
    let with_receipt = record(
        &notified,
        &org,
        LEADER,
        "2026-11-21T10:05:00Z",
        receipt("r1"),
    )
    .unwrap();
    let authority = with_receipt.authority.as_ref().unwrap();
    assert_eq!(authority.receipt.as_deref(), Some("r1"));
    assert_eq!(with_receipt.attachments.len(), 1);
    // A later receipt is the latest.
    let again = record(
        &with_receipt,
        &org,
        DPO,
        "2026-11-22T10:05:00Z",
        receipt("r2"),
    )
    .unwrap();
    assert_eq!(again.authority.unwrap().receipt.as_deref(), Some("r2"));
    // Any other file leaves the receipt as it was.
    let other = EventKind::AttachmentAdded(brud_case::entries::AttachmentAdded {
        file: file("screenshot"),
        note: Some(text("Skærmbillede")),
        authority_receipt: false,
    });
    let later = record(&with_receipt, &org, LEADER, "2026-11-22T11:00:00Z", other).unwrap();
    assert_eq!(later.authority.unwrap().receipt.as_deref(), Some("r1"));
}

#[test]
fn the_archived_case_reads_as_its_facts_decisions_texts_files_and_timeline() {
    use brud_case::archive::{document_html, file_path};
    let (case, org) = opened();
    let mut events = vec![Event {
        sequence: 1,
        at: case.opened_at,
        actor: Actor::System,
        kind: opening(&case.report, &case.assessment, None),
    }];
    let mut state = case;
    let receipt = brud_case::entries::StoredFile {
        id: text("r1"),
        name: text("Kvittering <Virk>.pdf"),
        size: 1234,
        content_type: text("application/pdf"),
        sha256: "ab".repeat(32),
    };
    for (who, when, kind) in [
        (
            LEADER,
            "2026-11-21T09:00:00Z",
            EventKind::Note(Note {
                text: text("Forælderen <script>alert(1)</script> har slettet beskeden."),
            }),
        ),
        (
            DPO,
            "2026-11-21T10:00:00Z",
            EventKind::AuthorityNotified(AuthorityNotified {
                notified_at: at("2026-11-21T10:00:00Z"),
                authority_reference: text("2026-431-0042"),
                complete: true,
                late_reason: None,
                more_promised_by: None,
            }),
        ),
        (
            DPO,
            "2026-11-21T10:05:00Z",
            EventKind::AttachmentAdded(brud_case::entries::AttachmentAdded {
                file: receipt.clone(),
                note: None,
                authority_receipt: true,
            }),
        ),
    ] {
        let event = next(&state, who, at(when), kind);
        state = apply(&state, &event, Some(&org)).unwrap();
        events.push(event);
    }
    let stored = chain(&events);
    let html = document_html(
        &state,
        &stored,
        &org,
        "ZAH-2026-0042",
        at("2026-11-22T08:00:00Z"),
    );
    // The facts and decisions as the register keeps them, the notification's text.
    assert!(html.contains("<h1>Sag ZAH-2026-0042"), "{html}");
    assert!(html.contains("Registreringen i fortegnelsen"));
    assert!(html.contains("Anmeldelsen til Datatilsynet"));
    assert!(
        html.contains("2026-431-0042"),
        "the notification and its reference"
    );
    // Its file, by its name in the archive, marked as the receipt.
    let path = file_path(0, &receipt);
    assert!(
        html.contains(&brud_shared::texts::escape_html(&path)),
        "{html}"
    );
    assert!(html.contains("(Datatilsynets kvittering)"));
    assert!(html.contains(&"ab".repeat(32)));
    // Every event with who and its hash; nothing of the case is markup.
    assert!(html.contains("Sagens forløb (4 hændelser)"));
    for event in &stored {
        assert!(html.contains(&event.hash), "event {}", event.event.sequence);
    }
    assert!(html.contains(DPO) && html.contains(LEADER));
    assert!(!html.contains("<script>"), "escaped");
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn a_schools_preliminary_notification_and_its_follow_up_map_to_the_edpb_template() {
    use brud_case::entries::template_answered::{FieldAnswer, TemplateAnswered};
    use brud_case::template::{answers as answers_in, made, point, template_notification};
    use brud_shared::edpb::{Answer, FieldStatus, Which};
    let (case, org) = opened();
    let mut events = vec![Event {
        sequence: 1,
        at: case.opened_at,
        actor: Actor::System,
        kind: opening(&case.report, &case.assessment, None),
    }];
    let mut state = case.clone();
    let answers = |pairs: Vec<(u16, Answer)>| {
        EventKind::TemplateAnswered(TemplateAnswered {
            answers: pairs
                .into_iter()
                .map(|(field, value)| FieldAnswer { field, value })
                .collect(),
        })
    };
    let steps = vec![
        (
            DPO,
            "2026-11-21T10:00:00Z",
            EventKind::AuthorityNotified(AuthorityNotified {
                notified_at: at("2026-11-21T10:00:00Z"),
                authority_reference: text("2026-431-0042"),
                complete: false,
                late_reason: None,
                more_promised_by: Some("2026-11-25".parse().unwrap()),
            }),
        ),
        (
            DPO,
            "2026-11-22T09:00:00Z",
            answers(vec![
                (14, Answer::Choices(vec![text("a")])),
                (63, Answer::Text(text("Aula (beskeder til forældre)."))),
                (75, Answer::Choices(vec![text("d"), text("e"), text("g")])),
                (
                    76,
                    Answer::Text(text("Retningslinjer for Aula; årlig kursus.")),
                ),
                (87, Answer::Choices(vec![text("b")])),
                (94, Answer::Choices(vec![text("c"), text("f")])),
            ]),
        ),
        (
            DPO,
            "2026-11-23T09:00:00Z",
            EventKind::AuthorityFollowUp(AuthorityFollowUp {
                sent_at: at("2026-11-23T09:00:00Z"),
                added: text("Skabelonens resterende felter."),
                more_promised_by: None,
                completes: true,
            }),
        ),
    ];
    for (who, when, kind) in steps {
        let event = next(&state, who, at(when), kind);
        state = apply(&state, &event, Some(&org)).unwrap();
        events.push(event);
    }
    assert_eq!(made(&events), 2);
    let replayed = |upto: usize| {
        brud_case::replay(
            case.report.clone(),
            case.assessment.clone(),
            &events[..upto],
            Some(&org),
        )
        .unwrap()
    };
    // The first, as made: new, preliminary, without what the DPO added later.
    let first = point(&events, Some(1), at("2026-11-24T00:00:00Z")).unwrap();
    assert_eq!(
        (first.which, first.complete, first.events),
        (Which::New, Some(false), 2)
    );
    let mapped = template_notification(
        &replayed(first.events),
        answers_in(&events[..first.events]),
        &org,
        "ZAH-2026-0042",
        &first,
        Language::Da,
    );
    assert!(!mapped.complete);
    assert!(
        mapped.missing.contains(&63) && mapped.missing.contains(&75),
        "{:?}",
        mapped.missing
    );
    let field = |n: &brud_shared::edpb::TemplateNotification, id: u16| {
        n.sections
            .iter()
            .flat_map(|s| &s.fields)
            .find(|f| f.field == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        field(&mapped, 3).value,
        Some(Answer::Choices(vec![text("a")]))
    );
    assert_eq!(
        field(&mapped, 4).value,
        Some(Answer::Choices(vec![text("b")])),
        "incomplete"
    );
    assert_eq!(field(&mapped, 6).status, FieldStatus::NotApplicable);
    assert_eq!(
        field(&mapped, 60).value_labels,
        ["Personoplysninger sendt ved en fejl (brev/e-mail)"]
    );
    // The follow-up, as made: it names the first, carries the DPO's answers
    // and completes it.
    let follow_up = point(&events, Some(2), at("2026-11-24T00:00:00Z")).unwrap();
    assert_eq!(
        (follow_up.which, follow_up.complete),
        (Which::FollowUp, Some(true))
    );
    let mapped = template_notification(
        &replayed(follow_up.events),
        answers_in(&events[..follow_up.events]),
        &org,
        "ZAH-2026-0042",
        &follow_up,
        Language::Da,
    );
    assert!(mapped.complete);
    assert_eq!(
        field(&mapped, 3).value,
        Some(Answer::Choices(vec![text("b")]))
    );
    assert_eq!(
        field(&mapped, 6).value,
        Some(Answer::Text(text("2026-431-0042")))
    );
    assert_eq!(field(&mapped, 63).status, FieldStatus::AddedByDpo);
    assert_eq!(field(&mapped, 75).value_labels.len(), 3);
    // No notification beyond those made.
    assert_eq!(point(&events, Some(3), at("2026-11-24T00:00:00Z")), None);
    // A DPO's answer that the template does not take is refused.
    let wrong = record(
        &state,
        &org,
        DPO,
        "2026-11-24T09:00:00Z",
        answers(vec![(75, Answer::Choices(vec![text("zz")]))]),
    );
    assert_eq!(
        codes(wrong),
        vec![(text("answers.75"), ProblemCode::InvalidValue)]
    );
}
