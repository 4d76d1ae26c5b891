//! The decision is the DPO's, on facts that can be corrected: who may
//! record what on a case (a leader's correction that would change the
//! legal outcome or the clock, reopening a dismissal), and every fact a
//! decision rests on corrected by the DPO, with its effect on the
//! assessment, the deadline and the late verdict.

#[path = "../../shared/tests/common/mod.rs"]
mod common;

use brud_case::chain::{CaseIds, GENESIS};
use brud_case::entries::{AuthorityNotified, Dismissed, FactsCorrected, Note, Reopened};
use brud_case::write::{record, Entry, OnFile, Refused};
use brud_case::{
    deadline_state, Actor, Case, Corrections, DeadlineState, DismissalReason, EventKind, EventTag,
};
use brud_shared::model::*;
use brud_shared::org::StaffRole;
use brud_shared::{assess, OrgProfile, ProblemCode};
use common::{at, misdirected_aula, org};

const LEADER: &str = "leder@zahles.dk";
const DPO: &str = "dpo@zahles.dk";

/// Zahles's misdirected Aula message (aware 20 Nov 09:30 Copenhagen: the
/// deadline 23 Nov 08:30 UTC), opened a day later, as a writer reads it.
fn on_file() -> (OnFile, OrgProfile) {
    let org = org("zahles");
    let report = misdirected_aula();
    let opened_at = at("2026-11-21T08:00:00Z");
    let assessment = assess(&report, Some(&org), opened_at);
    let ids = CaseIds {
        org: "zahles".into(),
        reference: "ZAH-2026-0001".into(),
        case_id: report.id.clone(),
    };
    let case = Case::open(report, assessment, opened_at);
    (
        OnFile {
            ids,
            year: 2026,
            case,
            last_hash: GENESIS.into(),
        },
        org,
    )
}

/// `kind` by `who` in `role` at `when`, as the next event of `on_file`:
/// the case after it, or why not.
fn by(
    on_file: &OnFile,
    org: &OrgProfile,
    who: &str,
    role: StaffRole,
    when: &str,
    kind: EventKind,
) -> Result<OnFile, Refused> {
    let entry = Entry {
        actor: Actor::Person(who.into()),
        role: Some(role),
        at: at(when),
        kind,
        client_event_id: None,
    };
    let write = record(on_file, entry, org)?;
    Ok(OnFile {
        ids: write.ids.clone(),
        year: write.year,
        last_hash: write.event.hash.clone(),
        case: write.case,
    })
}

fn correction(corrected: Corrections) -> EventKind {
    EventKind::FactsCorrected(FactsCorrected {
        corrected,
        reason: "Talt med modtageren".into(),
    })
}

fn role_problem(refused: Result<OnFile, Refused>) -> brud_shared::Problem {
    match refused {
        Err(Refused::Role(problem)) => {
            assert_eq!(problem.code, ProblemCode::NotYourRole);
            assert!(problem.da.contains("DPO"), "{}", problem.da);
            problem
        }
        Err(other) => panic!("refused otherwise: {other:?}"),
        Ok(_) => panic!("recorded"),
    }
}

#[test]
fn a_leaders_correction_that_would_lift_the_duty_to_notify_is_the_dpos() {
    let (on_file, org) = on_file();
    assert!(
        on_file
            .case
            .assessment
            .obligations
            .notify_authority
            .required
    );
    // The recipient turns out to be bound by confidentiality and to have
    // deleted it: no risk, nothing to notify. Not the leader's to decide.
    let lifting = Corrections {
        recipient_bound_by_confidentiality: Some(true),
        recovered: Some(true),
        ..Corrections::default()
    };
    let problem = role_problem(by(
        &on_file,
        &org,
        LEADER,
        StaffRole::Leader,
        "2026-11-21T09:00:00Z",
        correction(lifting.clone()),
    ));
    assert_eq!(problem.field, "corrected");
    // The DPO decides it.
    let decided = by(
        &on_file,
        &org,
        DPO,
        StaffRole::Dpo,
        "2026-11-21T09:00:00Z",
        correction(lifting),
    )
    .unwrap();
    assert_eq!(decided.case.assessment.risk, RiskLevel::None);
    assert!(
        !decided
            .case
            .assessment
            .obligations
            .notify_authority
            .required
    );
    // A correction that changes nothing the school must do is the leader's
    // to make.
    let counted = Corrections {
        description: Some("En Aula-besked gik til en forkert forælder.".into()),
        record_count: Some(Count::exact(1)),
        ..Corrections::default()
    };
    let recorded = by(
        &on_file,
        &org,
        LEADER,
        StaffRole::Leader,
        "2026-11-21T09:00:00Z",
        correction(counted),
    )
    .unwrap();
    assert_eq!(recorded.case.assessment.risk, on_file.case.assessment.risk);
}

