//! The D1 migrations move stored data as they say (applied in order on
//! SQLite, as `wrangler d1 migrations apply` applies them on D1, with rows
//! written by the schema before each data-moving migration), and the
//! store's own statements read the indexes written for them: the plans
//! here are of the very statements the Worker runs.

use brud_case::desk::{ListFilter, ListOrder, PageWindow};
use brud_case::Reminder;
use brud_shared::api::DeliveryStatus;
use brud_store::sqlite::Sqlite;
use brud_store::{control, list, reports, upkeep, Statement};
use chrono::{DateTime, Utc};

fn rows(db: &Sqlite, sql: &str) -> serde_json::Value {
    let rows = db
        .execute_statement(Statement::new(sql.to_string()))
        .expect("the query runs");
    serde_json::Value::Array(brud_store::Rows::rows(&rows).unwrap())
}

fn plan(db: &Sqlite, statement: &Statement) -> String {
    db.plan(statement).expect("explained").join("\n")
}

fn now() -> DateTime<Utc> {
    "2026-11-23T12:00:00Z".parse().unwrap()
}

#[test]
fn the_case_columns_migration_keeps_each_cases_received_time_and_reminders() {
    let row = |id: &str, reminders: &str, opened_at: &str| {
        format!(
            "INSERT INTO cases (report_id, org, year, reference, sequence, status, risk,
               deadline_at, outstanding, reminders, closed_at, contact_erased, search,
               summary, register)
             VALUES ('{id}', 'demo', 2026, 'DEMO-2026-{id}', 2, 'open', 'high', 1.0, 1,
               '{reminders}', NULL, 0, '', '{{\"opened_at\":\"{opened_at}\"}}', '[]');"
        )
    };
    let before = [
        row("0001", "", "2026-11-23T08:15:30Z"),
        row("0002", "approaching24h", "2026-11-23T08:15:30.250Z"),
        row(
            "0003",
            "approaching24h approaching6h overdue",
            "2026-01-01T00:00:00Z",
        ),
        row("0004", "overdue", "2026-06-30T22:00:00Z"),
    ]
    .concat();
    let db = Sqlite::migrated_with("0007_case_columns.sql", &before).unwrap();
    assert_eq!(
        rows(
            &db,
            "SELECT report_id, opened_at, reminded FROM cases ORDER BY report_id"
        ),
        serde_json::json!([
            {"report_id": "0001", "opened_at": 1_795_421_730_000_i64, "reminded": 0},
            {"report_id": "0002", "opened_at": 1_795_421_730_250_i64, "reminded": 1},
            {"report_id": "0003", "opened_at": 1_767_225_600_000_i64, "reminded": 7},
            {"report_id": "0004", "opened_at": 1_782_856_800_000_i64, "reminded": 4},
        ])
    );
    // The bits are the domain's.
    assert_eq!(
        Reminder::bits_of(&[
            Reminder::Approaching24h,
            Reminder::Approaching6h,
            Reminder::Overdue
        ]),
        7
    );
    // The old column is gone, so nothing can read it by mistake.
    let columns = rows(&db, "SELECT name FROM pragma_table_info('cases')").to_string();
    assert!(!columns.contains("\"reminders\""), "{columns}");
    assert!(columns.contains("\"opened_at\"") && columns.contains("\"reminded\""));
}

#[test]
fn the_reports_times_move_from_text_to_unix_milliseconds() {
    let report = |id: &str, received: &str, sent: &str| {
        format!(
            "INSERT INTO reports (id, org, year, number, reference, body_sha256, report,
               assessment, received_at, status, delivered_at, webhook_sent_at, mail_sent_at)
             VALUES ('{id}', 'demo', 2026, {n}, 'DEMO-2026-{id}', '', '{{}}', '{{}}',
               '{received}', 'delivered', {sent}, {sent}, NULL);",
            n = id.trim_start_matches('0'),
        )
    };
    let before = [
        report("0001", "2026-11-23T08:15:30Z", "'2026-11-23T08:15:31.250Z'"),
        report("0002", "2026-01-01T00:00:00.5Z", "NULL"),
        "INSERT INTO deleted_cases (report_id, org, reference, deleted_at, events, last_hash)
           VALUES ('0000', 'demo', 'DEMO-2019-0001', '2026-06-30T22:00:00Z', 3, 'abc');"
            .to_string(),
    ]
    .concat();
    let db = Sqlite::migrated_with("0013_times_in_ms.sql", &before).unwrap();
    assert_eq!(
        rows(&db, "SELECT id, received_at, delivered_at, webhook_sent_at, mail_sent_at FROM reports ORDER BY id"),
        serde_json::json!([
            {"id": "0001", "received_at": 1_795_421_730_000_i64, "delivered_at": 1_795_421_731_250_i64,
             "webhook_sent_at": 1_795_421_731_250_i64, "mail_sent_at": null},
            {"id": "0002", "received_at": 1_767_225_600_500_i64, "delivered_at": null,
             "webhook_sent_at": null, "mail_sent_at": null},
        ])
    );
    assert_eq!(
        rows(&db, "SELECT deleted_at FROM deleted_cases"),
        serde_json::json!([{"deleted_at": 1_782_856_800_000_i64}])
    );
}

