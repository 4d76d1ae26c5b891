//! The D1 migrations move stored data as they say: applied in order on an
//! SQLite database (D1 is SQLite; Python's `sqlite3` module runs the very
//! files `wrangler d1 migrations apply` does) with rows written by the
//! schema before each data-moving migration.

use std::process::Command;

/// Applies every migration in order, running `before_0007` (SQL) just
/// before `0007_case_columns.sql`, then prints the rows of `query` as JSON.
fn migrate(before_0007: &str, query: &str) -> serde_json::Value {
    migrate_with("0007_case_columns.sql", before_0007, query)
}

/// Applies every migration in order, running `before` (SQL) just before
/// the one named `at`, then prints the rows of `query` as JSON.
fn migrate_with(at: &str, before: &str, query: &str) -> serde_json::Value {
    let script = r#"
import glob, json, sqlite3, sys
at, before, query = sys.argv[1], sys.argv[2], sys.argv[3]
db = sqlite3.connect(":memory:")
for name in sorted(glob.glob("migrations/*.sql")):
    if name.endswith(at):
        db.executescript(before)
    db.executescript(open(name, encoding="utf-8").read())
print(json.dumps(db.execute(query).fetchall()))
"#;
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let output = Command::new("python3")
        .current_dir(root)
        .args(["-c", script, at, before, query])
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("rows as JSON")
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
    let rows = migrate(
        &before,
        "SELECT report_id, opened_at, reminded FROM cases ORDER BY report_id",
    );
    assert_eq!(
        rows,
        serde_json::json!([
            ["0001", 1_795_421_730_000_i64, 0],
            ["0002", 1_795_421_730_250_i64, 1],
            ["0003", 1_767_225_600_000_i64, 7],
            ["0004", 1_782_856_800_000_i64, 4],
        ])
    );
    // The bits are the domain's.
    use brud_case::Reminder;
    assert_eq!(
        Reminder::bits_of(&[
            Reminder::Approaching24h,
            Reminder::Approaching6h,
            Reminder::Overdue
        ]),
        7
    );
    assert_eq!(Reminder::Overdue.bit(), 4);
    // The old column is gone, so nothing can read it by mistake.
    let columns = migrate("", "SELECT name FROM pragma_table_info('cases')");
    let names: Vec<&str> = columns
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[0].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"reminders"), "{names:?}");
    assert!(names.contains(&"opened_at") && names.contains(&"reminded"));
    // And one school's cases newest first have their index.
    let plan = migrate(
        "",
        "EXPLAIN QUERY PLAN SELECT summary FROM cases WHERE org = 'demo'
         ORDER BY opened_at DESC LIMIT 25",
    );
    assert!(plan.to_string().contains("cases_org_newest"), "{plan}");
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
    let rows = migrate_with(
        "0013_times_in_ms.sql",
        &before,
        "SELECT id, received_at, delivered_at, webhook_sent_at, mail_sent_at FROM reports
         ORDER BY id",
    );
    assert_eq!(
        rows,
        serde_json::json!([
            [
                "0001",
                1_795_421_730_000_i64,
                1_795_421_731_250_i64,
                1_795_421_731_250_i64,
                null
            ],
            ["0002", 1_767_225_600_500_i64, null, null, null],
        ])
    );
    let deleted = migrate_with(
        "0013_times_in_ms.sql",
        &before,
        "SELECT deleted_at FROM deleted_cases",
    );
    assert_eq!(deleted, serde_json::json!([[1_782_856_800_000_i64]]));
    // Still listed by school, status and time through their index.
    let plan = migrate_with(
        "0013_times_in_ms.sql",
        "",
        "EXPLAIN QUERY PLAN SELECT id FROM reports WHERE org = 'demo' AND status = 'pending'
         ORDER BY received_at DESC LIMIT 200",
    );
    assert!(plan.to_string().contains("reports_by_org_status"), "{plan}");
}

#[test]
fn one_schools_list_is_read_in_order_from_an_index_in_both_orders() {
    // The Worker's page query for one school (`cases::list_order`), in each
    // order and reversed (a page in the list's second half is read from
    // its end).
    for (order, index) in [
        (
            "status <> 'open', deadline_at IS NULL, deadline_at, reference",
            "cases_org_deadline_order",
        ),
        (
            "status <> 'open' DESC, deadline_at IS NULL DESC, deadline_at DESC, reference DESC",
            "cases_org_deadline_order",
        ),
        (
            "opened_at DESC, length(reference) DESC, reference DESC",
            "cases_org_newest",
        ),
        (
            "opened_at, length(reference), reference",
            "cases_org_newest",
        ),
    ] {
        let plan = migrate(
            "",
            &format!(
                "EXPLAIN QUERY PLAN SELECT org, summary FROM cases WHERE org = 'demo'
                 ORDER BY {order} LIMIT 50 OFFSET 0"
            ),
        )
        .to_string();
        assert!(plan.contains(index), "{plan}");
        // No sort of the whole school (at most of ties within a time).
        assert!(!plan.contains("USE TEMP B-TREE FOR ORDER BY"), "{plan}");
    }
}

