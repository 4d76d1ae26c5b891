//! The board's figures in the store: the year counted by class gives the
//! report the domain gives from every case's facts; rows from before
//! classes are read whole until the scheduled run classes them; the
//! board's approvals.

mod support;

use brud_case::control::{control_report, report_of_year, Approval, ControlFacts};
use brud_case::correction::DismissalReason;
use brud_case::entries::{AuthorityNotified, Dismissed, Note};
use brud_case::EventKind;
use brud_store::{cases, control, Rows, Statement};
use chrono::Duration;
use support::{at, aula, block, db, dpo, org, receive, record};

/// Eight demo cases of 2026: six notified (two of them late), one
/// dismissed, one still open.
fn year(db: &brud_store::sqlite::Sqlite) -> Vec<String> {
    let demo = org("demo");
    let mut references: Vec<String> = Vec::new();
    for n in 1..=8u32 {
        let aware = at("2026-03-02T08:00:00Z") + Duration::days(i64::from(n) * 20);
        let received = aware + Duration::hours(1);
        let report = aula("demo", n, &aware.to_rfc3339());
        let (reference, _) = receive(db, &report, &received.to_rfc3339()).unwrap();
        let notified = received + Duration::hours(if n % 3 == 0 { 80 } else { 10 + i64::from(n) });
        let kind = match n {
            7 => EventKind::Dismissed(Dismissed {
                reason: DismissalReason::Duplicate,
                duplicate_of: Some(references[0].clone()),
                note: "Samme brud".into(),
            }),
            8 => EventKind::Note(Note {
                text: "Venter".into(),
            }),
            _ => EventKind::AuthorityNotified(AuthorityNotified {
                notified_at: notified,
                authority_reference: format!("2026-{n}"),
                complete: true,
                late_reason: (n % 3 == 0).then(|| "Weekend".into()),
                more_promised_by: None,
            }),
        };
        record(
            db,
            &demo,
            &reference,
            dpo(&demo),
            &(notified + Duration::minutes(5)).to_rfc3339(),
            kind,
        )
        .unwrap();
        references.push(reference);
    }
    references
}

#[test]
fn the_year_counted_by_class_is_the_report_of_every_cases_facts() {
    let db = db();
    let demo = org("demo");
    let references = year(&db);
    let now = at("2026-12-31T12:00:00Z");
    let facts = block(control::year_facts(&db, &[&demo], 2026)).unwrap();
    let counted = report_of_year(&facts, now, &[]);
    let mut every = Vec::new();
    for reference in &references {
        let loaded = block(cases::load(&db, &demo, reference)).unwrap().unwrap();
        every.push(ControlFacts::of(reference, loaded.case(), Some(&demo)));
    }
    let whole = control_report(&every, 2026, now, &[]);
    assert_eq!(counted, whole);
    assert_eq!(counted.sha256(), whole.sha256());
    assert_eq!(counted.cases, 7, "the dismissed case is left out");
    assert_eq!(counted.notified_late, 2);
    // Only the cases the report names were read whole: here every one,
    // the dismissed duplicate too, as its assessment said notify (a
    // contradiction the board sees with the DPO's note).
    let named = every.iter().filter(|f| f.is_listed()).count();
    assert_eq!(facts.listed.len(), named);
    assert!(counted
        .contradictions
        .iter()
        .any(|c| c.reasoning.as_deref() == Some("Samme brud")));
}

#[test]
fn rows_from_before_classes_are_read_whole_until_the_run_classes_them() {
    let db = db();
    let demo = org("demo");
    year(&db);
    let now = at("2026-12-31T12:00:00Z");
    let before = report_of_year(
        &block(control::year_facts(&db, &[&demo], 2026)).unwrap(),
        now,
        &[],
    );
    db.execute("UPDATE cases SET control_class = NULL, control_listed = 1, notify_minutes = NULL")
        .unwrap();
    let unclassed = report_of_year(
        &block(control::year_facts(&db, &[&demo], 2026)).unwrap(),
        now,
        &[],
    );
    assert_eq!(unclassed, before);
    assert_eq!(block(control::keep_missing_classes(&db, 5)).unwrap(), 5);
    assert_eq!(block(control::keep_missing_classes(&db, 500)).unwrap(), 3);
    assert_eq!(block(control::keep_missing_classes(&db, 500)).unwrap(), 0);
    let classed = report_of_year(
        &block(control::year_facts(&db, &[&demo], 2026)).unwrap(),
        now,
        &[],
    );
    assert_eq!(classed, before);
}

