//! The register's list in the store: the desk's order, its filters and
//! search, one school's or a shared DPO's schools', every page once from
//! either end, and the register's rows page by page.

mod support;

use brud_case::correction::DismissalReason;
use brud_case::desk::{ListFilter, ListOrder};
use brud_case::entries::Dismissed;
use brud_case::summary::CaseStatus;
use brud_case::EventKind;
use brud_shared::model::RiskLevel;
use brud_store::list;
use chrono::{DateTime, Utc};
use support::{at, aula, block, db, dpo, numbered, org, receive, record, reports};

/// Five demo cases received an hour apart on 20 November, each aware an
/// hour before receipt (so deadlines in that order); the third dismissed;
/// the fourth a lost USB stick (its own risk). Their references.
fn five(db: &brud_store::sqlite::Sqlite) -> Vec<String> {
    let demo = org("demo");
    let mut references = Vec::new();
    for n in 1..=5u32 {
        let aware = format!("2026-11-20T{:02}:00:00Z", 6 + n);
        let report = if n == 4 {
            let mut usb = numbered(reports::lost_usb_stick(), n, &aware);
            usb.org = "demo".into();
            usb
        } else {
            aula("demo", n, &aware)
        };
        let received = format!("2026-11-20T{:02}:00:00Z", 7 + n);
        references.push(receive(db, &report, &received).unwrap().0);
    }
    record(
        db,
        &demo,
        &references[2],
        dpo(&demo),
        "2026-11-20T15:00:00Z",
        EventKind::Dismissed(Dismissed {
            reason: DismissalReason::Junk,
            duplicate_of: None,
            note: "Spam fra formularen".into(),
        }),
    )
    .unwrap();
    references
}

fn references(page: &(u32, Vec<(String, brud_case::summary::CaseSummary)>)) -> Vec<String> {
    page.1
        .iter()
        .map(|(_, summary)| summary.reference.clone())
        .collect()
}

fn now() -> DateTime<Utc> {
    at("2026-11-21T12:00:00Z")
}

#[test]
fn open_cases_come_first_by_deadline_and_closed_ones_last() {
    let db = db();
    let refs = five(&db);
    let page = block(list::list(&db, &["demo"], &ListFilter::default(), now())).unwrap();
    assert_eq!(page.0, 5);
    assert_eq!(
        references(&page),
        [
            refs[0].clone(),
            refs[1].clone(),
            refs[3].clone(),
            refs[4].clone(),
            refs[2].clone()
        ]
    );
}

#[test]
fn newest_first_is_the_order_they_were_received_in_reverse() {
    let db = db();
    let refs = five(&db);
    let filter = ListFilter {
        order: ListOrder::Newest,
        ..ListFilter::default()
    };
    let page = block(list::list(&db, &["demo"], &filter, now())).unwrap();
    let mut expected = refs.clone();
    expected.reverse();
    assert_eq!(references(&page), expected);
}

#[test]
fn the_filters_narrow_by_status_risk_and_year() {
    let db = db();
    let refs = five(&db);
    let dismissed = ListFilter {
        status: Some(CaseStatus::Dismissed),
        ..ListFilter::default()
    };
    assert_eq!(
        references(&block(list::list(&db, &["demo"], &dismissed, now())).unwrap()),
        [refs[2].clone()]
    );
    let open = ListFilter::register_start();
    assert_eq!(
        block(list::list(&db, &["demo"], &open, now())).unwrap().0,
        4
    );
    let high = ListFilter {
        risk: Some(RiskLevel::High),
        ..ListFilter::default()
    };
    let highs = block(list::list(&db, &["demo"], &high, now())).unwrap();
    assert!(
        !references(&highs).contains(&refs[3]),
        "the USB stick is not high risk"
    );
    assert_eq!(highs.0, 4);
    let last_year = ListFilter {
        year: Some(2025),
        ..ListFilter::default()
    };
    assert_eq!(
        block(list::list(&db, &["demo"], &last_year, now()))
            .unwrap()
            .0,
        0
    );
}

#[test]
fn overdue_is_as_of_the_time_asked() {
    let db = db();
    let refs = five(&db);
    let overdue = ListFilter {
        overdue: Some(true),
        ..ListFilter::default()
    };
    // 72 hours after the first awareness (07.00 UTC on the 20th) and a
    // half: only the first case is past its deadline.
    let t = at("2026-11-23T07:30:00Z");
    assert_eq!(
        references(&block(list::list(&db, &["demo"], &overdue, t)).unwrap()),
        [refs[0].clone()]
    );
    let in_time = ListFilter {
        overdue: Some(false),
        ..ListFilter::default()
    };
    assert_eq!(block(list::list(&db, &["demo"], &in_time, t)).unwrap().0, 4);
    // A day later every open case that must be notified is overdue.
    let later = block(list::list(
        &db,
        &["demo"],
        &overdue,
        at("2026-11-24T12:00:00Z"),
    ))
    .unwrap();
    assert!(
        !references(&later).contains(&refs[2]),
        "a dismissed case owes nothing"
    );
}

