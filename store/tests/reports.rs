//! Reports in the store: numbered without gaps or twins, stored once with
//! their case in one transaction, and their delivery held, recorded and
//! swept as the Worker's queue and scheduled run use them.

mod support;

use brud_shared::api::DeliveryStatus;
use brud_shared::org::Channel;
use brud_store::reports::{self, Attempt, NewReport};
use brud_store::sqlite::{Sqlite, SqliteRows};
use brud_store::{Database, Rows, Statement, StoreError};
use chrono::{DateTime, Duration, Utc};
use support::{at, aula, block, db, id, receive};

fn count(db: &Sqlite, sql: &'static str) -> i64 {
    #[derive(serde::Deserialize)]
    struct N {
        n: i64,
    }
    db.execute_statement(Statement::new(sql))
        .unwrap()
        .first::<N>()
        .unwrap()
        .unwrap()
        .n
}

fn plain<'a>(id: &'a str, received: DateTime<Utc>) -> NewReport<'a> {
    NewReport {
        id,
        org: "demo",
        year: 2026,
        short_code: "DEMO",
        body_sha256: "sha",
        report_json: "{}",
        assessment_json: "{}",
        received_at: received,
        contact_salt: None,
    }
}

#[test]
fn reports_are_numbered_per_school_and_year_from_one() {
    let db = db();
    let first = receive(
        &db,
        &aula("demo", 1, "2026-11-20T09:30:00+01:00"),
        "2026-11-20T09:00:00Z",
    );
    let second = receive(
        &db,
        &aula("demo", 2, "2026-11-20T09:30:00+01:00"),
        "2026-11-20T10:00:00Z",
    );
    let other = receive(
        &db,
        &aula("zahles", 3, "2026-11-20T09:30:00+01:00"),
        "2026-11-20T10:00:00Z",
    );
    assert_eq!(first.unwrap().0, "DEMO-2026-0001");
    assert_eq!(second.unwrap().0, "DEMO-2026-0002");
    assert_eq!(other.unwrap().0, "ZAH-2026-0001");
    // A new year starts again at 1 (Copenhagen's new year: 23.30 UTC on
    // 31 December is already 2027 there).
    let next_year = receive(
        &db,
        &aula("demo", 4, "2026-12-31T22:00:00+01:00"),
        "2026-12-31T23:30:00Z",
    );
    assert_eq!(next_year.unwrap().0, "DEMO-2027-0001");
}