#[test]
fn rows_without_facts_are_rebuilt_from_their_logs() {
    let db = db();
    let demo = org("demo");
    year(&db);
    let now = at("2026-12-31T12:00:00Z");
    let before = report_of_year(
        &block(control::year_facts(&db, &[&demo], 2026)).unwrap(),
        now,
        &[],
    );
    db.execute("UPDATE cases SET control = NULL, control_class = NULL, control_listed = 1")
        .unwrap();
    let rebuilt = report_of_year(
        &block(control::year_facts(&db, &[&demo], 2026)).unwrap(),
        now,
        &[],
    );
    assert_eq!(rebuilt, before);
}

#[test]
fn a_shared_dpos_report_counts_each_school_once() {
    let db = db();
    let demo = org("demo");
    let nord = org("demo-nord");
    year(&db);
    receive(
        &db,
        &aula("demo-nord", 20, "2026-05-05T08:00:00Z"),
        "2026-05-05T09:00:00Z",
    )
    .unwrap();
    let now = at("2026-12-31T12:00:00Z");
    let both = report_of_year(
        &block(control::year_facts(&db, &[&demo, &nord], 2026)).unwrap(),
        now,
        &[],
    );
    let one = report_of_year(
        &block(control::year_facts(&db, &[&demo], 2026)).unwrap(),
        now,
        &[],
    );
    assert_eq!(both.cases, one.cases + 1);
}

#[test]
fn the_boards_approvals_are_kept_newest_first() {
    let db = db();
    for (n, when) in ["2027-01-10T10:00:00Z", "2027-02-10T10:00:00Z"]
        .iter()
        .enumerate()
    {
        let approval = Approval {
            year: 2026,
            approved_at: at(when),
            approved_by: "leder@demo.example".into(),
            report_sha256: format!("sha-{n}"),
            note: "Godkendt på bestyrelsesmødet".into(),
        };
        let last = block(control::school_log_last(&db, "demo")).unwrap();
        let (entry, _head) = brud_case::school_log::append(
            "demo",
            last.as_ref(),
            brud_case::school_log::SchoolEntryKind::ControlApproved {
                year: 2026,
                report_sha256: approval.report_sha256.clone(),
                note: approval.note.clone(),
            },
            &approval.approved_by,
            approval.approved_at,
        );
        let report = format!("{{\"year\":2026,\"n\":{n}}}");
        block(control::approve(&db, "demo", &approval, &report, &entry)).unwrap();
        // The report as approved, read back exactly.
        assert_eq!(
            block(control::approved_report(
                &db,
                "demo",
                &approval.report_sha256
            ))
            .unwrap(),
            Some(report)
        );
        // The same place in the school's log cannot be taken twice.
        assert!(block(control::approve(&db, "demo", &approval, "{}", &entry)).is_err());
    }
    assert_eq!(
        block(control::approved_report(&db, "zahles", "sha-0")).unwrap(),
        None
    );
    let log = block(control::school_log(&db, "demo")).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].entry.sequence, 2);
    let approvals = block(control::approvals(&db, "demo")).unwrap();
    assert_eq!(approvals.len(), 2);
    assert_eq!(approvals[0].report_sha256, "sha-1");
    assert_eq!(approvals[0].approved_at, at("2027-02-10T10:00:00Z"));
    assert!(block(control::approvals(&db, "zahles")).unwrap().is_empty());
    // Counted by SQL as the figures count them.
    #[derive(serde::Deserialize)]
    struct N {
        n: i64,
    }
    let n: N = db
        .execute_statement(Statement::new(
            "SELECT COUNT(*) AS n FROM control_approvals",
        ))
        .unwrap()
        .first()
        .unwrap()
        .unwrap();
    assert_eq!(n.n, 2);
}

#[test]
fn facts_cleared_to_be_made_again_come_back_from_the_logs() {
    let db = db();
    let demo = org("demo");
    let references = year(&db);
    let now = at("2026-12-31T12:00:00Z");
    let kept = report_of_year(
        &block(control::year_facts(&db, &[&demo], 2026)).unwrap(),
        now,
        &[],
    );
    // As migration 0018 leaves every row.
    db.execute("UPDATE cases SET control = NULL, control_class = NULL, control_listed = 1")
        .unwrap();
    // Until the run has made them, the report is made from the logs: the same.
    let from_logs = report_of_year(
        &block(control::year_facts(&db, &[&demo], 2026)).unwrap(),
        now,
        &[],
    );
    assert_eq!(from_logs, kept);
    // Three now, the rest on the next run.
    assert_eq!(
        block(control::keep_missing_facts(&db, |_| demo.clone(), 3)).unwrap(),
        3
    );
    assert_eq!(
        block(control::keep_missing_facts(&db, |_| demo.clone(), 100)).unwrap(),
        references.len() - 3
    );
    assert_eq!(
        block(control::keep_missing_facts(&db, |_| demo.clone(), 100)).unwrap(),
        0
    );
    let again = report_of_year(
        &block(control::year_facts(&db, &[&demo], 2026)).unwrap(),
        now,
        &[],
    );
    assert_eq!(again, kept);
}