#[test]
fn a_search_finds_cases_by_the_beginning_of_their_words() {
    let db = db();
    let refs = five(&db);
    let search = |q: &str| ListFilter {
        q: Some(q.into()),
        ..ListFilter::default()
    };
    let usb = block(list::list(&db, &["demo"], &search("usb"), now())).unwrap();
    assert_eq!(references(&usb), [refs[3].clone()]);
    let by_reference = block(list::list(
        &db,
        &["demo"],
        &search(&refs[1].to_lowercase()),
        now(),
    ))
    .unwrap();
    assert_eq!(references(&by_reference), [refs[1].clone()]);
    let none = block(list::list(&db, &["demo"], &search("ingenting-her"), now())).unwrap();
    assert_eq!(none.0, 0);
}

#[test]
fn a_shared_dpos_list_holds_every_school_of_theirs_and_no_other() {
    let db = db();
    five(&db);
    let nord = receive(
        &db,
        &aula("demo-nord", 9, "2026-11-20T05:00:00Z"),
        "2026-11-20T06:00:00Z",
    )
    .unwrap();
    receive(
        &db,
        &aula("zahles", 10, "2026-11-20T05:00:00Z"),
        "2026-11-20T06:00:00Z",
    )
    .unwrap();
    let page = block(list::list(
        &db,
        &["demo", "demo-nord"],
        &ListFilter::default(),
        now(),
    ))
    .unwrap();
    assert_eq!(page.0, 6);
    // Soonest deadline first across schools.
    assert_eq!(page.1[0].0, "demo-nord");
    assert_eq!(page.1[0].1.reference, nord.0);
    assert!(page.1.iter().all(|(org, _)| org != "zahles"));
}

#[test]
fn every_page_read_from_either_end_makes_the_whole_list() {
    let db = db();
    five(&db);
    for order in [ListOrder::Deadline, ListOrder::Newest] {
        let whole = ListFilter {
            order,
            ..ListFilter::default()
        };
        let all = references(&block(list::list(&db, &["demo"], &whole, now())).unwrap());
        let mut paged = Vec::new();
        for page in 1..=3 {
            let filter = ListFilter {
                order,
                page,
                per_page: 2,
                ..ListFilter::default()
            };
            paged.extend(references(
                &block(list::list(&db, &["demo"], &filter, now())).unwrap(),
            ));
        }
        assert_eq!(paged, all, "{order:?}");
        let past = ListFilter {
            order,
            page: 4,
            per_page: 2,
            ..ListFilter::default()
        };
        let empty = block(list::list(&db, &["demo"], &past, now())).unwrap();
        assert_eq!((empty.0, empty.1.len()), (5, 0));
    }
}

#[test]
fn the_register_is_read_page_by_page_in_reference_order() {
    let db = db();
    let refs = five(&db);
    let first = block(list::register_page(&db, "demo", Some(2026), None, 2)).unwrap();
    let firsts: Vec<&str> = first.iter().map(|(r, _, _)| r.as_str()).collect();
    assert_eq!(firsts, [refs[0].clone(), refs[1].clone()]);
    let next = block(list::register_page(
        &db,
        "demo",
        Some(2026),
        Some(&refs[1]),
        2,
    ))
    .unwrap();
    let nexts: Vec<&str> = next.iter().map(|(r, _, _)| r.as_str()).collect();
    assert_eq!(nexts, [refs[2].clone(), refs[3].clone()]);
    // Each row is the register's, beginning with the reference.
    assert_eq!(next[0].1.reference, refs[2]);
    let whole = block(list::register_page(&db, "demo", None, None, u32::MAX)).unwrap();
    assert_eq!(whole.len(), 5);
}

#[test]
fn the_stores_order_is_the_domains_sort() {
    let db = db();
    five(&db);
    receive(
        &db,
        &aula("demo", 20, "2026-11-19T05:00:00Z"),
        "2026-11-20T12:00:00Z",
    )
    .unwrap();
    for order in [ListOrder::Deadline, ListOrder::Newest] {
        let filter = ListFilter {
            order,
            ..ListFilter::default()
        };
        let page = block(list::list(&db, &["demo"], &filter, now())).unwrap();
        let mut sorted: Vec<_> = page.1.iter().map(|(_, s)| s.clone()).collect();
        match order {
            ListOrder::Deadline => sorted.sort_by(|a, b| a.deadline_key().cmp(&b.deadline_key())),
            ListOrder::Newest => sorted.sort_by_key(|s| s.newest_key()),
        }
        let stored: Vec<&str> = page.1.iter().map(|(_, s)| s.reference.as_str()).collect();
        let domain: Vec<&str> = sorted.iter().map(|s| s.reference.as_str()).collect();
        assert_eq!(stored, domain, "{order:?}");
    }
}