#[test]
fn raising_the_risk_and_moving_the_clock_are_the_dpos_too() {
    let (on_file, org) = on_file();
    for corrected in [
        Corrections {
            aware_at: Some("2026-11-21T07:00:00+01:00".parse().unwrap()),
            ..Corrections::default()
        },
        Corrections {
            role: Some(Role::Processor),
            controller_name: Some("Idrætsforeningen".into()),
            controller_contact: Some("formand@idraet.example".into()),
            ..Corrections::default()
        },
    ] {
        role_problem(by(
            &on_file,
            &org,
            LEADER,
            StaffRole::Leader,
            "2026-11-21T09:00:00Z",
            correction(corrected.clone()),
        ));
        by(
            &on_file,
            &org,
            DPO,
            StaffRole::Dpo,
            "2026-11-21T09:00:00Z",
            correction(corrected),
        )
        .expect("the DPO's to correct");
    }
    // Raising the risk too: the same message about a child's absence (no
    // health data) is a risk; a hundred and fifty pupils make it high.
    let mut report = misdirected_aula();
    report.data.categories = vec![DataCategory::Identity, DataCategory::School];
    let opened_at = at("2026-11-21T08:00:00Z");
    let assessment = assess(&report, Some(&org), opened_at);
    assert_eq!(assessment.risk, RiskLevel::Risk);
    let lower = OnFile {
        case: Case::open(report, assessment, opened_at),
        ..on_file
    };
    let more = correction(Corrections {
        subject_count: Some(Count::exact(150)),
        ..Corrections::default()
    });
    role_problem(by(
        &lower,
        &org,
        LEADER,
        StaffRole::Leader,
        "2026-11-21T09:00:00Z",
        more.clone(),
    ));
    let raised = by(
        &lower,
        &org,
        DPO,
        StaffRole::Dpo,
        "2026-11-21T09:00:00Z",
        more,
    )
    .unwrap();
    assert_eq!(raised.case.assessment.risk, RiskLevel::High);
}

#[test]
fn reopening_a_dismissal_is_the_dpos_reopening_a_closed_case_the_leaders_too() {
    let (on_file, org) = on_file();
    let dismissed = by(
        &on_file,
        &org,
        DPO,
        StaffRole::Dpo,
        "2026-11-21T09:00:00Z",
        EventKind::Dismissed(Dismissed {
            reason: DismissalReason::NotABreach,
            duplicate_of: None,
            note: "Ingen personoplysninger".into(),
        }),
    )
    .unwrap();
    let reopen = || {
        EventKind::Reopened(Reopened {
            reason: "Der var alligevel et navn".into(),
        })
    };
    let problem = role_problem(by(
        &dismissed,
        &org,
        LEADER,
        StaffRole::Leader,
        "2026-11-21T10:00:00Z",
        reopen(),
    ));
    assert!(problem.da.contains("afvist"), "{}", problem.da);
    assert!(!dismissed
        .case
        .available(StaffRole::Leader, Some(&org))
        .contains(&EventTag::Reopened));
    assert!(dismissed
        .case
        .available(StaffRole::Dpo, Some(&org))
        .contains(&EventTag::Reopened));
    by(
        &dismissed,
        &org,
        DPO,
        StaffRole::Dpo,
        "2026-11-21T10:00:00Z",
        reopen(),
    )
    .unwrap();
}

#[test]
fn a_viewer_records_nothing_and_a_leader_none_of_the_dpos_decisions() {
    let (on_file, org) = on_file();
    let note = EventKind::Note(Note { text: "x".into() });
    let problem = match by(
        &on_file,
        &org,
        "laerer@zahles.dk",
        StaffRole::Viewer,
        "2026-11-21T09:00:00Z",
        note,
    ) {
        Err(Refused::Role(problem)) => problem,
        other => panic!("{other:?}"),
    };
    assert!(problem.da.contains("læse"), "{}", problem.da);
    let decision = EventKind::NotNotified(brud_case::entries::NotNotified {
        reasoning: "Ingen risiko".into(),
    });
    role_problem(by(
        &on_file,
        &org,
        LEADER,
        StaffRole::Leader,
        "2026-11-21T09:00:00Z",
        decision,
    ));
}

