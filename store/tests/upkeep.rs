//! What the scheduled run and the delivery use of the store: the notice
//! outbox claimed one attempt at a time, the breach-mail cap and its
//! summary, the ceiling's alert once an hour, the cases a reminder or
//! retention may concern, and the words of cases from before the index.

mod support;

use brud_case::correction::DismissalReason;
use brud_case::entries::{AuthorityFollowUp, AuthorityNotified, Dismissed, ReminderSent};
use brud_case::{EventKind, Reminder};
use brud_store::flood::{self, Alert, Slot};
use brud_store::{notices, upkeep, words, Rows, Statement};
use chrono::Duration;
use support::{at, aula, block, db, dpo, id, org, receive, record};

#[test]
fn a_notice_is_claimed_by_one_attempt_and_settled_once() {
    let db = db();
    receive(
        &db,
        &aula("demo", 1, "2026-11-20T08:00:00Z"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    let now = at("2026-11-20T09:00:01Z");
    let until = now + Duration::seconds(60);
    let claimed = block(notices::claim(&db, None, now, until, 50)).unwrap();
    assert_eq!(claimed.len(), 2, "webhook and mail");
    assert!(claimed.iter().all(|c| c.attempts == 1 && c.org == "demo"));
    // Held: a second run finds nothing while the first attempt holds them.
    assert!(block(notices::claim(&db, None, now, until, 50))
        .unwrap()
        .is_empty());
    let webhook = claimed.iter().find(|c| c.channel == "webhook").unwrap();
    let mail = claimed.iter().find(|c| c.channel == "mail").unwrap();
    block(notices::mark_sent(&db, &webhook.id, now)).unwrap();
    let retry_at = until + Duration::seconds(30);
    block(notices::mark_failed(
        &db,
        &mail.id,
        "mail-timeout",
        false,
        retry_at,
    ))
    .unwrap();
    // The failed one comes back when it is due again; the sent one never.
    assert!(block(notices::claim(
        &db,
        None,
        until,
        until + Duration::seconds(60),
        50
    ))
    .unwrap()
    .is_empty());
    let again = block(notices::claim(
        &db,
        None,
        retry_at,
        retry_at + Duration::seconds(60),
        50,
    ))
    .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(
        (again[0].id.as_str(), again[0].attempts),
        (mail.id.as_str(), 2)
    );
    block(notices::mark_failed(
        &db,
        &mail.id,
        "mail-timeout",
        true,
        retry_at,
    ))
    .unwrap();
    let later = retry_at + Duration::hours(5);
    assert!(
        block(notices::claim(&db, None, later, later, 50))
            .unwrap()
            .is_empty(),
        "dead"
    );
}

#[test]
fn one_notice_can_be_claimed_alone() {
    let db = db();
    receive(
        &db,
        &aula("demo", 1, "2026-11-20T08:00:00Z"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    let now = at("2026-11-20T09:00:01Z");
    let only = format!("{}.1", id(1));
    let claimed = block(notices::claim(&db, Some(&only), now, now, 1)).unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].id, only);
    assert_eq!(claimed[0].channel, "webhook");
}

#[test]
fn the_breach_mailbox_gets_its_cap_and_then_one_summary() {
    let db = db();
    let t = at("2026-11-20T09:00:00Z");
    for n in 1..=4 {
        receive(
            &db,
            &aula("demo", n, "2026-11-20T08:00:00Z"),
            &t.to_rfc3339(),
        )
        .unwrap();
    }
    let period = 1000;
    let slots: Vec<Slot> = (1..=4)
        .map(|n| block(flood::mail_slot(&db, 2, "demo", &id(n), period)).unwrap())
        .collect();
    assert_eq!(slots, [Slot::Send, Slot::Send, Slot::Held, Slot::Held]);
    // Not due while the period runs; due once it is over.
    assert!(block(flood::summaries_due(&db, period)).unwrap().is_empty());
    assert_eq!(
        block(flood::summaries_due(&db, period + 1)).unwrap(),
        [("demo".to_string(), period)]
    );
    assert!(block(flood::claim_summary(&db, "demo", period, t)).unwrap());
    assert!(
        !block(flood::claim_summary(&db, "demo", period, t)).unwrap(),
        "claimed once"
    );
    let held = block(flood::held_references(&db, "demo", period)).unwrap();
    assert_eq!(held, ["DEMO-2026-0003", "DEMO-2026-0004"]);
    // A failed summary is released for the next run.
    block(flood::release_summary(&db, "demo", period)).unwrap();
    assert!(block(flood::claim_summary(&db, "demo", period, t)).unwrap());
    block(flood::summary_sent(&db, "demo", period, t)).unwrap();
    #[derive(serde::Deserialize)]
    struct Sent {
        n: i64,
    }
    let sent: Sent = db
        .execute_statement(Statement::new(
            "SELECT COUNT(*) AS n FROM reports WHERE mail_sent_at IS NOT NULL",
        ))
        .unwrap()
        .first()
        .unwrap()
        .unwrap();
    assert_eq!(sent.n, 2, "the held ones, at the summary's time");
}

#[test]
fn a_shared_dpo_gets_one_cap_across_schools_and_a_retry_keeps_its_slot() {
    let db = db();
    let t = at("2026-11-20T09:00:00Z");
    let period = 2000;
    let mail =
        |recipient: &'static str, notice: &'static str, org: &'static str| flood::RecipientMail {
            recipient,
            notice_id: notice,
            org,
            reference: notice,
        };
    let slot = |m| block(flood::recipient_slot(&db, 2, m, period)).unwrap();
    // Two schools' cases, one DPO (the address in any case): two sent.
    assert_eq!(slot(mail("DPO@demo.example", "DEMO-1", "demo")), Slot::Send);
    assert_eq!(
        slot(mail("dpo@demo.example", "DEMN-1", "demo-nord")),
        Slot::Send
    );
    assert_eq!(slot(mail("dpo@demo.example", "DEMO-2", "demo")), Slot::Held);
    assert_eq!(
        slot(mail("dpo@demo.example", "DEMN-2", "demo-nord")),
        Slot::Held
    );
    // A retry of a sent notice keeps its slot and takes no other.
    assert_eq!(slot(mail("dpo@demo.example", "DEMO-1", "demo")), Slot::Send);
    assert_eq!(slot(mail("dpo@demo.example", "DEMO-2", "demo")), Slot::Held);
    // Another recipient counts on its own.
    assert_eq!(
        slot(mail("dpo@zahles.example", "ZAH-1", "zahles")),
        Slot::Send
    );
    // The summary: due once the period is over, claimed once, naming the
    // held ones by school; released on failure.
    assert!(block(flood::recipient_summaries_due(&db, period))
        .unwrap()
        .is_empty());
    assert_eq!(
        block(flood::recipient_summaries_due(&db, period + 1)).unwrap(),
        [("dpo@demo.example".to_string(), period)]
    );
    assert!(block(flood::claim_recipient_summary(
        &db,
        "dpo@demo.example",
        period,
        t
    ))
    .unwrap());
    assert!(!block(flood::claim_recipient_summary(
        &db,
        "dpo@demo.example",
        period,
        t
    ))
    .unwrap());
    assert!(block(flood::recipient_summaries_due(&db, period + 1))
        .unwrap()
        .is_empty());
    assert_eq!(
        block(flood::recipient_held(&db, "dpo@demo.example", period)).unwrap(),
        [
            ("demo".to_string(), "DEMO-2".to_string()),
            ("demo-nord".to_string(), "DEMN-2".to_string())
        ]
    );
    block(flood::release_recipient_summary(
        &db,
        "dpo@demo.example",
        period,
    ))
    .unwrap();
    assert_eq!(
        block(flood::recipient_summaries_due(&db, period + 1))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn each_alert_goes_once_an_hour_per_school() {
    let db = db();
    let t = at("2026-11-20T09:10:00Z");
    let hour = t.timestamp().div_euclid(3600);
    // The held reports' alert goes in an hour the ceiling's went too: one
    // does not say the other.
    for alert in [Alert::Ceiling, Alert::Held] {
        let first = |org, hour, at| block(flood::first_alert(&db, alert, org, hour, at)).unwrap();
        assert!(first("demo", hour, t), "{alert:?}");
        assert!(!first("demo", hour, t + Duration::minutes(5)), "{alert:?}");
        assert!(first("demo", hour + 1, t + Duration::hours(1)), "{alert:?}");
        assert!(first("zahles", hour, t), "{alert:?}");
    }
}

#[test]
fn reminders_are_looked_for_in_open_cases_that_still_owe_a_notification() {
    let db = db();
    let demo = org("demo");
    // Deadlines 72 hours after awareness: 23 Nov 08.00, 09.00, 10.00 UTC.
    let mut refs = Vec::new();
    for n in 1..=3u32 {
        let aware = format!("2026-11-20T{:02}:00:00Z", 7 + n);
        refs.push(
            receive(&db, &aula("demo", n, &aware), "2026-11-20T12:00:00Z")
                .unwrap()
                .0,
        );
    }
    record(
        &db,
        &demo,
        &refs[1],
        dpo(&demo),
        "2026-11-20T13:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-20T12:30:00Z"),
            authority_reference: "2026-1".into(),
            complete: true,
            late_reason: None,
            more_promised_by: None,
        }),
    )
    .unwrap();
    let horizon = at("2026-11-23T09:30:00Z");
    let found = block(upkeep::reminder_candidates(&db, horizon, 50)).unwrap();
    let found: Vec<&str> = found.iter().map(|c| c.reference.as_str()).collect();
    assert_eq!(
        found,
        [refs[0].as_str()],
        "notified and later deadlines are not asked about"
    );
    // Past the overdue reminder, nothing follows.
    record(
        &db,
        &demo,
        &refs[0],
        brud_case::Actor::System,
        "2026-11-23T08:05:00Z",
        EventKind::ReminderSent(ReminderSent {
            reminder: Reminder::Overdue,
        }),
    )
    .unwrap();
    let found = block(upkeep::reminder_candidates(
        &db,
        at("2026-11-24T00:00:00Z"),
        50,
    ))
    .unwrap();
    let found: Vec<&str> = found.iter().map(|c| c.reference.as_str()).collect();
    assert_eq!(found, [refs[2].as_str()]);
    let (deadline, sent) = block(upkeep::reminder_candidates(
        &db,
        at("2026-11-24T00:00:00Z"),
        50,
    ))
    .unwrap()[0]
        .facts();
    assert_eq!(deadline, at("2026-11-23T10:00:00Z"));
    assert!(sent.is_empty());
}

