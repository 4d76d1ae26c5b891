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