#[test]
fn the_same_id_is_stored_once_and_its_case_opened_once() {
    let db = db();
    let report = aula("demo", 1, "2026-11-20T09:30:00+01:00");
    assert!(receive(&db, &report, "2026-11-20T09:00:00Z").is_some());
    assert!(
        receive(&db, &report, "2026-11-20T09:05:00Z").is_none(),
        "a resubmission"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM reports"), 1);
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM case_events"), 1);
    assert!(!block(reports::insert(
        &db,
        &plain(&report.id, at("2026-11-20T09:10:00Z"))
    ))
    .unwrap());
}

#[test]
fn a_report_is_stored_with_its_case_its_words_and_its_notice_in_one_transaction() {
    let db = db();
    let (reference, signed) = receive(
        &db,
        &aula("demo", 1, "2026-11-20T09:30:00+01:00"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    let stored = block(reports::get(&db, &support::id(1))).unwrap().unwrap();
    assert_eq!(stored.reference, reference);
    assert_eq!(stored.status, DeliveryStatus::Pending);
    assert_eq!(
        count(&db, "SELECT COUNT(*) AS n FROM cases WHERE sequence = 1"),
        1
    );
    assert!(count(&db, "SELECT COUNT(*) AS n FROM case_words") > 3);
    // The demo school hears of a case by webhook and, as its profile asks,
    // by mail: one outbox row each, the opening's.
    let outbox: Vec<String> = signed.outbox().into_iter().map(|e| e.id).collect();
    assert_eq!(
        outbox,
        [format!("{}.1", id(1)), format!("{}.1.mail", id(1))]
    );
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM case_notices"), 2);
}

/// A database that lets another writer take a number between the read of
/// the next number and the write: the first INSERT into `reports` finds
/// its number taken.
struct Racing {
    db: Sqlite,
    raced: std::cell::Cell<bool>,
}

impl Database for Racing {
    type Rows = SqliteRows;

    async fn run(&self, statement: Statement) -> Result<SqliteRows, StoreError> {
        self.race(&statement);
        self.db.run(statement).await
    }

    async fn batch(&self, statements: Vec<Statement>) -> Result<Vec<SqliteRows>, StoreError> {
        if let Some(first) = statements.first() {
            self.race(first);
        }
        self.db.batch(statements).await
    }
}

impl Racing {
    fn race(&self, statement: &Statement) {
        if statement.sql.contains("INSERT INTO reports") && !self.raced.replace(true) {
            let number = statement.params[3].clone();
            self.db
                .execute_statement(
                    Statement::new(
                        "INSERT INTO reports (id, org, year, number, reference, body_sha256,
                           report, assessment, received_at) VALUES
                           ('someone-else', 'demo', 2026, ?1, 'DEMO-2026-0001', '', '{}', '{}', 0)",
                    )
                    .bind(number),
                )
                .unwrap();
        }
    }
}

#[test]
fn a_number_taken_in_between_is_skipped_and_never_shared() {
    let racing = Racing {
        db: db(),
        raced: false.into(),
    };
    let received = at("2026-11-20T09:00:00Z");
    assert!(block(reports::insert(&racing, &plain(&id(1), received))).unwrap());
    let stored = block(reports::get(&racing.db, &id(1))).unwrap().unwrap();
    assert_eq!(stored.reference, "DEMO-2026-0002");
    assert_eq!(
        count(
            &racing.db,
            "SELECT COUNT(DISTINCT number) AS n FROM reports"
        ),
        2
    );
}

#[test]
fn a_case_that_cannot_be_written_leaves_no_report_behind() {
    let db = db();
    let report = aula("demo", 1, "2026-11-20T09:30:00+01:00");
    // A case row of that id already there (as if written by hand): the
    // opening's write conflicts, so the report is not stored either.
    db.execute(&format!(
        "INSERT INTO case_events (report_id, sequence, event, hash) VALUES ('{}', 1, '{{}}', 'x')",
        report.id
    ))
    .unwrap();
    assert!(support::try_receive(&db, &report, "2026-11-20T09:00:00Z").is_err());
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM reports"), 0);
}

#[test]
fn each_channel_is_marked_sent_on_its_own_and_the_payload_fixed_once() {
    let db = db();
    let received = at("2026-11-20T09:00:00Z");
    block(reports::insert(&db, &plain(&id(1), received))).unwrap();
    block(reports::mark_sent(
        &db,
        &id(1),
        Channel::Mail,
        at("2026-11-20T09:00:05Z"),
    ))
    .unwrap();
    let stored = block(reports::get(&db, &id(1))).unwrap().unwrap();
    assert!(stored.sent_at(Channel::Mail).is_some());
    assert!(stored.sent_at(Channel::Webhook).is_none());
    block(reports::set_payload(&db, &id(1), "first")).unwrap();
    block(reports::set_payload(&db, &id(1), "second")).unwrap();
    let stored = block(reports::get(&db, &id(1))).unwrap().unwrap();
    assert_eq!(stored.payload.as_deref(), Some("first"));
    assert!(!stored.is_queued());
    block(reports::mark_queued(&db, &id(1))).unwrap();
    assert!(block(reports::get(&db, &id(1)))
        .unwrap()
        .unwrap()
        .is_queued());
}

#[test]
fn one_attempt_holds_a_report_at_a_time() {
    let db = db();
    let now = at("2026-11-20T09:00:00Z");
    block(reports::insert(&db, &plain(&id(1), now))).unwrap();
    let until = now + Duration::seconds(60);
    assert!(block(reports::hold(&db, &id(1), now, until)).unwrap());
    assert!(!block(reports::hold(
        &db,
        &id(1),
        now + Duration::seconds(10),
        until
    ))
    .unwrap());
    // Past the hold, another attempt may take it.
    assert!(block(reports::hold(
        &db,
        &id(1),
        until,
        until + Duration::seconds(60)
    ))
    .unwrap());
    // Delivered: nobody holds it again.
    block(reports::record_attempt(
        &db,
        &id(1),
        &Attempt::delivered(1, until),
    ))
    .unwrap();
    assert!(!block(reports::hold(
        &db,
        &id(1),
        until + Duration::hours(1),
        until + Duration::hours(2)
    ))
    .unwrap());
}

#[test]
fn attempts_are_recorded_and_listed_for_the_dpo_newest_first() {
    let db = db();
    let t = at("2026-11-20T09:00:00Z");
    for n in 1..=3 {
        block(reports::insert(
            &db,
            &plain(&id(n), t + Duration::minutes(n.into())),
        ))
        .unwrap();
    }
    block(reports::record_attempt(
        &db,
        &id(1),
        &Attempt::delivered(1, t),
    ))
    .unwrap();
    block(reports::record_attempt(
        &db,
        &id(2),
        &Attempt::dead(8, "500"),
    ))
    .unwrap();
    block(reports::record_attempt(
        &db,
        &id(3),
        &Attempt::retry(2, "timeout", t + Duration::minutes(5)),
    ))
    .unwrap();
    let all = block(reports::deliveries(&db, "demo", None)).unwrap();
    let ids: Vec<&str> = all.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, [id(3), id(2), id(1)]);
    let dead = block(reports::deliveries(&db, "demo", Some(DeliveryStatus::Dead))).unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].last_error.as_deref(), Some("500"));
    assert_eq!(dead[0].attempts, 8);
    assert!(block(reports::deliveries(&db, "zahles", None))
        .unwrap()
        .is_empty());
}

#[test]
fn the_sweep_claims_only_what_is_overdue_past_the_grace_and_only_once() {
    let db = db();
    let t = at("2026-11-20T09:00:00Z");
    // Due at receipt: one long overdue, one just due.
    block(reports::insert(&db, &plain(&id(1), t))).unwrap();
    block(reports::insert(
        &db,
        &plain(&id(2), t + Duration::minutes(58)),
    ))
    .unwrap();
    let now = t + Duration::hours(1);
    let grace = Duration::minutes(5);
    let claimed = block(reports::claim_overdue(&db, now, now - grace, now, 100)).unwrap();
    assert_eq!(claimed, [id(1)]);
    // Claimed: its next attempt moved to now, so the next sweep waits the
    // grace again.
    let again = block(reports::claim_overdue(&db, now, now - grace, now, 100)).unwrap();
    assert!(again.is_empty());
    // A report an attempt holds is left alone.
    block(reports::hold(&db, &id(2), now, now + Duration::hours(1))).unwrap();
    let later = now + Duration::minutes(30);
    let claimed = block(reports::claim_overdue(
        &db,
        later,
        later - grace,
        later,
        100,
    ))
    .unwrap();
    assert_eq!(claimed, [id(1)]);
}