#[test]
fn a_promised_follow_up_is_looked_for_from_the_day_before() {
    let db = db();
    let demo = org("demo");
    let (reference, _) = receive(
        &db,
        &aula("demo", 1, "2026-11-20T08:00:00Z"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    record(
        &db,
        &demo,
        &reference,
        dpo(&demo),
        "2026-11-20T10:00:00Z",
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at("2026-11-20T09:30:00Z"),
            authority_reference: "2026-1".into(),
            complete: false,
            late_reason: None,
            more_promised_by: None,
        }),
    )
    .unwrap();
    record(
        &db,
        &demo,
        &reference,
        dpo(&demo),
        "2026-11-21T10:00:00Z",
        EventKind::AuthorityFollowUp(AuthorityFollowUp {
            sent_at: at("2026-11-21T09:00:00Z"),
            added: "Antal berørte".into(),
            more_promised_by: Some("2026-11-30".parse().unwrap()),
            completes: false,
        }),
    )
    .unwrap();
    assert!(block(upkeep::follow_up_candidates(
        &db,
        at("2026-11-28T12:00:00Z"),
        50
    ))
    .unwrap()
    .is_empty());
    let due = block(upkeep::follow_up_candidates(
        &db,
        at("2026-11-29T09:00:00Z"),
        50,
    ))
    .unwrap();
    assert_eq!(due, [("demo".to_string(), reference)]);
}

