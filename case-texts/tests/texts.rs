//! The desk's texts of a case are made from the case as decided when they
//! are drafted, with its register entry, from the JSON the desk sends.

use brud_case::entries::{AuthorityNotified, FactsCorrected};
use brud_receipt::texts;
use brud_shared::api::Receipt;
use brud_shared::model::{DataCategory, IncidentType, SubjectCategory};
use brud_shared::{assess, Assessment, Language, Report};

fn report() -> Report {
    let mut report = Report::new_draft(
        "0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d",
        "zahles",
        Language::Da,
    );
    report.nature.confidentiality = true;
    report.nature.incident = Some(IncidentType::MisdirectedMessage);
    report.timeline.aware_at = Some("2026-11-20T09:30:00+01:00".parse().unwrap());
    report.data.subjects = vec![SubjectCategory::Pupils];
    report.data.categories = vec![DataCategory::Health];
    report.data.minors = Some(true);
    report
}

fn zahles() -> brud_shared::OrgProfile {
    brud_config::builtin()
        .unwrap()
        .get("zahles")
        .unwrap()
        .clone()
}

fn receipt_time() -> brud_shared::time::Timestamp {
    "2026-11-20T10:00:00Z".parse().unwrap()
}

fn received_at() -> chrono::DateTime<chrono::Utc> {
    receipt_time().utc()
}

/// The Worker's receipt for `report`, with the assessment it stored.
fn receipt(assessment: Assessment) -> Receipt {
    Receipt {
        id: "0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d".into(),
        reference: "ZAH-2026-0042".into(),
        received_at: receipt_time(),
        assessment,
        channels: Vec::new(),
        held: false,
    }
}

#[test]
fn a_cases_texts_are_made_from_the_case_as_decided_with_its_register_entry() {
    use brud_case::{apply, Actor, Case, Corrections, Event, EventKind};
    use brud_shared::model::Count;
    let org = zahles();
    let report = report();
    let assessment = assess(&report, Some(&org), received_at());
    let opened = Case::open(report, assessment.clone(), received_at());
    let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    let event = |sequence, kind| Event {
        sequence,
        at: at("2026-11-21T10:00:00Z"),
        actor: Actor::Person("dpo@zahles.example".into()),
        kind,
    };
    let corrected = apply(
        &opened,
        &event(
            2,
            EventKind::FactsCorrected(FactsCorrected {
                corrected: Corrections {
                    subject_count: Some(Count::exact(27)),
                    ..Corrections::default()
                },
                reason: "Hele klassen".into(),
            }),
        ),
        Some(&org),
    )
    .unwrap();
    let notified = apply(
        &corrected,
        &event(
            3,
            EventKind::AuthorityNotified(AuthorityNotified {
                notified_at: at("2026-11-21T09:00:00Z"),
                authority_reference: "2026-431-7777".into(),
                complete: true,
                late_reason: None,
                more_promised_by: None,
            }),
        ),
        Some(&org),
    )
    .unwrap();
    let sections = brud_case_texts::case_texts_for(
        &serde_json::to_string(&notified).unwrap(),
        r#"[[63, "Aula, skolens intranet"]]"#,
        &serde_json::to_string(&org.public()).unwrap(),
        &serde_json::to_string(&receipt(notified.assessment.clone())).unwrap(),
        "2026-11-21T11:00:00Z",
    )
    .unwrap();
    assert_eq!(sections.len(), 2);
    // Item 5 from the events, in the register entry; the corrected count
    // in every text.
    assert!(sections[0].contains("journalnummer 2026-431-7777 (fuldstændig)"));
    assert!(sections[1].contains("reference 2026-431-7777 (complete)"));
    assert!(sections[0].contains("Antal registrerede: 27"));
    assert!(!sections[0].contains("Antal registrerede: 1\n"));
    // The guide step by step reads the template: a follow-up now, naming
    // Datatilsynet's number, with what the DPO added; what nobody added
    // yet is said to be missing.
    assert!(sections[0].contains("Opfølgende anmeldelse"));
    assert!(
        sections[0].contains("<span id=\"step-0-2\">2026-431-7777</span>"),
        "{}",
        sections[0]
    );
    assert!(sections[0]
        .contains("Systemer, software og tjenester involveret, og hvor de er placeret (felt 63)"));
    assert!(sections[0].contains("Aula, skolens intranet"));
    assert!(sections[1].contains("(field 63)"));
    assert!(
        sections[0].contains("(mangler – DPO&#39;en tilføjer det på sagen)")
            || sections[0].contains("(mangler – DPO'en tilføjer det på sagen)")
    );
    // What the report alone makes has no such line.
    let (_, alone) = texts(
        &serde_json::to_string(&opened.report).unwrap(),
        &serde_json::to_string(&org.public()).unwrap(),
        &serde_json::to_string(&receipt(assessment)).unwrap(),
    )
    .unwrap();
    assert!(!alone[0].register_entry.contains("2026-431-7777"));
}

#[test]
fn a_case_drafted_after_its_deadline_says_so_and_an_unreadable_time_is_refused() {
    let org = zahles();
    let report = report();
    let assessment = assess(&report, Some(&org), received_at());
    let case = brud_case::Case::open(report, assessment.clone(), received_at());
    let args = |now: &str| {
        brud_case_texts::case_texts_for(
            &serde_json::to_string(&case).unwrap(),
            "[]",
            &serde_json::to_string(&org.public()).unwrap(),
            &serde_json::to_string(&receipt(assessment.clone())).unwrap(),
            now,
        )
    };
    // The deadline is 23 Nov 08:30 UTC: drafted after it, the delay is asked for.
    let early = args("2026-11-21T10:00:00Z").unwrap();
    assert!(!early[0].contains("Begrundelse for forsinket anmeldelse"));
    let late = args("2026-11-24T10:00:00Z").unwrap();
    assert!(
        late[0].contains("Begrundelse for forsinket anmeldelse (felt 49)"),
        "{}",
        late[0]
    );
    assert!(
        late[1].contains("Reasons for late notification of the personal data breach (field 49)")
    );
    assert_eq!(args("i går"), Err("unreadable time"));
}