#[test]
fn rows_from_before_the_word_index_and_the_classes_wait_for_the_scheduled_run() {
    const OLD_ROW: &str = "INSERT INTO cases (report_id, org, year, reference, sequence, status, risk,
                            outstanding, reminded, search, summary, register, opened_at)
         VALUES ('r1', 'demo', 2026, 'DEMO-2026-0001', 1, 'open', 'risk', 0, 0, 'x', '{}', '[]', 0)";
    let db = Sqlite::migrated_with("0015_case_words.sql", OLD_ROW).unwrap();
    assert_eq!(
        rows(&db, "SELECT words_kept FROM cases"),
        serde_json::json!([{"words_kept": 0}])
    );
    let with_control = format!("{OLD_ROW}; UPDATE cases SET control = '{{}}'");
    let db = Sqlite::migrated_with("0016_control_classes.sql", &with_control).unwrap();
    assert_eq!(
        rows(
            &db,
            "SELECT control_class, control_listed, notify_minutes FROM cases"
        ),
        serde_json::json!([{"control_class": null, "control_listed": 1, "notify_minutes": null}])
    );
    let waiting = plan(
        &db,
        &Statement::new(
            "SELECT report_id, control FROM cases WHERE control_class IS NULL AND control IS NOT NULL LIMIT 500",
        ),
    );
    assert!(waiting.contains("cases_unclassed"), "{waiting}");
}

#[test]
fn the_list_columns_migration_gives_old_rows_their_order_and_a_keyed_register_row() {
    let before = "
        INSERT INTO reports (id, org, year, number, reference, body_sha256, report, assessment,
                             received_at)
        VALUES ('r1', 'demo', 2026, 12, 'DEMO-2026-0012', '', '{}', '{}', 0),
               ('r2', 'demo', 2026, 13, 'DEMO-2026-0013', '', '{}', '{}', 0);
        INSERT INTO cases (report_id, org, year, reference, sequence, status, risk, deadline_at,
                           outstanding, reminded, search, summary, register, opened_at)
        VALUES ('r1', 'demo', 2026, 'DEMO-2026-0012', 2, 'open', 'high', 5000, 1, 0, '', '{}',
                json_array('DEMO-2026-0012', '2026-11-20 09:00', 'åben', 'Mistet', 'x', 'y', 'z',
                           '3', '1', 'Helbred', '', 'Høj risiko', 'Høj risiko', '', '', 'DPO',
                           '2026-11-23 09:30', 'åben', '', '', '', '', '', '', ''), 0),
               ('r2', 'demo', 2026, 'DEMO-2026-0013', 3, 'closed', 'none', NULL, 0, 0, '', '{}',
                json_array('DEMO-2026-0013'), 0);";
    let db = Sqlite::migrated_with("0017_list_columns.sql", before).unwrap();
    assert_eq!(
        rows(
            &db,
            "SELECT report_id, deadline_group, overdue_from, number FROM cases ORDER BY report_id"
        ),
        serde_json::json!([
            {"report_id": "r1", "deadline_group": 0, "overdue_from": 5000, "number": 12},
            {"report_id": "r2", "deadline_group": 3, "overdue_from": null, "number": 13},
        ])
    );
    #[derive(serde::Deserialize)]
    struct Register {
        register: String,
    }
    let registers: Vec<Register> = brud_store::Rows::rows(
        &db.execute_statement(Statement::new(
            "SELECT register FROM cases ORDER BY report_id",
        ))
        .unwrap(),
    )
    .unwrap();
    let first: brud_case::register::RegisterRow =
        serde_json::from_str(&registers[0].register).unwrap();
    assert_eq!(first.reference, "DEMO-2026-0012");
    assert_eq!(first.deadline, "2026-11-23 09:30");
    assert_eq!(first.categories, "Helbred");
    // A short row from an early version reads with its missing cells empty.
    let second: brud_case::register::RegisterRow =
        serde_json::from_str(&registers[1].register).unwrap();
    assert_eq!(second.reference, "DEMO-2026-0013");
    assert_eq!(second.dismissed, "");
    let columns = rows(&db, "SELECT name FROM pragma_table_info('cases')").to_string();
    assert!(!columns.contains("\"outstanding\""), "{columns}");
}