#[test]
fn retention_looks_at_closed_cases_by_when_they_closed() {
    let db = db();
    let demo = org("demo");
    let (open, _) = receive(
        &db,
        &aula("demo", 1, "2026-01-05T08:00:00Z"),
        "2026-01-05T09:00:00Z",
    )
    .unwrap();
    let (dismissed, _) = receive(
        &db,
        &aula("demo", 2, "2026-01-05T08:00:00Z"),
        "2026-01-05T09:00:00Z",
    )
    .unwrap();
    record(
        &db,
        &demo,
        &dismissed,
        dpo(&demo),
        "2026-01-06T09:00:00Z",
        EventKind::Dismissed(Dismissed {
            reason: DismissalReason::Junk,
            duplicate_of: None,
            note: "Spam".into(),
        }),
    )
    .unwrap();
    let now = at("2026-06-01T00:00:00Z");
    let candidates = block(upkeep::retention_candidates(
        &db,
        "demo",
        now - Duration::days(90),
        now - Duration::days(5 * 365),
        50,
    ))
    .unwrap();
    assert_eq!(candidates, std::slice::from_ref(&dismissed));
    assert!(!candidates.contains(&open));
    // A school no longer configured is found by its stored cases.
    assert!(block(upkeep::unconfigured_orgs(&db, &["demo"]))
        .unwrap()
        .is_empty());
    assert_eq!(
        block(upkeep::unconfigured_orgs(&db, &["zahles"])).unwrap(),
        ["demo"]
    );
}

