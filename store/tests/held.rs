//! Held reports: kept whole beyond a client's limit or a school's
//! ceiling, bounded per school, listed for the DPO, and let go when their
//! case opens in the same transaction or when they are discarded.

mod support;

use brud_store::held::{self, Held, HeldBecause, NewHeld};
use brud_store::reports;
use chrono::{DateTime, Utc};
use support::{aula, block, db, id, try_receive};

fn new_held<'a>(id: &'a str, org: &'a str, json: &'a str, at: &str) -> NewHeld<'a> {
    NewHeld {
        id,
        org,
        body_sha256: "sha",
        report_json: json,
        received_at: at.parse::<DateTime<Utc>>().unwrap(),
        because: HeldBecause::Client,
    }
}

#[test]
fn a_school_holds_reports_up_to_its_bound_and_each_once() {
    let db = db();
    let ids: Vec<String> = (1..=4).map(id).collect();
    for (n, id) in ids.iter().take(3).enumerate() {
        let at = format!("2026-11-20T09:0{n}:00Z");
        let held = block(held::hold(&db, &new_held(id, "demo", "{}", &at), 3)).unwrap();
        assert_eq!(held, Held::New);
    }
    // The same report again: held once, the first kept.
    let again = block(held::hold(
        &db,
        &new_held(&ids[0], "demo", "{\"x\":1}", "2026-11-20T10:00:00Z"),
        3,
    ))
    .unwrap();
    let Held::Existing(first) = again else {
        panic!("{again:?}")
    };
    assert_eq!(first.report, "{}");
    // The bound reached: the fourth is not held.
    let full = block(held::hold(
        &db,
        &new_held(&ids[3], "demo", "{}", "2026-11-20T10:00:00Z"),
        3,
    ))
    .unwrap();
    assert_eq!(full, Held::Full);
    assert_eq!(block(held::count(&db, "demo")).unwrap(), 3);
    // Another school's bound is its own.
    let other = block(held::hold(
        &db,
        &new_held(&ids[3], "zahles", "{}", "2026-11-20T10:00:00Z"),
        3,
    ))
    .unwrap();
    assert_eq!(other, Held::New);
    // Listed oldest first, one school's only.
    let listed = block(held::list(&db, "demo")).unwrap();
    assert_eq!(
        listed.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        [
            "00000000-0000-4000-8000-000000000001",
            "00000000-0000-4000-8000-000000000002",
            "00000000-0000-4000-8000-000000000003"
        ]
    );
    assert_eq!(
        listed[0].received().to_rfc3339(),
        "2026-11-20T09:00:00+00:00"
    );
    assert_eq!(listed[0].why, HeldBecause::Client);
}

#[test]
fn a_held_report_opened_as_a_case_is_let_go_in_the_same_transaction() {
    let db = db();
    let report = aula("demo", 7, "2026-11-20T08:30:00+01:00");
    let json = serde_json::to_string(&report).unwrap();
    block(held::hold(
        &db,
        &new_held(&report.id, "demo", &json, "2026-11-20T09:00:00Z"),
        10,
    ))
    .unwrap();
    // Opened: numbered like any report, and no longer held.
    let stored = support::receive_releasing(
        &db,
        &report,
        "2026-11-20T09:00:00Z",
        Some(held::release_statement("demo", &report.id)),
    );
    assert!(matches!(stored, reports::Stored::New(_)), "{stored:?}");
    assert!(block(held::get(&db, &report.id)).unwrap().is_none());
    assert_eq!(block(held::count(&db, "demo")).unwrap(), 0);
    // A report that was never held is stored as always.
    let second = aula("demo", 8, "2026-11-20T08:30:00+01:00");
    assert!(matches!(
        try_receive(&db, &second, "2026-11-20T09:05:00Z").unwrap(),
        reports::Stored::New(_)
    ));
}

#[test]
fn discarding_lets_go_of_the_named_reports_of_that_school_only() {
    let db = db();
    for n in 1..=2 {
        let id = id(n);
        block(held::hold(
            &db,
            &new_held(&id, "demo", "{}", "2026-11-20T09:00:00Z"),
            10,
        ))
        .unwrap();
    }
    let zahles = id(3);
    block(held::hold(
        &db,
        &new_held(&zahles, "zahles", "{}", "2026-11-20T09:00:00Z"),
        10,
    ))
    .unwrap();
    // Demo's DPO discards its first and (by mistake) Zahles's: only its own go.
    let statements = vec![
        held::release_statement("demo", &id(1)),
        held::release_statement("demo", &zahles),
    ];
    block(brud_store::Database::batch(&db, statements)).unwrap();
    assert_eq!(block(held::list(&db, "demo")).unwrap().len(), 1);
    assert!(block(held::get(&db, &zahles)).unwrap().is_some());
}
