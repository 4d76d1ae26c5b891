//! Cases in the store: the log and the case's row written together from
//! the domain's whole write, read back and replayed, a lost race written
//! nowhere, the row matching what the log gives, retention's deletion
//! leaving a tombstone.

mod support;

use brud_case::chain::verify;
use brud_case::entries::{DpoOpinion, Note};
use brud_case::summary::StoredRow;
use brud_case::write::{self, Entry};
use brud_case::{Actor, EventKind};
use brud_store::cases::{self, stored_events, Appended};
use brud_store::reports;
use brud_store::{Rows, Statement};
use support::{at, aula, block, db, dpo, id, org, receive, record, signature};

fn count(db: &brud_store::sqlite::Sqlite, sql: &str) -> i64 {
    #[derive(serde::Deserialize)]
    struct N {
        n: i64,
    }
    db.execute_statement(Statement::new(sql.to_string()))
        .unwrap()
        .first::<N>()
        .unwrap()
        .unwrap()
        .n
}

fn note(text: &str) -> EventKind {
    EventKind::Note(Note { text: text.into() })
}

#[test]
fn an_entry_is_appended_to_the_log_and_the_case_replays_from_it() {
    let db = db();
    let demo = org("demo");
    let (reference, _) = receive(
        &db,
        &aula("demo", 1, "2026-11-20T09:30:00+01:00"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    let leader = Actor::Person("leder@demo.example".into());
    let written = record(
        &db,
        &demo,
        &reference,
        leader,
        "2026-11-20T10:00:00Z",
        note("Ringet til modtageren"),
    );
    assert_eq!(written, Ok(Appended::Written));
    let loaded = block(cases::load(&db, &demo, &reference)).unwrap().unwrap();
    assert_eq!(loaded.case().sequence, 2);
    assert_eq!(loaded.case().notes, ["Ringet til modtageren"]);
    assert_eq!(loaded.on_file.last_hash, loaded.rows[1].hash);
    // The log as stored chains from the opening, each event signed.
    let stored = stored_events(&loaded.rows).unwrap();
    assert_eq!(verify(&stored), Ok(2));
    assert!(stored
        .iter()
        .all(|event| event.signature == Some(signature())));
}

#[test]
fn two_writers_on_one_sequence_write_once_and_the_second_is_told_it_lost() {
    let db = db();
    let demo = org("demo");
    let (reference, _) = receive(
        &db,
        &aula("demo", 1, "2026-11-20T09:30:00+01:00"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    // Both read the case at sequence 1.
    let first = block(cases::load(&db, &demo, &reference)).unwrap().unwrap();
    let second = block(cases::load(&db, &demo, &reference)).unwrap().unwrap();
    let entry = |text: &str| Entry {
        actor: Actor::Person("leder@demo.example".into()),
        role: Some(brud_shared::org::StaffRole::Dpo),
        at: at("2026-11-20T10:00:00Z"),
        kind: note(text),
        client_event_id: None,
    };
    let a = write::record(&first.on_file, entry("a"), &demo).unwrap();
    let b = write::record(&second.on_file, entry("b"), &demo).unwrap();
    assert_eq!(
        block(cases::append(&db, &a.signed(signature()), Vec::new())),
        Ok(Appended::Written)
    );
    assert_eq!(
        block(cases::append(&db, &b.signed(signature()), Vec::new())),
        Ok(Appended::Lost)
    );
    let loaded = block(cases::load(&db, &demo, &reference)).unwrap().unwrap();
    assert_eq!(loaded.case().notes, ["a"]);
    assert_eq!(count(&db, "SELECT sequence AS n FROM cases"), 2);
}

#[test]
fn a_client_event_id_names_one_event_of_a_case() {
    let db = db();
    let demo = org("demo");
    let (reference, _) = receive(
        &db,
        &aula("demo", 1, "2026-11-20T09:30:00+01:00"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    let entry = |sequence_text: &str| Entry {
        actor: Actor::Person("leder@demo.example".into()),
        role: Some(brud_shared::org::StaffRole::Dpo),
        at: at("2026-11-20T10:00:00Z"),
        kind: note(sequence_text),
        client_event_id: Some("7b0f5c43-0a38-4b8e-9a55-5a0f7a3e6f10".into()),
    };
    let loaded = block(cases::load(&db, &demo, &reference)).unwrap().unwrap();
    let first = write::record(&loaded.on_file, entry("one"), &demo).unwrap();
    block(cases::append(&db, &first.signed(signature()), Vec::new())).unwrap();
    let loaded = block(cases::load(&db, &demo, &reference)).unwrap().unwrap();
    assert_eq!(
        loaded.rows[1].client_event_id.as_deref(),
        Some("7b0f5c43-0a38-4b8e-9a55-5a0f7a3e6f10")
    );
    // The same id again on the next sequence: refused as taken.
    let again = write::record(&loaded.on_file, entry("two"), &demo).unwrap();
    assert_eq!(
        block(cases::append(&db, &again.signed(signature()), Vec::new())),
        Ok(Appended::Lost)
    );
}

#[test]
fn the_row_on_file_is_the_row_the_log_gives() {
    let db = db();
    let demo = org("demo");
    let (reference, _) = receive(
        &db,
        &aula("demo", 1, "2026-11-20T09:30:00+01:00"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    record(
        &db,
        &demo,
        &reference,
        dpo(&demo),
        "2026-11-20T11:00:00Z",
        EventKind::DpoOpinion(DpoOpinion {
            text: "Anmeldes".into(),
        }),
    )
    .unwrap();
    let loaded = block(cases::load(&db, &demo, &reference)).unwrap().unwrap();
    let on_file = block(cases::row_on_file(&db, &id(1))).unwrap().unwrap();
    let last = loaded.rows.last().unwrap();
    let rebuilt = StoredRow::of(&id(1), &reference, loaded.case(), Some(&demo));
    assert!(rebuilt.matches(&on_file, 2));
    assert_eq!(last.sequence, 2);
    // Changed from outside, it no longer matches.
    db.execute("UPDATE cases SET risk = 'none'").unwrap();
    let changed = block(cases::row_on_file(&db, &id(1))).unwrap().unwrap();
    assert!(!rebuilt.matches(&changed, 2));
}

#[test]
fn the_case_keeps_its_newest_signed_head() {
    let db = db();
    let demo = org("demo");
    let (reference, _) = receive(
        &db,
        &aula("demo", 1, "2026-11-20T09:30:00+01:00"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    let head = block(cases::signed_head_of(&db, &id(1))).unwrap().unwrap();
    assert_eq!(head.head.events, 1);
    record(
        &db,
        &demo,
        &reference,
        dpo(&demo),
        "2026-11-20T11:00:00Z",
        note("x"),
    )
    .unwrap();
    let head = block(cases::signed_head_of(&db, &id(1))).unwrap().unwrap();
    assert_eq!(head.head.events, 2);
    assert_eq!(head.head.case.reference, reference);
    assert_eq!(head.signature, signature());
    let found = block(cases::find(&db, "demo", &reference))
        .unwrap()
        .unwrap();
    assert_eq!(found.signed_head(), Some(head));
}

#[test]
fn a_case_is_found_within_its_own_school_only() {
    let db = db();
    let (reference, _) = receive(
        &db,
        &aula("demo", 1, "2026-11-20T09:30:00+01:00"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    assert!(block(cases::find(&db, "demo", &reference))
        .unwrap()
        .is_some());
    assert!(block(cases::find(&db, "demo-nord", &reference))
        .unwrap()
        .is_none());
    assert!(block(cases::load(&db, &org("zahles"), &reference))
        .unwrap()
        .is_none());
}

#[test]
fn reports_stored_without_a_case_are_found_and_opened_once() {
    let db = db();
    let demo = org("demo");
    let received = at("2026-11-20T09:00:00Z");
    let report = aula("demo", 1, "2026-11-20T09:30:00+01:00");
    let json = serde_json::to_string(&report).unwrap();
    let assessment = brud_shared::assess(&report, Some(&demo), received);
    let assessment_json = serde_json::to_string(&assessment).unwrap();
    let new = reports::NewReport {
        id: &report.id,
        org: "demo",
        year: 2026,
        short_code: "DEMO",
        body_sha256: "sha",
        report_json: &json,
        assessment_json: &assessment_json,
        received_at: received,
        contact_salt: None,
    };
    assert!(block(reports::insert(&db, &new)).unwrap());
    assert_eq!(block(cases::unopened(&db, 50)).unwrap(), [id(1)]);
    let (head, at_receipt) = block(cases::report_head(&db, &id(1))).unwrap().unwrap();
    assert_eq!(at_receipt, received);
    let (report, assessment) = head.parts().unwrap();
    let opening = write::open(
        &head.ids(),
        head.year,
        write::Opening {
            report: report.clone(),
            assessment: assessment.clone(),
            received_at: received,
            contact_salt: None,
            by_mail: false,
        },
        &demo,
    );
    assert_eq!(
        block(cases::append(
            &db,
            &opening.clone().signed(signature()),
            Vec::new()
        )),
        Ok(Appended::Written)
    );
    assert!(block(cases::unopened(&db, 50)).unwrap().is_empty());
    // Opened again (a second run): nothing more.
    assert_eq!(
        block(cases::append(&db, &opening.signed(signature()), Vec::new())),
        Ok(Appended::Lost)
    );
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM case_events"), 1);
}

#[test]
fn retention_deletes_a_case_whole_and_leaves_its_tombstone() {
    let db = db();
    let demo = org("demo");
    let (reference, _) = receive(
        &db,
        &aula("demo", 1, "2026-11-20T09:30:00+01:00"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    let loaded = block(cases::load(&db, &demo, &reference)).unwrap().unwrap();
    let last = loaded.rows.last().unwrap().hash.clone();
    block(cases::delete(
        &db,
        &loaded.head,
        1,
        &last,
        at("2031-12-01T00:00:00Z"),
        Vec::new(),
    ))
    .unwrap();
    for table in [
        "reports",
        "cases",
        "case_events",
        "case_words",
        "case_notices",
    ] {
        assert_eq!(
            count(&db, &format!("SELECT COUNT(*) AS n FROM {table}")),
            0,
            "{table}"
        );
    }
    #[derive(serde::Deserialize)]
    struct Tombstone {
        reference: String,
        events: u32,
        last_hash: String,
        deleted_at: i64,
    }
    let tombstone: Tombstone = db
        .execute_statement(Statement::new(
            "SELECT reference, events, last_hash, deleted_at FROM deleted_cases",
        ))
        .unwrap()
        .first()
        .unwrap()
        .unwrap();
    assert_eq!(tombstone.reference, reference);
    assert_eq!(tombstone.events, 1);
    assert_eq!(tombstone.last_hash, last);
    assert_eq!(
        tombstone.deleted_at,
        at("2031-12-01T00:00:00Z").timestamp_millis()
    );
}

#[test]
fn an_erasure_rewrites_the_report_in_the_same_transaction_as_its_event() {
    let db = db();
    let demo = org("demo");
    let (reference, _) = receive(
        &db,
        &aula("demo", 1, "2026-11-20T09:30:00+01:00"),
        "2026-11-20T09:00:00Z",
    )
    .unwrap();
    let loaded = block(cases::load(&db, &demo, &reference)).unwrap().unwrap();
    let kept = brud_case::without_contact(&loaded.case().report);
    let rewrite = reports::rewrite_report(&id(1), &serde_json::to_string(&kept).unwrap());
    // An erasure on an open case is refused by the domain: nothing written,
    // the rewrite included.
    let entry = Entry {
        actor: Actor::System,
        role: None,
        at: at("2026-11-20T10:00:00Z"),
        kind: EventKind::ContactErased,
        client_event_id: None,
    };
    assert!(write::record(&loaded.on_file, entry, &demo).is_err());
    // Appended with a write that conflicts, the rewrite is rolled back too.
    let stale = write::record(
        &loaded.on_file,
        Entry {
            actor: Actor::Person("leder@demo.example".into()),
            role: Some(brud_shared::org::StaffRole::Dpo),
            at: at("2026-11-20T10:00:00Z"),
            kind: note("x"),
            client_event_id: None,
        },
        &demo,
    )
    .unwrap()
    .signed(signature());
    block(cases::append(&db, &stale, Vec::new())).unwrap();
    assert_eq!(
        block(cases::append(&db, &stale, vec![rewrite])),
        Ok(Appended::Lost)
    );
    let stored = block(reports::get(&db, &id(1))).unwrap().unwrap();
    assert!(
        stored.report.contains("Anne Jensen"),
        "still the reporter's name"
    );
}