#[test]
fn one_schools_list_is_read_in_order_from_an_index_in_both_orders() {
    let db = Sqlite::migrated().unwrap();
    for (order, index) in [
        (ListOrder::Deadline, "cases_org_deadline_group"),
        (ListOrder::Newest, "cases_org_newest_number"),
    ] {
        for reversed in [false, true] {
            let filter = ListFilter {
                order,
                ..ListFilter::default()
            };
            let window = PageWindow {
                reversed,
                offset: 0,
                limit: 50,
            };
            let statement = list::page_statement(&["demo"], &filter, &window, now()).unwrap();
            let plan = plan(&db, &statement);
            assert!(plan.contains(index), "{order:?} {reversed}: {plan}");
            // No sort of the whole school (at most of ties within a time).
            assert!(!plan.contains("USE TEMP B-TREE FOR ORDER BY"), "{plan}");
        }
    }
    // The register's pages are ranges of the (org, reference) index.
    let page = list::register_page_statement("demo", Some(2026), Some("DEMO-2026-0100"), 500);
    let plan = plan(&db, &page);
    assert!(!plan.contains("TEMP B-TREE"), "{plan}");
}

#[test]
fn a_search_reads_the_cases_of_its_word_from_the_word_index() {
    let db = Sqlite::migrated().unwrap();
    let filter = ListFilter {
        q: Some("sag 9999".into()),
        ..ListFilter::default()
    };
    let window = PageWindow {
        reversed: false,
        offset: 0,
        limit: 50,
    };
    let plan = plan(
        &db,
        &list::page_statement(&["demo"], &filter, &window, now()).unwrap(),
    );
    assert!(plan.contains("case_words"), "{plan}");
    assert!(plan.contains("(report_id=?)"), "{plan}");
    assert!(plan.contains("cases_words_missing"), "{plan}");
    assert!(
        !plan.contains("SCAN cases USING INDEX cases_org_deadline_group"),
        "{plan}"
    );
}

#[test]
fn the_years_cases_are_counted_by_class_from_an_index_and_only_named_ones_read() {
    let db = Sqlite::migrated().unwrap();
    let counted = plan(&db, &control::classes_statement("demo", 2026));
    assert!(
        counted.contains("COVERING INDEX cases_org_year_class"),
        "{counted}"
    );
    assert!(!counted.contains("TEMP B-TREE"), "{counted}");
    let listed = plan(&db, &control::listed_statement("demo", 2026));
    assert!(listed.contains("INDEX cases_org_year_listed"), "{listed}");
    assert!(!listed.contains("TEMP B-TREE"), "{listed}");
    let minutes = plan(&db, &control::minutes_statement("[\"demo\"]", 2026, 2, 10));
    assert!(
        minutes.contains("COVERING INDEX cases_org_year_minutes"),
        "{minutes}"
    );
}

#[test]
fn the_deliveries_and_the_reminders_are_read_from_their_indexes() {
    let db = Sqlite::migrated().unwrap();
    let deliveries = plan(
        &db,
        &reports::deliveries_statement("demo", Some(DeliveryStatus::Pending)),
    );
    assert!(deliveries.contains("reports_by_org_status"), "{deliveries}");
    assert!(!deliveries.contains("TEMP B-TREE"), "{deliveries}");
    let all = plan(&db, &reports::deliveries_statement("demo", None));
    assert!(all.contains("reports_by_org_received"), "{all}");
    assert!(!all.contains("TEMP B-TREE"), "{all}");
    let reminders = plan(&db, &upkeep::reminder_candidates_statement(now(), 200));
    assert!(reminders.contains("cases_overdue_from"), "{reminders}");
    assert!(!reminders.contains("TEMP B-TREE"), "{reminders}");
}