#[test]
fn the_time_of_awareness_corrected_moves_the_deadline_and_the_late_verdict() {
    let (on_file, org) = on_file();
    let first_due = at("2026-11-23T08:30:00Z");
    assert_eq!(on_file.case.deadline(), Some(first_due));
    // The school was told a day earlier than the reporter wrote.
    let earlier = by(
        &on_file,
        &org,
        DPO,
        StaffRole::Dpo,
        "2026-11-21T09:00:00Z",
        correction(Corrections {
            aware_at: Some("2026-11-19T09:30:00+01:00".parse().unwrap()),
            occurred: Some(Occurred {
                precision: OccurredPrecision::Exact,
                at: Some("2026-11-19T08:00:00+01:00".parse().unwrap()),
                from: None,
                to: None,
            }),
            ..Corrections::default()
        }),
    )
    .unwrap();
    let due = at("2026-11-22T08:30:00Z");
    assert_eq!(earlier.case.deadline(), Some(due));
    // The reminders follow the new deadline: six hours before it is due
    // now, which the first deadline would not have made due.
    assert_eq!(
        brud_case::notice::reminder_due(&earlier.case, at("2026-11-22T03:00:00Z")),
        Some(brud_case::Reminder::Approaching6h)
    );
    assert_eq!(
        brud_case::notice::reminder_due(&on_file.case, at("2026-11-22T03:00:00Z")),
        None
    );
    // The register says when the school became aware now, and that it was
    // corrected from the reporter's time, with the reason.
    let row = brud_case::register::row("ZAH-2026-0001", &earlier.case, Some(&org));
    assert_eq!(row.aware, "2026-11-19 09:30");
    assert_eq!(
        row.corrections,
        "2026-11-21 10:00: tidspunktet for opdagelsen (før 2026-11-20 09:30), tidspunktet for bruddet – Talt med modtageren"
    );
    assert_eq!(
        deadline_state(&earlier.case, at("2026-11-22T09:00:00Z")),
        DeadlineState::Overdue { due }
    );
    // A notification on the 22nd at noon is now late, and needs its reason.
    let late = EventKind::AuthorityNotified(AuthorityNotified {
        notified_at: at("2026-11-22T12:00:00Z"),
        authority_reference: "2026-431-0001".into(),
        complete: true,
        late_reason: None,
        more_promised_by: None,
    });
    let refused = by(
        &earlier,
        &org,
        DPO,
        StaffRole::Dpo,
        "2026-11-22T12:30:00Z",
        late,
    );
    match refused {
        Err(Refused::Entry(problems)) => assert_eq!(problems[0].field, "late_reason"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_fact_a_decision_rests_on_can_be_corrected_and_moves_the_assessment() {
    let (on_file, org) = on_file();
    let base = on_file.case.assessment.clone();
    // Each correction alone, and whether it changes the risk of the
    // misdirected PPR message (high: health data of a child to unknown
    // parents).
    let cases: Vec<(Corrections, bool)> = vec![
        (
            Corrections {
                unintelligible: Some(true),
                ..Corrections::default()
            },
            true,
        ),
        (
            Corrections {
                confidentiality: Some(false),
                availability: Some(true),
                availability_loss: Some(AvailabilityLoss::Temporary),
                unavailable_for: Some(Unavailability::Hours),
                ..Corrections::default()
            },
            true,
        ),
        (
            Corrections {
                recipients: Some(Recipients::Public),
                categories: Some(vec![DataCategory::Identity, DataCategory::Cpr]),
                ..Corrections::default()
            },
            false,
        ),
        (
            Corrections {
                incident: Some(IncidentType::PublishedByMistake),
                cause: Some(Cause::SystemError),
                malicious: Some(false),
                ..Corrections::default()
            },
            false,
        ),
        (
            Corrections {
                occurred: Some(Occurred {
                    precision: OccurredPrecision::Exact,
                    at: Some("2026-11-20T08:00:00+01:00".parse().unwrap()),
                    from: None,
                    to: None,
                }),
                vulnerable: Some(true),
                ..Corrections::default()
            },
            false,
        ),
    ];
    for (corrected, changes) in cases {
        let after = by(
            &on_file,
            &org,
            DPO,
            StaffRole::Dpo,
            "2026-11-21T09:00:00Z",
            correction(corrected.clone()),
        )
        .unwrap_or_else(|e| panic!("{corrected:?}: {e:?}"));
        assert_eq!(
            after.case.assessment.risk != base.risk,
            changes,
            "{corrected:?}: {:?}",
            after.case.assessment.risk
        );
        // The case's report is the corrected one: every text reads it.
        assert_eq!(
            after.case.report,
            corrected.applied_to(&on_file.case.report)
        );
    }
}

#[test]
fn a_corrected_answer_is_held_to_the_reports_rules_by_its_own_name() {
    let (on_file, org) = on_file();
    // Aware before it happened.
    let refused = by(
        &on_file,
        &org,
        DPO,
        StaffRole::Dpo,
        "2026-11-21T09:00:00Z",
        correction(Corrections {
            aware_at: Some("2026-11-19T09:30:00+01:00".parse().unwrap()),
            occurred: Some(Occurred {
                precision: OccurredPrecision::Exact,
                at: Some("2026-11-20T08:00:00+01:00".parse().unwrap()),
                from: None,
                to: None,
            }),
            ..Corrections::default()
        }),
    );
    match refused {
        Err(Refused::Entry(problems)) => {
            let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
            assert!(
                fields.contains(&"aware_at") || fields.contains(&"occurred"),
                "{problems:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    // A processor without its controller: named by the role.
    match by(
        &on_file,
        &org,
        DPO,
        StaffRole::Dpo,
        "2026-11-21T09:00:00Z",
        correction(Corrections {
            role: Some(Role::Processor),
            ..Corrections::default()
        }),
    ) {
        Err(Refused::Entry(problems)) => {
            assert!(problems.iter().any(|p| p.field == "role"), "{problems:?}")
        }
        other => panic!("{other:?}"),
    }
}

/// A processor case (the school handles a sports club's sign-up list),
/// aware 20 Nov 09:30 Copenhagen, opened at 10:00.
fn processor_on_file(org: &OrgProfile) -> OnFile {
    let report = common::processor_case();
    let opened_at = at("2026-11-20T09:00:00Z");
    let assessment = assess(&report, Some(org), opened_at);
    let ids = CaseIds {
        org: org.id.clone(),
        reference: "ZAH-2026-0002".into(),
        case_id: report.id.clone(),
    };
    OnFile {
        ids,
        year: 2026,
        case: Case::open(report, assessment, opened_at),
        last_hash: GENESIS.into(),
    }
}

#[test]
fn a_processor_case_runs_on_the_schools_own_clock_to_tell_the_controller() {
    let (_, mut org) = on_file();
    let case = processor_on_file(&org).case;
    // 24 hours after awareness unless the profile says otherwise.
    let due = at("2026-11-21T08:30:00Z");
    assert!(case.is_processor_case());
    assert_eq!(case.controller_deadline(), Some(due));
    assert!(!case.assessment.obligations.notify_authority.required);
    assert_eq!(
        deadline_state(&case, at("2026-11-21T09:00:00Z")),
        DeadlineState::Overdue { due }
    );
    assert_eq!(
        brud_case::notice::reminder_due(&case, at("2026-11-21T03:00:00Z")),
        Some(brud_case::Reminder::Approaching6h)
    );
    let row = brud_case::summary::CaseSummary::of("id", "ZAH-2026-0002", &case, Some(&org));
    assert!(row.processor);
    assert_eq!(row.deadline, Some(due));
    assert_eq!(
        brud_case::register::row("ZAH-2026-0002", &case, Some(&org)).role,
        "databehandler for Idrætsforeningen Nørre"
    );
    // A school that has agreed 12 hours with its controllers.
    org.processor_notice_hours = Some(12);
    let sooner = processor_on_file(&org).case;
    assert_eq!(
        sooner.controller_deadline(),
        Some(at("2026-11-20T20:30:00Z"))
    );
    // Told in time: met, and no contradiction.
    let told = by(
        &processor_on_file(&org),
        &org,
        LEADER,
        StaffRole::Leader,
        "2026-11-20T12:00:00Z",
        EventKind::ControllerNotified(brud_case::entries::ControllerNotified {
            notified_at: at("2026-11-20T11:00:00Z"),
        }),
    )
    .unwrap();
    assert!(matches!(
        deadline_state(&told.case, at("2026-11-22T12:00:00Z")),
        DeadlineState::Met { .. }
    ));
    let facts = brud_case::control::ControlFacts::of("ZAH-2026-0002", &told.case, Some(&org));
    assert!(!facts.controller_late(at("2026-11-22T12:00:00Z")));
}

#[test]
fn a_wrong_processor_tick_is_the_dpos_to_correct_and_brings_back_the_72_hours() {
    let (_, org) = on_file();
    let on_file = processor_on_file(&org);
    let to_controller = correction(Corrections {
        role: Some(Role::Controller),
        ..Corrections::default()
    });
    let refused = role_problem(by(
        &on_file,
        &org,
        LEADER,
        StaffRole::Leader,
        "2026-11-20T11:00:00Z",
        to_controller.clone(),
    ));
    assert_eq!(refused.field, "corrected");
    let corrected = by(
        &on_file,
        &org,
        DPO,
        StaffRole::Dpo,
        "2026-11-20T11:00:00Z",
        to_controller,
    )
    .unwrap();
    assert!(!corrected.case.is_processor_case());
    assert!(
        corrected
            .case
            .assessment
            .obligations
            .notify_authority
            .required
    );
    assert_eq!(corrected.case.deadline(), Some(at("2026-11-23T08:30:00Z")));
}

#[test]
fn the_control_report_names_each_decision_against_the_assessment_with_its_reasoning() {
    use brud_case::control::{control_report, Contradiction, ControlFacts};
    use brud_case::entries::{NotNotified, RiskOverridden, SubjectsTold};
    let (base, org) = on_file();
    let dpo = |on_file: &OnFile, kind| {
        by(
            on_file,
            &org,
            DPO,
            StaffRole::Dpo,
            "2026-11-21T09:00:00Z",
            kind,
        )
        .unwrap()
    };
    // Decided not to notify a breach assessed as a risk.
    let not_notified = dpo(
        &base,
        EventKind::NotNotified(NotNotified {
            reasoning: "Modtageren er en kollega med tavshedspligt".into(),
        }),
    );
    // High risk, 3 affected, 1 told.
    let told_fewer = dpo(
        &base,
        EventKind::SubjectsTold(SubjectsTold {
            told_at: at("2026-11-21T08:00:00Z"),
            how: "Telefon".into(),
            count: 1,
            channel: None,
        }),
    );
    // The risk set below the computed one.
    let lowered = dpo(
        &base,
        EventKind::RiskOverridden(RiskOverridden {
            risk: RiskLevel::Risk,
            justification: "Beskeden blev slettet inden for minutter".into(),
        }),
    );
    // Dismissed while the assessment said notify.
    let dismissed = dpo(
        &base,
        EventKind::Dismissed(Dismissed {
            reason: DismissalReason::NotABreach,
            duplicate_of: None,
            note: "Modtageren var elevens egen forælder".into(),
        }),
    );
    // A processor case whose controller was never told.
    let processor = processor_on_file(&org);
    let facts = [
        ("ZAH-2026-0011", &not_notified.case),
        ("ZAH-2026-0012", &told_fewer.case),
        ("ZAH-2026-0013", &lowered.case),
        ("ZAH-2026-0014", &dismissed.case),
        ("ZAH-2026-0015", &processor.case),
        ("ZAH-2026-0016", &base.case),
    ]
    .map(|(reference, case)| ControlFacts::of(reference, case, Some(&org)));
    let report = control_report(&facts, 2026, at("2026-11-25T12:00:00Z"), &[]);
    let named: Vec<(&str, Contradiction, Option<&str>)> = report
        .contradictions
        .iter()
        .map(|c| (c.reference.as_str(), c.kind, c.reasoning.as_deref()))
        .collect();
    assert_eq!(
        named,
        [
            (
                "ZAH-2026-0011",
                Contradiction::NotNotifiedDespiteDuty,
                Some("Modtageren er en kollega med tavshedspligt")
            ),
            (
                "ZAH-2026-0012",
                Contradiction::FewerToldThanAffected,
                Some("1/3: Telefon")
            ),
            (
                "ZAH-2026-0013",
                Contradiction::RiskBelowComputed,
                Some("Beskeden blev slettet inden for minutter")
            ),
            (
                "ZAH-2026-0014",
                Contradiction::DismissedDespiteDuty,
                Some("Modtageren var elevens egen forælder")
            ),
            (
                "ZAH-2026-0015",
                Contradiction::ControllerNotToldInTime,
                None
            ),
        ]
    );
    // The dismissed case is still in no figure.
    assert_eq!(report.cases, 5);
    assert_eq!(report.dismissed, 1);
    // Before the processor's clock ran out, nothing to name for it.
    let early = control_report(&facts, 2026, at("2026-11-20T10:00:00Z"), &[]);
    assert!(!early
        .contradictions
        .iter()
        .any(|c| c.kind == Contradiction::ControllerNotToldInTime));
}