#[test]
fn cases_from_before_the_word_index_get_their_words_and_are_found() {
    let db = db();
    let (reference, _) = receive(
        &db,
        &aula("demo", 1, "2026-11-20T08:00:00Z"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    db.execute("DELETE FROM case_words; UPDATE cases SET words_kept = 0")
        .unwrap();
    assert_eq!(block(words::keep_missing_words(&db, 400)).unwrap(), 1);
    assert_eq!(
        block(words::keep_missing_words(&db, 400)).unwrap(),
        0,
        "kept once"
    );
    let filter = brud_case::desk::ListFilter {
        q: Some("aula".into()),
        ..Default::default()
    };
    let found = block(brud_store::list::list(
        &db,
        &["demo"],
        &filter,
        at("2026-11-21T00:00:00Z"),
    ))
    .unwrap();
    assert_eq!(found.1[0].1.reference, reference);
}

#[test]
fn the_outbox_says_which_of_many_notices_it_has_in_one_query() {
    let db = db();
    receive(
        &db,
        &aula("demo", 1, "2026-11-20T08:00:00Z"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    let now = at("2026-11-20T09:00:01Z");
    let claimed = block(notices::claim(&db, None, now, now, 50)).unwrap();
    let known: Vec<String> = claimed.iter().map(|c| c.id.clone()).collect();
    // More ids than D1 binds values: still one statement.
    let mut asked: Vec<String> = (0..150)
        .map(|n| format!("checkpoint.demo.{n}.mail"))
        .collect();
    asked.extend(known.iter().cloned());
    let mut found = block(notices::existing(&db, &asked)).unwrap();
    found.sort();
    let mut expected = known.clone();
    expected.sort();
    assert_eq!(found, expected);
    assert_eq!(
        block(notices::existing(&db, &[])).unwrap(),
        Vec::<String>::new()
    );
}