#[test]
fn the_years_cases_are_counted_by_class_from_an_index_and_only_named_ones_read() {
    // The Worker's queries for the control report (`cases::year_facts`).
    let counted = migrate(
        "",
        "EXPLAIN QUERY PLAN SELECT control_class AS class, COUNT(*) AS n FROM cases
         WHERE org = 'demo' AND year = 2026 AND control_class IS NOT NULL
         GROUP BY control_class",
    )
    .to_string();
    assert!(
        counted.contains("COVERING INDEX cases_org_year_class"),
        "{counted}"
    );
    assert!(!counted.contains("TEMP B-TREE"), "{counted}");
    let listed = migrate(
        "",
        "EXPLAIN QUERY PLAN SELECT control, control_class IS NULL AS unclassed FROM cases
         WHERE org = 'demo' AND year = 2026 AND control_listed = 1 ORDER BY reference",
    )
    .to_string();
    assert!(listed.contains("INDEX cases_org_year_listed"), "{listed}");
    assert!(!listed.contains("TEMP B-TREE"), "{listed}");
    let minutes = migrate(
        "",
        "EXPLAIN QUERY PLAN SELECT notify_minutes AS minutes FROM cases
         WHERE org IN (SELECT value FROM json_each('[\"demo\"]')) AND year = 2026
           AND notify_minutes IS NOT NULL
         ORDER BY notify_minutes LIMIT 2 OFFSET 10",
    )
    .to_string();
    assert!(
        minutes.contains("COVERING INDEX cases_org_year_minutes"),
        "{minutes}"
    );
    // Rows written before count as named, without a class: the report
    // reads the year whole until the scheduled run gives them one.
    const OLD_ROW: &str =
        "INSERT INTO cases (report_id, org, year, reference, sequence, status, risk,
                            outstanding, reminded, search, summary, register, opened_at, control)
         VALUES ('r1', 'demo', 2026, 'DEMO-2026-0001', 1, 'open', 'risk', 0, 0, 'x', '{}', '[]', 0,
                 '{}')";
    let kept = migrate_with(
        "0016_control_classes.sql",
        OLD_ROW,
        "SELECT control_class, control_listed, notify_minutes FROM cases",
    );
    assert_eq!(kept, serde_json::json!([[null, 1, null]]));
    let waiting = migrate_with(
        "0016_control_classes.sql",
        OLD_ROW,
        "EXPLAIN QUERY PLAN SELECT report_id, control FROM cases
         WHERE control_class IS NULL AND control IS NOT NULL LIMIT 500",
    )
    .to_string();
    assert!(waiting.contains("cases_unclassed"), "{waiting}");
}

#[test]
fn a_search_reads_the_cases_of_its_word_from_the_word_index() {
    // The Worker's search condition (`cases::list_filter` with `q`): the
    // cases come from the words' primary key and the cases' own, not from
    // reading the school's every case.
    let plan = migrate(
        "",
        "EXPLAIN QUERY PLAN SELECT org, summary FROM cases WHERE +org = 'demo'
           AND report_id IN (SELECT report_id FROM case_words WHERE word >= '9999' AND word < '9999z'
                             UNION ALL
                             SELECT report_id FROM cases WHERE words_kept = 0)
           AND instr(search, 'sag 9999') > 0
         ORDER BY status <> 'open', deadline_at IS NULL, deadline_at, reference LIMIT 50",
    )
    .to_string();
    assert!(plan.contains("case_words"), "{plan}");
    assert!(plan.contains("(report_id=?)"), "{plan}");
    assert!(plan.contains("cases_words_missing"), "{plan}");
    assert!(
        !plan.contains("SCAN cases USING INDEX cases_org_deadline_order"),
        "{plan}"
    );
    // Rows from before the migration wait for their words.
    let kept = migrate_with(
        "0015_case_words.sql",
        "INSERT INTO cases (report_id, org, year, reference, sequence, status, risk,
                            outstanding, reminded, search, summary, register, opened_at)
         VALUES ('r1', 'demo', 2026, 'DEMO-2026-0001', 1, 'open', 'risk', 0, 0, 'x', '{}', '[]', 0)",
        "SELECT words_kept FROM cases",
    );
    assert_eq!(kept, serde_json::json!([[0]]));
}
