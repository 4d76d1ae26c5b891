//! The case desk's API end to end: the real Worker in workerd (`wrangler
//! dev`), signed in through a stand-in for Cloudflare Access on 127.0.0.1
//! whose RS256 tokens the Worker verifies as it would Access's (WebCrypto,
//! the key set fetched from the team domain).
//!
//! One Worker serves the tests here; each uses its own reports. The test
//! that changes a row from outside (`wrangler d1 execute`) has a Worker of
//! its own, so no other test meets the locked database file.

use brud_case::entries::Note;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use brud_e2e::{
    new_id, report, until, Issuer, Reply, Worker, ACCESS_AUD, ACCESS_HEADER, DEMO_DPO, DEMO_LEADER,
    DEMO_NORD_LEADER, DEMO_VIEWER, ZAHLES_LEADER,
};
use brud_signin::{now_seconds, Key};
use chrono::{SecondsFormat, Utc};
use serde_json::{json, Value};

/// The tests together open more of the demo DPO's cases in an hour than
/// the default cap of "new case" mails (20); a test looking for its mail
/// must not find it held by the others'.
const DPO_MAILS_UNCAPPED: (&str, &str) = ("DPO_MAIL_CAP", "1000/3600");

fn worker() -> &'static Worker {
    static WORKER: OnceLock<Worker> = OnceLock::new();
    // The CSV is streamed two cases a page, so the tests' few cases cross
    // pages.
    WORKER.get_or_init(|| Worker::start("desk", &[("REGISTER_PAGE_ROWS", "2"), DPO_MAILS_UNCAPPED]))
}

/// A Worker of its own for the tests that would disturb the others (a
/// rotated signing key, a row changed from outside), and the guard that
/// makes them take turns on it.
fn own_worker() -> (MutexGuard<'static, ()>, &'static Worker) {
    static TURN: Mutex<()> = Mutex::new(());
    static WORKER: OnceLock<Worker> = OnceLock::new();
    let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    (
        turn,
        WORKER.get_or_init(|| Worker::start("desk-own", &[DPO_MAILS_UNCAPPED])),
    )
}

fn problem(reply: &Reply, status: u16) -> Value {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json"),
        "{}",
        reply.body
    );
    reply.json()
}

/// Submits a report of `org` as the form does; its journal reference.
fn submit(w: &Worker, body: &Value) -> String {
    let reply = w.post_json("/api/reports", &body.to_string());
    assert_eq!(reply.status, 202, "{}", reply.body);
    reply.json()["reference"].as_str().unwrap().to_string()
}

/// The demo school's report, aware `hours` ago (a late one carries its
/// reason, as the form asks).
fn report_aware_hours_ago(hours: i64) -> Value {
    let mut body = report("demo", &new_id());
    let now = Utc::now();
    let at = |h: i64| (now - chrono::Duration::hours(h)).to_rfc3339_opts(SecondsFormat::Secs, true);
    body["timeline"]["occurred"]["at"] = at(hours + 1).into();
    body["timeline"]["aware_at"] = at(hours).into();
    if hours >= 72 {
        body["late_reason"] = "Opdaget i en weekend.".into();
    }
    body
}

fn case_path(org: &str, reference: &str) -> String {
    format!("/api/desk/orgs/{org}/cases/{reference}")
}

/// Records `event` (its kind and fields) as `who` after `expected`.
fn record(w: &Worker, who: &str, reference: &str, expected: u64, event: Value) -> Reply {
    let mut body = event;
    body["expected_sequence"] = expected.into();
    body["client_event_id"] = new_id().into();
    w.post_as(
        who,
        &format!("{}/events", case_path("demo", reference)),
        &body,
    )
}

fn recorded(reply: Reply) -> Value {
    assert_eq!(reply.status, 201, "{}", reply.body);
    reply.json()
}

#[test]
fn a_case_lives_from_receipt_to_closing_and_the_register_shows_it() {
    let w = worker();
    let body = report_aware_hours_ago(80);
    let id = body["id"].as_str().unwrap().to_string();
    let reference = submit(w, &body);

    // Received: the case is open, by the system, with the report's hash.
    let detail = w.get_as(DEMO_LEADER, &case_path("demo", &reference));
    assert_eq!(detail.status, 200, "{}", detail.body);
    let detail = detail.json();
    assert_eq!(detail["role"], "leader");
    assert_eq!(detail["events"][0]["kind"], "opened");
    assert_eq!(detail["events"][0]["actor"], "system");
    assert_eq!(detail["chain"]["verified"], true, "{}", detail["chain"]);
    assert_eq!(detail["deadline_state"]["state"], "overdue");
    assert!(
        detail["case"]["report"]["reporter"]["email"].is_null(),
        "a leader does not see the reporter's contact"
    );
    let as_dpo = w.get_as(DEMO_DPO, &case_path("demo", &reference)).json();
    assert!(as_dpo["case"]["report"]["reporter"]["email"].is_string());
    // The reporter's contact is hashed with the case's own salt (no one can
    // confirm who reported by hashing names), and the hash is the DPO's only.
    let submitted: brud_shared::Report = serde_json::from_value(body.clone()).unwrap();
    let contact_hash = as_dpo["events"][0]["contact_sha256"].as_str().unwrap();
    assert_eq!(contact_hash.len(), 64);
    assert_ne!(contact_hash, brud_case::contact_hash(&submitted, None));
    assert_eq!(detail["events"][0]["contact_sha256"], "");
    assert_eq!(as_dpo["chain"]["report_matches"], true);

    // The leader's checklist.
    let step = recorded(record(
        w,
        DEMO_LEADER,
        &reference,
        1,
        json!({"kind": "step_done", "step": "stop_incident", "note": "TD-4711"}),
    ));
    assert_eq!(step["event"]["sequence"], 2);
    assert_eq!(step["event"]["actor"], DEMO_LEADER);
    assert_eq!(step["event"]["hash"].as_str().unwrap().len(), 64);
    recorded(record(
        w,
        DEMO_LEADER,
        &reference,
        2,
        json!({"kind": "contained", "note": "Beskeden er slettet."}),
    ));
    recorded(record(
        w,
        DEMO_LEADER,
        &reference,
        3,
        json!({"kind": "handler_agreed", "handler": "Skolelederen"}),
    ));

    // The DPO's decisions are the DPO's.
    let opinion = json!({"kind": "dpo_opinion", "text": "Anmeldes; for sent, med begrundelse."});
    problem(&record(w, DEMO_LEADER, &reference, 4, opinion.clone()), 403);
    recorded(record(w, DEMO_DPO, &reference, 4, opinion));

    // Closing before Datatilsynet is dealt with is refused, and says why.
    let early = problem(
        &record(
            w,
            DEMO_LEADER,
            &reference,
            5,
            json!({"kind": "closed", "lessons": "x"}),
        ),
        409,
    );
    let fields: Vec<&Value> = early["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["field"])
        .collect();
    // A child's PPR referral to another family is a high risk: the people
    // affected are to be told as well.
    assert_eq!(fields, [&json!("authority"), &json!("subjects")], "{early}");

    // Notified late: the reason is required.
    let notified_at =
        (Utc::now() - chrono::Duration::minutes(5)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let without_reason = json!({
        "kind": "authority_notified", "notified_at": notified_at,
        "authority_reference": "2026-431-0042", "complete": false
    });
    let refused = problem(
        &record(w, DEMO_DPO, &reference, 5, without_reason.clone()),
        422,
    );
    assert_eq!(refused["errors"][0]["field"], "late_reason", "{refused}");
    let mut with_reason = without_reason;
    with_reason["late_reason"] = "Opdaget efter en weekend; DPO'en var syg.".into();
    let notified = recorded(record(w, DEMO_DPO, &reference, 5, with_reason.clone()));
    assert_eq!(notified["deadline_state"]["state"], "met_late");
    // The texts are made from the report as the case decided it: with the
    // notification's reasons for the delay.
    let detail = w.get_as(DEMO_DPO, &case_path("demo", &reference)).json();
    assert_eq!(
        detail["report_as_decided"]["late_reason"], with_reason["late_reason"],
        "{detail}"
    );
    // The school's endpoint hears of it, signed, without the content.
    let updated = notice(w, &id, 6);
    assert_eq!(updated["type"], "brud.case.updated");
    assert_eq!(updated["data"]["event"], "authority_notified");
    assert_eq!(updated["data"]["deadline_state"]["state"], "met_late");
    assert!(!updated.to_string().contains("MARKER"), "{updated}");

    // Follow-up, the people told, closed.
    recorded(record(
        w,
        DEMO_DPO,
        &reference,
        6,
        json!({"kind": "authority_follow_up", "sent_at": notified_at, "added": "Antal berørte bekræftet.", "completes": true}),
    ));
    recorded(record(
        w,
        DEMO_LEADER,
        &reference,
        7,
        json!({"kind": "subjects_told", "told_at": notified_at, "how": "Brev i Aula", "count": 3}),
    ));
    // Told once: a second entry would overwrite the register's fact.
    let again = problem(
        &record(
            w,
            DEMO_LEADER,
            &reference,
            8,
            json!({"kind": "subjects_told", "told_at": notified_at, "how": "Møde", "count": 5}),
        ),
        409,
    );
    assert!(
        again["type"]
            .as_str()
            .unwrap()
            .ends_with("/event-not-allowed"),
        "{again}"
    );
    let closed = recorded(record(
        w,
        DEMO_LEADER,
        &reference,
        8,
        json!({"kind": "closed", "lessons": "Tjek modtagerlisten før afsendelse."}),
    ));
    assert_eq!(closed["case"]["status"], "closed");
    assert_eq!(closed["case"]["sequence"], 9);

    // The whole log verifies.
    let verdict = w.get_as(
        DEMO_VIEWER,
        &format!("{}/verify", case_path("demo", &reference)),
    );
    assert_eq!(verdict.status, 200, "{}", verdict.body);
    assert_eq!(verdict.json()["verified"], true);
    assert_eq!(verdict.json()["events"], 9);

    // The list finds it by its ticket number, closed, met late.
    let list = w
        .get_as(
            DEMO_VIEWER,
            "/api/desk/orgs/demo/cases?status=closed&q=td-4711",
        )
        .json();
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["cases"][0]["reference"], reference.as_str());
    assert_eq!(list["cases"][0]["deadline_state"]["state"], "met_late");

    // The register for Danish Excel has its row.
    let csv = w.get_as(DEMO_VIEWER, "/api/desk/orgs/demo/register.csv");
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(csv.body.starts_with("\u{feff}Journalnummer;Modtaget;"));
    let row = csv
        .body
        .split("\r\n")
        .find(|line| line.starts_with(&reference))
        .unwrap_or_else(|| panic!("{reference} in {}", csv.body));
    assert!(row.contains(";for sent;"), "{row}");
    assert!(row.contains("2026-431-0042"), "{row}");
    let json_register = w
        .get_as(DEMO_VIEWER, "/api/desk/orgs/demo/register.json")
        .json();
    assert!(json_register
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["Journalnummer"] == reference.as_str() && r["Fristen"] == "for sent"));

    // The control report counts it.
    let control = w.get_as(DEMO_VIEWER, "/api/desk/orgs/demo/control").json()["report"].clone();
    assert!(control["notified_late"].as_u64().unwrap() >= 1, "{control}");
    assert!(control["cases"].as_u64().unwrap() >= 1);
}

#[test]
fn a_shared_dpos_control_report_counts_every_school_together() {
    let w = worker();
    submit(w, &report_aware_hours_ago(1));
    let mut nord = report("demo-nord", &new_id());
    nord["timeline"] = report_aware_hours_ago(1)["timeline"].clone();
    submit(w, &nord);
    let one = |org: &str| {
        w.get_as(DEMO_DPO, &format!("/api/desk/orgs/{org}/control"))
            .json()["report"]
            .clone()
    };
    let (demo, demo_nord) = (one("demo"), one("demo-nord"));
    let all = w.get_as(DEMO_DPO, "/api/desk/control");
    assert_eq!(all.status, 200, "{}", all.body);
    let answer = all.json();
    assert_eq!(answer["approvals"], json!([]));
    let all = answer["report"].clone();
    // Counted after both single reports: at least their sum (other tests
    // may add cases meanwhile).
    assert!(
        all["cases"].as_u64().unwrap()
            >= demo["cases"].as_u64().unwrap() + demo_nord["cases"].as_u64().unwrap(),
        "{all}"
    );
    let names: Vec<&str> = all["processors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Demoskolen: Skolefoto ApS"), "{names:?}");
    assert!(
        names.contains(&"Demoskolen Nord: Aula (Netcompany)"),
        "{names:?}"
    );
    // Someone with a role nowhere gets nothing.
    assert_eq!(
        w.get_as("nobody@example.dk", "/api/desk/control").status,
        403
    );
}

#[test]
fn the_boards_approval_names_the_report_as_it_stands_and_is_listed() {
    let (_turn, w) = own_worker();
    submit(w, &report_aware_hours_ago(1));
    let path = "/api/desk/orgs/demo/control";
    let shown = w.get_as(DEMO_DPO, path).json();
    let hash = shown["report_sha256"].as_str().unwrap().to_string();
    assert_eq!(hash.len(), 64, "{shown}");
    let year = shown["report"]["year"].clone();
    let approve = |who: &str, hash: &str, note: &str| {
        w.post_as(
            who,
            "/api/desk/orgs/demo/control/approvals",
            &json!({"year": year, "report_sha256": hash, "note": note}),
        )
    };
    // A viewer may not; a stale report is refused, named by its field.
    assert_eq!(approve(DEMO_VIEWER, &hash, "Møde 3.12.").status, 403);
    let stale = approve(DEMO_LEADER, "0000", "Møde 3.12.");
    assert_eq!(stale.status, 422, "{}", stale.body);
    assert_eq!(stale.json()["errors"][0]["field"], "report_sha256");
    // The report as shown is approved, and listed with who and when.
    let approved = approve(DEMO_LEADER, &hash, "Bestyrelsesmøde 3.12., pkt. 4");
    assert_eq!(approved.status, 201, "{}", approved.body);
    let listed = w.get_as(DEMO_VIEWER, path).json();
    let approval = &listed["approvals"][0];
    assert_eq!(approval["approved_by"], DEMO_LEADER);
    assert_eq!(approval["report_sha256"], hash.as_str());
    assert_eq!(approval["note"], "Bestyrelsesmøde 3.12., pkt. 4");
    // The report as approved is kept: read back, its SHA-256 is the
    // approval's; a later case changes the report that stands, not it.
    let approved_path = format!("{path}/approvals/{hash}");
    let kept = w.get_as(DEMO_VIEWER, &approved_path);
    assert_eq!(kept.status, 200, "{}", kept.body);
    assert_eq!(brud_shared::webhook::sha256_hex(kept.body.as_bytes()), hash);
    assert_eq!(kept.json(), shown["report"]);
    submit(w, &report_aware_hours_ago(2));
    let now_standing = w.get_as(DEMO_VIEWER, path).json();
    assert_ne!(now_standing["report_sha256"], hash.as_str());
    assert_eq!(w.get_as(DEMO_VIEWER, &approved_path).body, kept.body);
    assert_eq!(
        w.get_as(DEMO_VIEWER, &format!("{path}/approvals/{}", "0".repeat(64)))
            .status,
        404
    );
    // And signed into the school's own log, which verifies.
    let log = w.get_as(DEMO_DPO, "/api/desk/orgs/demo/log").json();
    assert_eq!(log["verified"], true, "{log}");
    let entry = log["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(entry["kind"], "control_approved", "{log}");
    assert_eq!(entry["report_sha256"], hash.as_str());
    assert_eq!(entry["actor"], DEMO_LEADER);
    assert!(entry["signature"]["value"].is_string(), "{entry}");
    // Another site's page cannot record one.
    let cross = w.request(
        "POST",
        "/api/desk/orgs/demo/control/approvals",
        &[
            (brud_e2e::ACCESS_HEADER, &w.access.token(DEMO_DPO)),
            ("content-type", "application/json"),
            ("sec-fetch-site", "cross-site"),
        ],
        Some(
            json!({"year": year, "report_sha256": hash, "note": "x"})
                .to_string()
                .as_bytes(),
        ),
    );
    assert_eq!(cross.status, 403, "{}", cross.body);
}

/// A signed-in person's browser cannot be made to record an entry by
/// another site's page, and the desk's API answers no CORS preflight.
#[test]
fn only_the_desks_own_page_may_record_and_the_desk_api_has_no_cors() {
    let w = worker();
    let reference = submit(w, &report_aware_hours_ago(1));
    let path = format!("{}/events", case_path("demo", &reference));
    let token = w.access.token(DEMO_LEADER);
    let note = |text: &str| {
        json!({"client_event_id": new_id(), "expected_sequence": 1, "kind": "note", "text": text})
            .to_string()
    };
    let post = |headers: &[(&str, &str)], text: &str| {
        let mut all = vec![
            (ACCESS_HEADER, token.as_str()),
            ("content-type", "application/json"),
        ];
        all.extend_from_slice(headers);
        w.request("POST", &path, &all, Some(note(text).as_bytes()))
    };
    // Another site's page (the browser says so, and names its origin).
    let forged = post(
        &[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
        ],
        "Fra en anden side",
    );
    let refused = problem(&forged, 403);
    assert!(
        refused["type"].as_str().unwrap().ends_with("/cross-site"),
        "{refused}"
    );
    // Neither header at all (a script that is not the desk): refused too.
    problem(&post(&[], "Uden oprindelse"), 403);
    // The school's intranet is not the desk either.
    let intranet = post(
        &[
            ("origin", "https://intra.demo.example"),
            ("sec-fetch-site", "same-site"),
        ],
        "x",
    );
    problem(&intranet, 403);
    // Nothing was recorded.
    let detail = w.get_as(DEMO_LEADER, &case_path("demo", &reference)).json();
    assert_eq!(detail["case"]["sequence"], 1, "{detail}");
    // The desk's page itself: the browser says same-origin.
    let own = post(&[("sec-fetch-site", "same-origin")], "Fra skrivebordet");
    assert_eq!(own.status, 201, "{}", own.body);

    // No preflight of the desk's API is answered for the form's intranets.
    let preflight = w.request(
        "OPTIONS",
        &path,
        &[
            ("origin", "https://intra.demo.example"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type"),
        ],
        None,
    );
    assert_eq!(preflight.header("access-control-allow-origin"), None);
    assert_eq!(preflight.header("access-control-allow-methods"), None);
}

/// Public free text that a spreadsheet would run (OWASP "CSV Injection")
/// reaches the downloaded register as text; the JSON keeps it as written.
#[test]
fn a_formula_in_a_report_is_text_in_the_downloaded_register() {
    let w = worker();
    let mut references = Vec::new();
    for start in ["=", "@", "+", "-", "\t", "\u{ff1d}"] {
        let mut body = report_aware_hours_ago(2);
        let description = format!(
            "Mail til forkert forælder, {start}HYPERLINK(\"https://evil.example\";\"klik\") stjal data"
        );
        body["nature"]["description"] = description.clone().into();
        references.push((submit(w, &body), description));
    }
    let csv = w.get_as(DEMO_VIEWER, "/api/desk/orgs/demo/register.csv");
    assert_eq!(csv.status, 200, "{}", csv.body);
    // Streamed page by page (two rows a page here): one header, each case
    // once, in reference order.
    let lines: Vec<&str> = csv.body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("Journalnummer;"))
            .count(),
        1
    );
    let listed: Vec<&str> = lines[1..]
        .iter()
        .map(|line| line.split(';').next().unwrap())
        .collect();
    assert!(listed.len() > 6, "{listed:?}");
    assert!(
        listed.windows(2).all(|pair| pair[0] < pair[1]),
        "{listed:?}"
    );
    let json = w
        .get_as(DEMO_VIEWER, "/api/desk/orgs/demo/register.json")
        .json();
    let references_kept = references.clone();
    for (reference, description) in references {
        let row = csv
            .body
            .split("\r\n")
            .find(|line| line.starts_with(&reference))
            .unwrap_or_else(|| panic!("{reference} in {}", csv.body));
        // After a comma a tab is spacing, not a trigger: what follows it
        // decides (here `HYPERLINK(`, no formula without its `=`).
        let (before, formula) = description.split_once(", ").unwrap();
        let quote = if formula.starts_with('\t') { "" } else { "'" };
        let neutralised = format!(";\"{before}, {quote}{}\";", formula.replace('"', "\"\""));
        assert!(row.contains(&neutralised), "{neutralised} in {row}");
        assert!(!row.contains(&format!(";{description}")), "{row}");
        let entry = json
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["Journalnummer"] == reference.as_str())
            .unwrap();
        assert!(
            entry
                .as_object()
                .unwrap()
                .values()
                .any(|v| v == description.as_str()),
            "{entry}"
        );
    }
    // Read as spreadsheets read it: Danish Excel splits on `;`, English
    // Excel, LibreOffice's default and Google Sheets on `,`. No cell a
    // reader makes starts a formula.
    let starts = [
        '=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
    ];
    for separator in [b';', b','] {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator)
            .has_headers(false)
            .flexible(true)
            .from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                // A cell's own leading tab or CR is neutralised by the
                // file; spacing before a trigger is skipped by spreadsheets.
                let start = cell.trim_start_matches([' ', '\t', '\r']);
                assert!(
                    !start.starts_with(starts),
                    "a live cell {cell:?} splitting on {:?}",
                    separator as char
                );
            }
        }
    }
    // The workbook the desk makes from register.json (the module's own
    // code, on the host), read back with calamine: the descriptions are
    // string cells as written, and no cell is a formula.
    let bytes = brud_register_xlsx::workbook_of(&json.to_string()).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::Reader::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, brud_register_xlsx::SHEET).unwrap();
    let formulas =
        calamine::Reader::worksheet_formula(&mut book, brud_register_xlsx::SHEET).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formulas"
    );
    for (_, description) in &references_kept {
        assert!(
            sheet
                .used_cells()
                .any(|(_, _, cell)| *cell == calamine::Data::String(description.clone())),
            "{description} as a string cell"
        );
    }
}

#[test]
fn two_people_editing_at_once_do_not_overwrite_each_other_and_a_retry_records_once() {
    let w = worker();
    let reference = submit(w, &report_aware_hours_ago(1));
    let path = format!("{}/events", case_path("demo", &reference));
    let first = json!({
        "client_event_id": new_id(), "expected_sequence": 1,
        "kind": "note", "text": "Ringet til forældrene."
    });
    let second = json!({
        "client_event_id": new_id(), "expected_sequence": 1,
        "kind": "handler_agreed", "handler": "Souschefen"
    });
    recorded(w.post_as(DEMO_LEADER, &path, &first));
    let stale = problem(&w.post_as(DEMO_DPO, &path, &second), 409);
    assert!(
        stale["type"].as_str().unwrap().ends_with("stale-sequence"),
        "{stale}"
    );

    // The same POST again (a retry after a lost answer): the event as
    // recorded, not a second one.
    let again = w.post_as(DEMO_LEADER, &path, &first);
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.json()["event"]["sequence"], 2);
    let detail = w.get_as(DEMO_LEADER, &case_path("demo", &reference)).json();
    assert_eq!(detail["events"].as_array().unwrap().len(), 2);
    // The same id for something else is a conflict.
    let mut reused = second.clone();
    reused["client_event_id"] = first["client_event_id"].clone();
    reused["expected_sequence"] = 2.into();
    let conflict = problem(&w.post_as(DEMO_LEADER, &path, &reused), 409);
    assert!(conflict["type"]
        .as_str()
        .unwrap()
        .ends_with("event-id-conflict"));
    // Bad data is 422 with the field; an unknown kind too.
    let empty = json!({"expected_sequence": 2, "kind": "handler_agreed", "handler": " "});
    let invalid = problem(&w.post_as(DEMO_LEADER, &path, &empty), 422);
    assert_eq!(invalid["errors"][0]["field"], "handler");
    problem(
        &w.post_as(
            DEMO_LEADER,
            &path,
            &json!({"expected_sequence": 2, "kind": "opened"}),
        ),
        422,
    );
    // Only the system records reminders.
    problem(
        &w.post_as(
            DEMO_DPO,
            &path,
            &json!({"expected_sequence": 2, "kind": "reminder_sent", "reminder": "overdue"}),
        ),
        403,
    );
    // A viewer records nothing.
    let note = json!({"expected_sequence": 2, "kind": "note", "text": "x"});
    problem(&w.post_as(DEMO_VIEWER, &path, &note), 403);
}

/// Claims for `email` as the stand-in signs them, changed by `change`.
fn claims(issuer: &Issuer, email: &str, change: Value) -> Value {
    let mut claims = issuer.claims(email);
    for (key, value) in change.as_object().unwrap() {
        claims[key] = value.clone();
    }
    claims
}

fn get_with_token(w: &Worker, path: &str, token: &str) -> Reply {
    w.request("GET", path, &[(ACCESS_HEADER, token)], None)
}

#[test]
fn only_a_valid_access_token_signs_in() {
    let w = worker();
    let issuer = &w.access;
    let me = "/api/desk/me";
    let good = w.get_as(DEMO_DPO, me);
    assert_eq!(good.status, 200, "{}", good.body);
    let good = good.json();
    assert_eq!(good["email"], DEMO_DPO);
    assert_eq!(good["orgs"][0]["id"], "demo");
    assert_eq!(good["orgs"][0]["role"], "dpo");

    problem(&w.get(me), 401);
    let now = now_seconds();
    let refused = [
        (
            "expired",
            issuer.sign(&claims(issuer, DEMO_DPO, json!({"exp": now - 120}))),
        ),
        (
            "not yet valid",
            issuer.sign(&claims(issuer, DEMO_DPO, json!({"nbf": now + 600}))),
        ),
        (
            "another audience",
            issuer.sign(&claims(issuer, DEMO_DPO, json!({"aud": ["other-app"]}))),
        ),
        (
            "another issuer",
            issuer.sign(&claims(
                issuer,
                DEMO_DPO,
                json!({"iss": "https://evil.cloudflareaccess.com"}),
            )),
        ),
        (
            "no e-mail (a service token)",
            issuer.sign(&claims(issuer, DEMO_DPO, json!({"email": null}))),
        ),
    ];
    for (what, token) in &refused {
        problem(&get_with_token(w, me, token), 401);
        assert!(!what.is_empty());
    }
    // Signed with a key that is not the team's, under the team key's id.
    let stranger = Key::generate(&issuer.current_key().kid);
    let forged = stranger.sign(
        &json!({"alg": "RS256", "kid": stranger.kid, "typ": "JWT"}),
        &issuer.claims(DEMO_DPO),
    );
    problem(&get_with_token(w, me, &forged), 401);
    // alg none, with and without a signature part.
    let b64 = |v: &Value| {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let none_header = json!({"alg": "none", "kid": issuer.current_key().kid, "typ": "JWT"});
    let claims_part = b64(&issuer.claims(DEMO_DPO));
    for token in [
        format!("{}.{claims_part}.", b64(&none_header)),
        format!("{}.{claims_part}.c2lnbmF0dXJl", b64(&none_header)),
    ] {
        problem(&get_with_token(w, me, &token), 401);
    }
    // HS256 with the public key's modulus as the secret (key confusion).
    let hs = json!({"alg": "HS256", "kid": issuer.current_key().kid, "typ": "JWT"});
    problem(
        &get_with_token(w, me, &format!("{}.{claims_part}.c2lnbmF0dXJl", b64(&hs))),
        401,
    );
    // A key id the team never had.
    let unknown = Key::generate("never-published");
    let token = unknown.sign(
        &json!({"alg": "RS256", "kid": "never-published"}),
        &issuer.claims(DEMO_DPO),
    );
    problem(&get_with_token(w, me, &token), 401);
    // The cookie is not the header.
    let cookie = format!("CF_Authorization={}", issuer.token(DEMO_DPO));
    problem(&w.request("GET", me, &[("cookie", &cookie)], None), 401);
    // Signed in, without a role anywhere: nothing of any school.
    let nobody = w.get_as("someone@elsewhere.example", me).json();
    assert_eq!(nobody["orgs"], json!([]));
    problem(
        &w.get_as("someone@elsewhere.example", "/api/desk/orgs/demo/cases"),
        403,
    );
    problem(
        &w.get_as(DEMO_DPO, "/api/desk/orgs/no-such-school/cases"),
        403,
    );
    assert_eq!(ACCESS_AUD, issuer.audience());
}

#[test]
fn a_rotated_key_is_fetched_when_a_token_names_it() {
    let (_turn, w) = own_worker();
    // Prime the cache, then rotate as Access does.
    assert_eq!(w.get_as(DEMO_LEADER, "/api/desk/me").status, 200);
    let fetches = w.access.key_set_fetches();
    let kid = w.access.rotate();
    let token = w.access.token(DEMO_LEADER);
    assert!(token.len() > 100 && !kid.is_empty());
    // Within the refetch pause an unknown key is refused; after it the key
    // set is fetched again and the token accepted.
    until("the token accepted", Duration::from_secs(20), || {
        let reply = get_with_token(w, "/api/desk/me", &token);
        assert!(matches!(reply.status, 200 | 401), "{}", reply.body);
        (reply.status == 200).then_some(())
    });
    assert!(w.access.key_set_fetches() > fetches, "fetched again");
}

#[test]
fn concurrent_tokens_with_a_new_key_share_one_fetch_of_the_key_set() {
    let (_turn, w) = own_worker();
    assert_eq!(w.get_as(DEMO_LEADER, "/api/desk/me").status, 200);
    // Past the refetch pause, so a token naming a new key may fetch.
    std::thread::sleep(Duration::from_millis(5_500));
    let fetches = w.access.key_set_fetches();
    w.access.rotate();
    let token = w.access.token(DEMO_LEADER);
    let answers: Vec<u16> = std::thread::scope(|scope| {
        let asks: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| get_with_token(w, "/api/desk/me", &token).status))
            .collect();
        asks.into_iter().map(|ask| ask.join().unwrap()).collect()
    });
    assert!(answers.iter().all(|s| *s == 200), "{answers:?}");
    assert_eq!(
        w.access.key_set_fetches(),
        fetches + 1,
        "one fetch for all eight"
    );
}

#[test]
fn a_school_never_sees_another_schools_case() {
    let w = worker();
    let mut zahles = report("zahles", &new_id());
    zahles["org"] = "zahles".into();
    let reference = submit(w, &zahles);
    assert!(reference.starts_with("ZAH-"), "{reference}");
    // Zahles's leader sees it.
    let theirs = w.get_as(ZAHLES_LEADER, &case_path("zahles", &reference));
    assert_eq!(theirs.status, 200, "{}", theirs.body);
    // The demo school's people do not, by either path.
    problem(&w.get_as(DEMO_DPO, &case_path("zahles", &reference)), 403);
    problem(&w.get_as(DEMO_DPO, "/api/desk/orgs/zahles/cases"), 403);
    problem(
        &w.get_as(DEMO_DPO, "/api/desk/orgs/zahles/register.csv"),
        403,
    );
    problem(&w.get_as(DEMO_DPO, &case_path("demo", &reference)), 404);
    let note = json!({"expected_sequence": 1, "kind": "note", "text": "x"});
    problem(
        &w.post_as(
            DEMO_DPO,
            &format!("{}/events", case_path("demo", &reference)),
            &note,
        ),
        404,
    );
    problem(
        &w.post_as(
            DEMO_DPO,
            &format!("{}/events", case_path("zahles", &reference)),
            &note,
        ),
        403,
    );
    let demo_list = w
        .get_as(
            DEMO_DPO,
            &format!("/api/desk/orgs/demo/cases?q={}", reference.to_lowercase()),
        )
        .json();
    assert_eq!(demo_list["total"], 0, "{demo_list}");
    // And Zahles's leader sees nothing of the demo school.
    problem(&w.get_as(ZAHLES_LEADER, "/api/desk/orgs/demo/cases"), 403);
}

#[test]
fn a_shared_dpo_sees_every_school_in_one_register_and_each_leader_only_their_own() {
    let w = worker();
    let demo = submit(w, &report_aware_hours_ago(2));
    let mut body = report_aware_hours_ago(1);
    body["org"] = "demo-nord".into();
    let nord = submit(w, &body);
    assert!(nord.starts_with("DEMN-"), "{nord}");
    let rows = |who: &str, path: &str| -> Vec<(String, String)> {
        let reply = w.get_as(who, path);
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        reply.json()["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["org"].as_str().unwrap().into(),
                    c["reference"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let everything = "/api/desk/cases?per_page=100&sort=newest";
    // The DPO of both schools: both cases in one list, each with its school,
    // the newest first across the schools.
    let shared = rows(DEMO_DPO, everything);
    assert_eq!(
        shared[0],
        ("demo-nord".to_string(), nord.clone()),
        "{shared:?}"
    );
    assert!(
        shared.contains(&("demo".to_string(), demo.clone())),
        "{shared:?}"
    );
    // Each leader: their own school only.
    let leader = rows(DEMO_LEADER, everything);
    assert!(leader.iter().all(|(org, _)| org == "demo"), "{leader:?}");
    assert!(leader.iter().any(|(_, r)| *r == demo));
    let nord_leader = rows(DEMO_NORD_LEADER, everything);
    assert_eq!(
        nord_leader
            .iter()
            .map(|(_, r)| r.clone())
            .collect::<Vec<_>>(),
        vec![nord.clone()]
    );
    problem(
        &w.get_as(DEMO_NORD_LEADER, "/api/desk/orgs/demo/cases"),
        403,
    );
    problem(&w.get_as(DEMO_NORD_LEADER, &case_path("demo", &demo)), 403);
    // Someone with no role anywhere: refused, not an empty list.
    problem(&w.get_as("someone@elsewhere.example", everything), 403);
    // The filters apply across the schools too.
    let q = rows(
        DEMO_DPO,
        &format!("/api/desk/cases?q={}", nord.to_lowercase()),
    );
    assert_eq!(q, vec![("demo-nord".to_string(), nord)]);
    problem(&w.get_as(DEMO_DPO, "/api/desk/cases?status=pending"), 400);
}

#[test]
fn the_list_filters_and_pages() {
    let w = worker();
    let overdue = submit(w, &report_aware_hours_ago(80));
    let fresh = submit(w, &report_aware_hours_ago(1));
    let list = |query: &str| {
        let reply = w.get_as(DEMO_VIEWER, &format!("/api/desk/orgs/demo/cases?{query}"));
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()
    };
    let references = |page: &Value| -> Vec<String> {
        page["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["reference"].as_str().unwrap().to_string())
            .collect()
    };
    let overdue_only = references(&list("overdue=true&per_page=100"));
    assert!(overdue_only.contains(&overdue), "{overdue_only:?}");
    assert!(!overdue_only.contains(&fresh));
    let not_overdue = references(&list("overdue=false&per_page=100"));
    assert!(not_overdue.contains(&fresh) && !not_overdue.contains(&overdue));
    // Sorted by deadline: the overdue one before the fresh one.
    let all = references(&list("status=open&per_page=100"));
    let position = |r: &String| all.iter().position(|x| x == r).unwrap();
    assert!(position(&overdue) < position(&fresh), "{all:?}");
    // Newest first: the later report first, though its deadline is later.
    let newest = references(&list("status=open&sort=newest&per_page=100"));
    let position = |r: &String| newest.iter().position(|x| x == r).unwrap();
    assert!(position(&fresh) < position(&overdue), "{newest:?}");
    // Paging.
    let first = list("per_page=1&page=1");
    let second = list("per_page=1&page=2");
    assert_eq!(first["cases"].as_array().unwrap().len(), 1);
    assert_ne!(references(&first), references(&second));
    assert!(first["total"].as_u64().unwrap() >= 2);
    // A bad filter names itself.
    let bad = problem(
        &w.get_as(DEMO_VIEWER, "/api/desk/orgs/demo/cases?risk=medium"),
        400,
    );
    assert_eq!(bad["errors"][0]["field"], "risk");
    let bad = problem(
        &w.get_as(DEMO_VIEWER, "/api/desk/orgs/demo/cases?sort=oldest"),
        400,
    );
    assert_eq!(bad["errors"][0]["field"], "sort");
}

#[test]
fn the_desk_page_preloads_what_its_first_screen_asks_for_and_is_never_framed() {
    let w = worker();
    let link = |path: &str| {
        let reply = w.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply
                .header("content-security-policy")
                .unwrap()
                .contains("frame-ancestors 'none'"),
            "{path}"
        );
        reply.header("link").unwrap_or_default().to_string()
    };
    let me = "</desk/pkg/brud_desk_bg.wasm>; rel=preload; as=fetch; type=application/wasm; crossorigin, </api/desk/me>; rel=preload; as=fetch; crossorigin";
    assert_eq!(
        link("/desk/"),
        format!(
            "{me}, </api/desk/cases?status=open&page=1&per_page=25>; rel=preload; as=fetch; crossorigin"
        )
    );
    assert_eq!(
        link("/desk/?org=demo&lang=en"),
        format!(
            "{me}, </api/desk/orgs/demo/cases?status=open&page=1&per_page=25>; rel=preload; as=fetch; crossorigin"
        )
    );
    assert_eq!(
        link("/desk/?org=demo&case=DEMO-2026-0001"),
        format!(
            "{me}, </api/desk/orgs/demo/cases/DEMO-2026-0001>; rel=preload; as=fetch; crossorigin"
        )
    );
    // Nothing from the address reaches the header unencoded; an unknown
    // organisation is not asked for at all.
    assert_eq!(
        link("/desk/?org=demo&case=x%3E%2C%20%3C%2Fevil%3E"),
        format!("{me}, </api/desk/orgs/demo/cases/x%3E%2C%20%3C%2Fevil%3E>; rel=preload; as=fetch; crossorigin")
    );
    assert_eq!(link("/desk/?org=no-such-school"), me);
    assert_eq!(link("/desk/?org=demo&view=control"), me);
    // The desk's files are not pages: no preloads.
    assert_eq!(w.get("/desk/desk.css").header("link"), None);
}

/// The `<script type="application/json" id="desk-start">` of a desk page.
fn desk_start(page: &str) -> Option<Value> {
    let marker = "id=\"desk-start\">";
    let begin = page.find(marker)? + marker.len();
    let end = begin + page[begin..].find("</script>")?;
    Some(serde_json::from_str(&page[begin..end]).unwrap())
}

#[test]
fn the_desk_page_comes_with_the_registers_first_page_drawn_for_the_person_signed_in() {
    let w = worker();
    let reference = submit(w, &report_aware_hours_ago(2));
    let list_path = "/api/desk/orgs/demo/cases?status=open&page=1&per_page=25";

    let page = w.get_as(DEMO_LEADER, "/desk/?org=demo");
    assert_eq!(page.status, 200);
    // The person's cases are in it: no cache keeps it, nothing to preload.
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("link"), None);
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .contains("frame-ancestors 'none'"));
    // Drawn: the heading, the row's link to the case; no loading text.
    let html = &page.body;
    assert!(html.contains("Fortegnelse over brud"), "{html}");
    assert!(
        html.contains(&format!("href=\"/desk/?org=demo&amp;case={reference}\"")),
        "{html}"
    );
    assert!(!html.contains("Henter"), "{html}");
    // With the very answers the desk would have asked for.
    let start = desk_start(html).expect("the page's data");
    assert_eq!(start["me"], w.get_as(DEMO_LEADER, "/api/desk/me").json());
    assert_eq!(start["list"], w.get_as(DEMO_LEADER, list_path).json());

    // In English when asked.
    let english = w.get_as(DEMO_LEADER, "/desk/?org=demo&lang=en").body;
    assert!(english.contains("<html lang=\"en\">"), "{english}");
    assert!(english.contains("Breach register"), "{english}");

    // Another school's leader gets the page as it is: the desk then asks,
    // and says they have no access; nothing of the demo school's is in it.
    for (who, path) in [
        (ZAHLES_LEADER, "/desk/?org=demo"),
        (DEMO_LEADER, "/desk/?org=demo&case=DEMO-2026-0001"),
        (DEMO_LEADER, "/desk/?org=demo&view=control"),
    ] {
        let plain = w.get_as(who, path);
        assert_eq!(plain.status, 200, "{who} {path}");
        assert!(plain.body.contains("Henter sagerne"), "{who} {path}");
        assert_eq!(desk_start(&plain.body), None, "{who} {path}");
        assert!(!plain.body.contains(&reference), "{who} {path}");
    }
    // Signed out: the page as it is.
    assert!(w.get("/desk/?org=demo").body.contains("Henter sagerne"));
}

#[test]
fn a_changed_row_breaks_the_chain_where_it_was_changed() {
    let (_turn, w) = own_worker();
    let (id, reference) = case_with_notes(w, 3);
    let verify = format!("{}/verify", case_path("demo", &reference));
    assert_eq!(w.get_as(DEMO_DPO, &verify).json()["verified"], true);
    until_delivered(w, &id);
    w.d1_execute(&format!(
        "UPDATE case_events SET event = replace(event, 'Anden note.', 'Noget andet.')
         WHERE sequence = 3 AND report_id = (SELECT report_id FROM cases WHERE reference = '{reference}')"
    ));
    let verdict = w.get_as(DEMO_DPO, &verify).json();
    assert_eq!(verdict["verified"], false, "{verdict}");
    assert_eq!(verdict["broken_at"]["sequence"], 3, "{verdict}");
    assert_eq!(verdict["broken_at"]["reason"], "hash_mismatch");
    let failure =
        brud_verify::check(&exported_log(w, &reference), brud_e2e::log_public_key()).unwrap_err();
    assert!(
        failure.to_string().contains("broken at event 3"),
        "{failure}"
    );
    // Changing the report outside the log is seen too.
    w.d1_execute(&format!(
        "UPDATE reports SET report = replace(report, 'Aula', 'AULA') WHERE reference = '{reference}'"
    ));
    assert_eq!(w.get_as(DEMO_DPO, &verify).json()["report_matches"], false);
}

#[test]
fn an_assessment_changed_outside_the_log_is_seen() {
    let (_turn, w) = own_worker();
    let body = report_aware_hours_ago(1);
    let id = body["id"].as_str().unwrap().to_string();
    let reference = submit(w, &body);
    let verify = format!("{}/verify", case_path("demo", &reference));
    assert_eq!(w.get_as(DEMO_DPO, &verify).json()["report_matches"], true);
    until_delivered(w, &id);
    // The risk the case started from lowered in the stored assessment.
    w.d1_execute(&format!(
        "UPDATE reports SET assessment = json_set(assessment, '$.risk', 'none')
         WHERE reference = '{reference}'"
    ));
    let verdict = w.get_as(DEMO_DPO, &verify).json();
    assert_eq!(verdict["report_matches"], false, "{verdict}");
    assert_eq!(verdict["verified"], false, "{verdict}");
}

#[test]
fn a_row_edited_outside_the_log_or_a_removed_last_event_fails_verification() {
    let (_turn, w) = own_worker();
    let (id, reference) = case_with_notes(w, 2);
    let path = format!("{}/events", case_path("demo", &reference));
    let verify = format!("{}/verify", case_path("demo", &reference));
    let intact = w.get_as(DEMO_DPO, &verify).json();
    assert_eq!(intact["verified"], true, "{intact}");
    assert_eq!(intact["rows_match"], true, "{intact}");
    until_delivered(w, &id);

    // The register row's risk lowered from outside: the chain still holds,
    // the row does not match it.
    let case = format!("(SELECT report_id FROM cases WHERE reference = '{reference}')");
    w.d1_execute(&format!(
        "UPDATE cases SET risk = 'none', summary = json_set(summary, '$.risk', 'none')
         WHERE report_id = {case}"
    ));
    let edited = w.get_as(DEMO_DPO, &verify).json();
    assert_eq!(edited["verified"], false, "{edited}");
    assert_eq!(edited["rows_match"], false, "{edited}");
    assert!(edited.get("broken_at").is_none(), "{edited}");
    // The case page says so too.
    let detail = w.get_as(DEMO_DPO, &case_path("demo", &reference)).json();
    assert_eq!(detail["chain"]["rows_match"], false, "{detail}");

    // Put right by the next entry (the row is written from the log again),
    // then the last event deleted: what is left still chains, but the row
    // counts one more event than the log has.
    recorded(w.post_as(
        DEMO_LEADER,
        &path,
        &json!({"expected_sequence": 3, "kind": "note", "text": "Tredje note."}),
    ));
    assert_eq!(w.get_as(DEMO_DPO, &verify).json()["verified"], true);
    w.d1_execute(&format!(
        "DELETE FROM case_events WHERE sequence = 4 AND report_id = {case}"
    ));
    let truncated = w.get_as(DEMO_DPO, &verify).json();
    assert_eq!(truncated["verified"], false, "{truncated}");
    assert_eq!(truncated["rows_match"], false, "{truncated}");
    assert_eq!(truncated["events"], 3, "{truncated}");
    // The signed head kept on the case counts the removed event.
    assert_eq!(truncated["broken_at"]["sequence"], 4, "{truncated}");
    assert_eq!(truncated["broken_at"]["reason"], "missing", "{truncated}");
    let export = exported_log(w, &reference);
    let failure = brud_verify::check(&export, brud_e2e::log_public_key()).unwrap_err();
    assert!(
        failure.to_string().contains("broken at event 4"),
        "{failure}"
    );
}

/// A fresh case of the demo school (aware an hour ago) with `notes` notes
/// by a leader ("Første note.", "Anden note.", …): its report id and
/// reference.
fn case_with_notes(w: &Worker, notes: usize) -> (String, String) {
    let body = report_aware_hours_ago(1);
    let id = body["id"].as_str().unwrap().to_string();
    let reference = submit(w, &body);
    let path = format!("{}/events", case_path("demo", &reference));
    for (expected, text) in ["Første note.", "Anden note.", "Tredje note."]
        .into_iter()
        .take(notes)
        .enumerate()
    {
        let body = json!({"expected_sequence": expected + 1, "kind": "note", "text": text});
        recorded(w.post_as(DEMO_LEADER, &path, &body));
    }
    (id, reference)
}

/// The case's log as the DPO exports it (the body of the download).
fn exported_log(w: &Worker, reference: &str) -> String {
    let reply = w.get_as(DEMO_DPO, &format!("{}/log", case_path("demo", reference)));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.header("content-disposition"),
        Some(format!("attachment; filename=\"{reference}-log.json\"").as_str())
    );
    reply.body
}

#[test]
fn an_untouched_export_verifies_offline_with_the_published_key_and_notices_carry_the_head() {
    let w = worker();
    let (id, reference) = case_with_notes(w, 2);
    // The published key is the harness's (made apart, with ed25519-dalek).
    let key = brud_e2e::log_public_key();
    let published = w.get("/.well-known/brud-log-key");
    assert_eq!(published.status, 200, "{}", published.body);
    let published_keys = brud_verify::KeySet::parse(&published.body).unwrap();
    assert_eq!(
        published_keys.ids(),
        [key.id.as_str()],
        "one key, never rotated"
    );
    assert_eq!(published.json()["keys"][0]["kid"], key.id.as_str());

    // Signed by the Worker (WebCrypto), verified here (ed25519-dalek).
    let export = exported_log(w, &reference);
    let verified = brud_verify::check(&export, &key).expect("an untouched export verifies");
    assert_eq!(verified.events, 3);
    assert_eq!(verified.reference, reference);
    let parsed: Value = serde_json::from_str(&export).unwrap();
    assert_eq!(parsed["format"], "brud-case-log/1");
    assert_eq!(parsed["head"]["events"], 3, "{parsed}");
    // The DPO's only: the opening event keeps the reporter's contact hash.
    let leader = w.get_as(
        DEMO_LEADER,
        &format!("{}/log", case_path("demo", &reference)),
    );
    assert_eq!(leader.status, 403, "{}", leader.body);
    let other = w.get_as(
        ZAHLES_LEADER,
        &format!("{}/log", case_path("demo", &reference)),
    );
    assert_eq!(other.status, 403, "{}", other.body);

    // Copies of the head outside D1: the case-opened notice carries the head
    // as of the opening, the report's webhook the case's head when sent;
    // both signed by the published key.
    let notice = notice(w, &id, 1);
    let head: brud_case::chain::SignedHead =
        serde_json::from_value(notice["data"]["log_head"].clone()).expect("a signed head");
    assert_eq!(head.head.events, 1);
    assert_eq!(head.head.case.reference, reference);
    assert!(key.holds(&head.head, &head.signature), "{head:?}");
    until_delivered(w, &id);
    let report_webhook: Value = serde_json::from_slice(&w.sink.deliveries_of(&id)[0].body).unwrap();
    let head: brud_case::chain::SignedHead =
        serde_json::from_value(report_webhook["data"]["log_head"].clone()).expect("a signed head");
    assert!(key.holds(&head.head, &head.signature), "{head:?}");
}

#[test]
fn files_are_kept_on_the_case_by_their_bytes_and_given_only_to_the_schools_staff() {
    let w = worker();
    let reference = submit(w, &report_aware_hours_ago(1));
    let case = case_path("demo", &reference);
    let path = format!("{case}/attachments");
    let upload = |who: &str, name: &str, bytes: &[u8]| {
        let token = w.access.token(who);
        w.request(
            "POST",
            &path,
            &[
                (ACCESS_HEADER, &token),
                ("x-file-name", name),
                ("origin", &w.base),
                ("content-type", "application/octet-stream"),
            ],
            Some(bytes),
        )
    };
    // Datatilsynet's receipt, by the DPO.
    // (ASCII, so the reply reads back as text.)
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    let added = upload(DEMO_DPO, "Datatilsynets%20kvittering%20%C3%A6.pdf", pdf);
    assert_eq!(added.status, 201, "{}", added.body);
    let file = added.json();
    assert_eq!(file["name"], "Datatilsynets kvittering æ.pdf");
    assert_eq!(file["size"], pdf.len());
    assert_eq!(file["type"], "application/pdf");
    assert_eq!(file["sha256"], brud_shared::webhook::sha256_hex(pdf));
    let id = file["id"].as_str().unwrap().to_string();
    // Listed on the case, and signed into its log.
    let detail = w.get_as(DEMO_LEADER, &case).json();
    assert_eq!(
        detail["case"]["attachments"][0]["id"],
        id.as_str(),
        "{detail}"
    );
    let event = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "attachment_added")
        .cloned()
        .expect("the file's event");
    assert_eq!(event["sha256"], file["sha256"]);
    assert_eq!(event["actor"], DEMO_DPO);
    assert_eq!(detail["chain"]["verified"], true, "{}", detail["chain"]);
    // A leader downloads it as it was, never to be shown or cached.
    let got = w.request(
        "GET",
        &format!("{path}/{id}"),
        &[(ACCESS_HEADER, &w.access.token(DEMO_LEADER))],
        None,
    );
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.body.as_bytes(), &pdf[..], "the bytes as they were");
    assert_eq!(got.header("content-type"), Some("application/pdf"));
    assert_eq!(got.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(got.header("cache-control"), Some("no-store"));
    assert!(
        got.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment;")
                && d.contains("filename*=UTF-8''Datatilsynets%20kvittering")),
        "{:?}",
        got.header("content-disposition")
    );
    // A viewer, and another school's leader, neither add nor download.
    for who in [DEMO_VIEWER, ZAHLES_LEADER] {
        assert_eq!(upload(who, "x.pdf", pdf).status, 403, "{who} adds");
        let token = w.access.token(who);
        let reply = w.request(
            "GET",
            &format!("{path}/{id}"),
            &[(ACCESS_HEADER, &token)],
            None,
        );
        assert_eq!(reply.status, 403, "{who} downloads");
    }
    // A program named as a PDF is refused by its bytes; nothing is kept.
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";
    let refused = upload(DEMO_LEADER, "kvittering.pdf", exe);
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.json()["errors"][0]["field"], "file");
    // A file cannot be claimed as an entry.
    let claimed = record(
        w,
        DEMO_DPO,
        &reference,
        detail["case"]["sequence"].as_u64().unwrap(),
        json!({"kind": "attachment_added", "id": "x", "name": "x.pdf", "size": 1,
               "type": "application/pdf", "sha256": "0".repeat(64)}),
    );
    assert_eq!(claimed.status, 422, "{}", claimed.body);
    let detail = w.get_as(DEMO_DPO, &case).json();
    assert_eq!(detail["case"]["attachments"].as_array().unwrap().len(), 1);
}

#[test]
fn a_rotated_log_key_signs_what_comes_next_and_the_old_cases_still_verify() {
    // Key A: a case with a note.
    let before = Worker::start("rotation-before", &[DPO_MAILS_UNCAPPED]);
    let (_, reference) = case_with_notes(&before, 1);
    let key_a = brud_e2e::log_public_key();
    let export = exported_log(&before, &reference);
    assert_eq!(brud_verify::check(&export, &key_a).map(|v| v.events), Ok(2));
    let state = before.state.clone();
    drop(before);

    // Key B signs now, A retired: the same database, as after
    // `scripts/deploy --rotate-log-key`.
    use base64::Engine as _;
    let seed_b = [0x17; 32];
    let x_a = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(
        ed25519_dalek::SigningKey::from_bytes(&brud_stack::LOG_KEY_SEED)
            .verifying_key()
            .to_bytes(),
    );
    let mut options = brud_e2e::Options::new("rotation-after");
    options.state = Some(state);
    options.log_signing_key = Some(brud_e2e::log_signing_key_of(&seed_b));
    options.vars = vec![
        ("LOG_RETIRED_KEYS".into(), x_a.clone()),
        (DPO_MAILS_UNCAPPED.0.into(), DPO_MAILS_UNCAPPED.1.into()),
    ];
    let after = Worker::start_with(options);
    let published = after.get("/.well-known/brud-log-key");
    assert_eq!(published.status, 200, "{}", published.body);
    let keys = brud_verify::KeySet::parse(&published.body).unwrap();
    let key_b_id = brud_case::chain::key_id(
        &ed25519_dalek::SigningKey::from_bytes(&seed_b)
            .verifying_key()
            .to_bytes(),
    );
    assert_eq!(
        keys.ids(),
        [key_b_id.as_str(), key_a.id.as_str()],
        "current first"
    );
    assert_eq!(published.json()["keys"][1]["x"], x_a.as_str());

    // The case signed under A still verifies, on the desk and offline.
    let verify = format!("{}/verify", case_path("demo", &reference));
    let verdict = after.get_as(DEMO_DPO, &verify).json();
    assert_eq!(verdict["verified"], true, "{verdict}");
    // Its next event carries B's id; the log verifies with the set, not
    // with A alone.
    recorded(after.post_as(
        DEMO_LEADER,
        &format!("{}/events", case_path("demo", &reference)),
        &json!({"expected_sequence": 2, "kind": "note", "text": "Efter skiftet."}),
    ));
    let export = exported_log(&after, &reference);
    let parsed: Value = serde_json::from_str(&export).unwrap();
    assert_eq!(parsed["events"][0]["signature"]["key"], key_a.id.as_str());
    assert_eq!(parsed["events"][2]["signature"]["key"], key_b_id.as_str());
    assert_eq!(parsed["head"]["signature"]["key"], key_b_id.as_str());
    assert_eq!(brud_verify::check(&export, &keys).map(|v| v.events), Ok(3));
    assert!(brud_verify::check(&export, &key_a).is_err());
    let verdict = after.get_as(DEMO_DPO, &verify).json();
    assert_eq!(verdict["verified"], true, "{verdict}");
    // A new case is B's from its first event.
    let (_, fresh) = case_with_notes(&after, 0);
    let parsed: Value = serde_json::from_str(&exported_log(&after, &fresh)).unwrap();
    assert_eq!(parsed["events"][0]["signature"]["key"], key_b_id.as_str());
}

#[test]
fn a_history_rolled_back_in_d1_fails_verify_and_the_schools_checkpoint() {
    // A Worker of its own: its database is changed from outside, and its
    // checkpoints come every 2 s instead of daily.
    let w = Worker::start(
        "rollback",
        &[DPO_MAILS_UNCAPPED, ("CHECKPOINT_SECONDS", "2")],
    );
    let (id, reference) = case_with_notes(&w, 1);
    until_delivered(&w, &id);
    let case_row = |w: &Worker| {
        w.d1_query(&format!(
            "SELECT * FROM cases WHERE reference = '{reference}'"
        ))
        .remove(0)
    };
    let before = case_row(&w);
    // The DPO dismisses it: the last event.
    recorded(record(
        &w,
        DEMO_DPO,
        &reference,
        2,
        json!({"kind": "dismissed", "reason": "junk", "note": "Spam"}),
    ));
    let verify = format!("{}/verify", case_path("demo", &reference));
    let verdict = w.get_as(DEMO_DPO, &verify).json();
    assert_eq!(verdict["verified"], true, "{verdict}");
    assert_eq!(verdict["high_water"]["state"], "holds", "{verdict}");

    // The school's endpoint receives the signed checkpoint of its marks.
    w.scheduled();
    let checkpoint = until(
        "a checkpoint counting the dismissal",
        Duration::from_secs(20),
        || {
            w.sink.deliveries().into_iter().rev().find(|d| {
                let body = d.json();
                d.id().starts_with("checkpoint.demo.")
                    && body["data"]["heads"].as_array().is_some_and(|heads| {
                        heads
                            .iter()
                            .any(|h| h["reference"] == reference.as_str() && h["events"] == 3)
                    })
            })
        },
    );
    assert!(checkpoint.signature_ok, "signed as any webhook");
    let kept = String::from_utf8(checkpoint.body.clone()).unwrap();

    // Someone with write access to D1 removes the dismissal and puts the
    // case's row back as it was before it.
    w.d1_execute(&format!(
        "DELETE FROM case_events WHERE sequence = 3 AND report_id = '{id}'"
    ));
    let columns: Vec<String> = before
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Value::Null => "NULL".to_string(),
                Value::String(text) => format!("'{}'", text.replace('\'', "''")),
                other => other.to_string(),
            };
            format!("{name} = {value}")
        })
        .collect();
    w.d1_execute(&format!(
        "UPDATE cases SET {} WHERE report_id = '{id}'",
        columns.join(", ")
    ));
    assert_eq!(case_row(&w), before, "the row is as it was");

    // Verify compares with the mark outside D1: the case and its missing
    // event are named.
    let verdict = w.get_as(DEMO_DPO, &verify).json();
    assert_eq!(verdict["verified"], false, "{verdict}");
    assert_eq!(
        verdict["rows_match"], true,
        "the row alone gives nothing away: {verdict}"
    );
    assert_eq!(verdict["broken_at"]["sequence"], 3, "{verdict}");
    assert_eq!(verdict["broken_at"]["reason"], "missing", "{verdict}");
    assert_eq!(
        verdict["high_water"],
        json!({"state": "rolled_back", "marked": 3, "on_file": 2, "from": 3, "to": 3}),
        "{verdict}"
    );
    // The export verifies alone (the signatures are genuine), and fails
    // against the school's checkpoint, offline.
    let export = exported_log(&w, &reference);
    let keys = brud_verify::KeySet::parse(&w.get("/.well-known/brud-log-key").body).unwrap();
    assert!(brud_verify::check(&export, &keys).is_ok());
    let failure = brud_verify::check_with_checkpoint(&export, &keys, &kept).unwrap_err();
    assert!(
        failure
            .to_string()
            .starts_with(&format!("{reference}: rolled back:"))
            && failure
                .to_string()
                .ends_with("the log holds 2: event 3 is missing"),
        "{failure}"
    );
}

#[test]
fn an_event_edited_with_every_hash_recomputed_is_named_by_its_signature() {
    let (_turn, w) = own_worker();
    let (id, reference) = case_with_notes(w, 3);
    until_delivered(w, &id);
    // Someone with write access to D1 rewrites event 3 and computes its
    // hash and every later one again: the chain alone still holds.
    let case = format!("(SELECT report_id FROM cases WHERE reference = '{reference}')");
    let rows = w.d1_query(&format!(
        "SELECT sequence, event, hash FROM case_events WHERE report_id = {case} ORDER BY sequence"
    ));
    let mut previous = rows[1]["hash"].as_str().unwrap().to_string();
    for row in &rows[2..] {
        let mut event: brud_case::Event =
            serde_json::from_str(row["event"].as_str().unwrap()).unwrap();
        if event.sequence == 3 {
            event.kind = brud_case::EventKind::Note(Note {
                text: "Noget andet.".into(),
            });
        }
        let hash = brud_case::chain::link(&previous, &event);
        let canonical = brud_case::chain::canonical(&event).replace('\'', "''");
        w.d1_execute(&format!(
            "UPDATE case_events SET event = '{canonical}', hash = '{hash}'
             WHERE sequence = {} AND report_id = {case}",
            event.sequence
        ));
        previous = hash;
    }
    let verdict = w
        .get_as(
            DEMO_DPO,
            &format!("{}/verify", case_path("demo", &reference)),
        )
        .json();
    assert_eq!(verdict["verified"], false, "{verdict}");
    assert_eq!(verdict["broken_at"]["sequence"], 3, "{verdict}");
    assert_eq!(verdict["broken_at"]["reason"], "bad_signature", "{verdict}");
    let export = exported_log(w, &reference);
    let failure = brud_verify::check(&export, brud_e2e::log_public_key()).unwrap_err();
    assert!(
        failure.to_string().contains("broken at event 3"),
        "{failure}"
    );
}

/// Waits until report `id` is delivered to the sink: the database is idle
/// then, for a change made from outside (`wrangler d1 execute`).
fn until_delivered(w: &Worker, id: &str) {
    let delivered = w
        .sink
        .wait_for(id, Duration::from_secs(20), |d| !d.is_empty());
    assert!(!delivered.is_empty(), "the report was delivered");
}

/// The case notice with webhook-id `{report id}.{sequence}`, once the sink
/// has it (signed with the school's secret).
fn notice(w: &Worker, id: &str, sequence: u32) -> Value {
    let webhook_id = format!("{id}.{sequence}");
    let got = w
        .sink
        .wait_for(&webhook_id, Duration::from_secs(20), |d| !d.is_empty());
    assert_eq!(got.len(), 1, "one notice {webhook_id}: {got:?}");
    assert!(got[0].signature_ok, "the notice is signed");
    got[0].json()
}

#[test]
fn reminders_go_out_once_each_before_and_after_the_deadline() {
    let (_turn, w) = own_worker();
    // (aware hours ago, the reminder due now, its notice's type)
    let expected = [
        (50, Some("approaching24h"), "brud.deadline.approaching"),
        (69, Some("approaching6h"), "brud.deadline.approaching"),
        (80, Some("overdue"), "brud.deadline.overdue"),
        (12, None, ""),
    ];
    let cases: Vec<(String, String)> = expected
        .iter()
        .map(|(hours, _, _)| {
            let body = report_aware_hours_ago(*hours);
            let id = body["id"].as_str().unwrap().to_string();
            (id, submit(w, &body))
        })
        .collect();

    // Two runs, as the Cron Trigger would make five minutes apart.
    w.scheduled();
    w.scheduled();

    for ((id, reference), (hours, reminder, kind)) in cases.iter().zip(expected) {
        let detail = w.get_as(DEMO_DPO, &case_path("demo", reference)).json();
        let events = detail["events"].as_array().unwrap();
        let Some(reminder) = reminder else {
            assert_eq!(events.len(), 1, "no reminder {hours} h after: {detail}");
            assert!(w.sink.deliveries_of(&format!("{id}.2")).is_empty());
            continue;
        };
        assert_eq!(events.len(), 2, "one reminder, {hours} h after: {detail}");
        assert_eq!(events[1]["kind"], "reminder_sent");
        assert_eq!(events[1]["reminder"], reminder);
        assert_eq!(events[1]["actor"], "system");
        assert_eq!(detail["chain"]["verified"], true);
        let sent = notice(w, id, 2);
        assert_eq!(sent["type"], kind, "{sent}");
        assert_eq!(sent["data"]["reference"], reference.as_str());
        assert_eq!(sent["data"]["reminder"], reminder);
        assert_eq!(sent["data"]["open_obligations"][0], "authority");
        let text = sent.to_string();
        for content in ["MARKER-DESCRIPTION", "MARKER-NAME", "anne@example.dk"] {
            assert!(!text.contains(content), "no report content: {text}");
        }
        // The demo school asks for reminders by mail too: one, to its DPO
        // and leader, linking to the case, with no report content.
        let mails = reminder_mails(w, reference, true);
        assert_eq!(
            mails.len(),
            1,
            "one reminder mail for {reference}: {mails:#?}"
        );
        let mail = &mails[0];
        assert_eq!(mail.to, [DEMO_DPO, DEMO_LEADER]);
        let expected_start = match reminder {
            "overdue" => "Fristen er overskredet:",
            "approaching6h" => "Under 6 timer tilbage:",
            _ => "Påmindelse:",
        };
        assert!(mail.subject.starts_with(expected_start), "{}", mail.subject);
        assert!(
            mail.text
                .contains(&format!("{}/desk/?org=demo&case={reference}", w.base)),
            "{}",
            mail.text
        );
        for content in ["MARKER-DESCRIPTION", "MARKER-NAME", "anne@example.dk"] {
            assert!(!mail.text.contains(content) && !mail.html.contains(content));
        }
    }
    assert!(
        reminder_mails(w, &cases[3].1, false).is_empty(),
        "no reminder mail 12 h after"
    );

    // Notifying Datatilsynet stops the reminders and tells the endpoint.
    let (overdue_id, overdue_reference) = &cases[2];
    let notified_at =
        (Utc::now() - chrono::Duration::minutes(1)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let path = format!("{}/events", case_path("demo", overdue_reference));
    recorded(w.post_as(
        DEMO_DPO,
        &path,
        &json!({
            "expected_sequence": 2, "kind": "authority_notified", "notified_at": notified_at,
            "authority_reference": "2026-431-0077", "complete": true,
            "late_reason": "Opdaget sent."
        }),
    ));
    let updated = notice(w, overdue_id, 3);
    assert_eq!(updated["type"], "brud.case.updated");
    assert_eq!(updated["data"]["event"], "authority_notified");
    assert_eq!(updated["data"]["deadline_state"]["state"], "met_late");

    w.scheduled();
    for (id, reference) in &cases {
        let detail = w.get_as(DEMO_DPO, &case_path("demo", reference)).json();
        let reminders = detail["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "reminder_sent")
            .count();
        assert!(reminders <= 1, "never a second reminder: {detail}");
        let notices = w
            .sink
            .deliveries()
            .into_iter()
            .filter(|d| d.id().starts_with(&format!("{id}.")) && d.id() != format!("{id}.1"))
            .count();
        // (Besides the case's opening notice, `{id}.1`.)
        assert!(notices <= 2, "each notice once: {id}");
        assert!(
            reminder_mails(w, reference, false).len() <= 1,
            "each reminder mail once: {reference}"
        );
    }
}

/// The reminder mails the Worker has sent about `reference` (the breach
/// mails to the mailbox are not reminders); with `wait`, waits up to 10 s
/// for the first (wrangler prints each mail a moment after it is sent).
fn reminder_mails(w: &Worker, reference: &str, wait: bool) -> Vec<brud_e2e::SentMail> {
    let found = || -> Vec<brud_e2e::SentMail> {
        w.mails()
            .into_iter()
            .filter(|mail| {
                mail.subject.contains(reference)
                    && !mail.subject.starts_with("Sikkerhedsbrud")
                    && !mail.subject.starts_with("Ny sag")
            })
            .collect()
    };
    if !wait {
        return found();
    }
    let started = Instant::now();
    until("reminder mails, or 10 s", Duration::from_secs(11), || {
        let mails = found();
        (!mails.is_empty() || started.elapsed() > Duration::from_secs(10)).then_some(mails)
    })
}

/// Settles what stops the case `reference` from closing, as the DPO, and
/// closes it.
fn settle_and_close(w: &Worker, reference: &str) {
    let path = format!("{}/events", case_path("demo", reference));
    let detail = w.get_as(DEMO_DPO, &case_path("demo", reference)).json();
    let mut sequence = detail["case"]["sequence"].as_u64().unwrap();
    let now =
        (Utc::now() - chrono::Duration::minutes(1)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut events =
        vec![json!({"kind": "not_notified", "reasoning": "Beskeden er slettet hos modtageren."})];
    for open in detail["open_obligations"].as_array().unwrap() {
        match open["field"].as_str().unwrap() {
            "subjects" => events.push(
                json!({"kind": "subjects_told", "told_at": now, "how": "Brev i Aula", "count": 1}),
            ),
            "controller" => events.push(json!({"kind": "controller_notified", "notified_at": now})),
            _ => {}
        }
    }
    events.push(json!({"kind": "closed", "lessons": "Tjek modtageren."}));
    for mut event in events {
        event["expected_sequence"] = sequence.into();
        let done = recorded(w.post_as(DEMO_DPO, &path, &event));
        sequence = done["case"]["sequence"].as_u64().unwrap();
    }
}

/// Moves the closing of case `reference` (its last event) `days` back, as
/// a case closed that long ago would have it: the event's time, its hash
/// and signature (made again as the Worker would, with the harness's log
/// key), the signed head kept on the case and the list row's closing time.
fn backdate_closing(w: &Worker, reference: &str, days: i64) -> String {
    use brud_case::chain::{canonical, link, CaseIds, LogHead, SignedHead, StoredEvent};
    use brud_case::Event;
    let rows = w.d1_query(&format!(
        "SELECT e.sequence, e.event, e.hash, c.org, c.report_id FROM case_events e JOIN cases c
         ON c.report_id = e.report_id WHERE c.reference = '{reference}' ORDER BY e.sequence"
    ));
    let (last, before) = rows.split_last().unwrap();
    let mut closing: Event = serde_json::from_str(last["event"].as_str().unwrap()).unwrap();
    assert_eq!(closing.kind.name(), "closed");
    closing.at -= chrono::Duration::days(days);
    let hash = link(before.last().unwrap()["hash"].as_str().unwrap(), &closing);
    let ids = CaseIds {
        org: last["org"].as_str().unwrap().to_string(),
        reference: reference.to_string(),
        case_id: last["report_id"].as_str().unwrap().to_string(),
    };
    let head = LogHead::at(
        &ids,
        &StoredEvent {
            event: closing.clone(),
            hash: hash.clone(),
            signature: None,
        },
    );
    let signature = brud_e2e::sign_log_head(&head);
    let signed = serde_json::to_string(&SignedHead {
        head,
        signature: signature.clone(),
    })
    .unwrap();
    let sql_text = |s: &str| s.replace('\'', "''");
    w.d1_execute(&format!(
        "UPDATE case_events SET event = '{}', hash = '{hash}', signature = '{}'
         WHERE sequence = {} AND report_id = (SELECT report_id FROM cases WHERE reference = '{reference}');
         UPDATE cases SET closed_at = {}, log_head = '{}' WHERE reference = '{reference}'",
        sql_text(&canonical(&closing)),
        signature.to_column(),
        closing.sequence,
        closing.at.timestamp_millis(),
        sql_text(&signed),
    ));
    hash
}

#[test]
fn retention_erases_the_contact_then_deletes_the_case_and_the_chain_still_verifies() {
    let (_turn, w) = own_worker();
    let mut ids = Vec::new();
    let mut references = Vec::new();
    let mut objects = Vec::new();
    for _ in 0..2 {
        let body = report_aware_hours_ago(1);
        let id = body["id"].as_str().unwrap().to_string();
        let reference = submit(w, &body);
        // A file on each case, in the evidence bucket.
        let token = w.access.token(DEMO_DPO);
        let added = w.request(
            "POST",
            &format!("{}/attachments", case_path("demo", &reference)),
            &[
                (ACCESS_HEADER, &token),
                ("x-file-name", "kvittering.pdf"),
                ("origin", &w.base),
            ],
            Some(b"%PDF-1.4\n%%EOF\n"),
        );
        assert_eq!(added.status, 201, "{}", added.body);
        let file_id = added.json()["id"].as_str().unwrap().to_string();
        objects.push(brud_case::evidence::object_key("demo", &id, &file_id));
        settle_and_close(w, &reference);
        ids.push(id);
        references.push(reference);
    }
    for key in &objects {
        assert!(w.evidence_object_exists(key), "{key} is in the bucket");
    }
    // The database must be idle for changes from outside: the reports
    // delivered and the case notices sent.
    for id in &ids {
        let delivered = w
            .sink
            .wait_for(id, Duration::from_secs(20), |d| !d.is_empty());
        assert!(!delivered.is_empty());
    }
    let (kept, deleted) = (&references[0], &references[1]);

    // Closed 100 days ago (the demo school keeps the contact 90 days).
    backdate_closing(w, kept, 100);
    // Closed six years ago (the register entry is kept five).
    let last_hash = backdate_closing(w, deleted, 6 * 366);
    w.scheduled();
    w.scheduled();

    let detail = w.get_as(DEMO_DPO, &case_path("demo", kept));
    assert_eq!(detail.status, 200, "{}", detail.body);
    let detail = detail.json();
    let events = detail["events"].as_array().unwrap();
    let erasures: Vec<&Value> = events
        .iter()
        .filter(|e| e["kind"] == "contact_erased")
        .collect();
    assert_eq!(erasures.len(), 1, "erased once: {detail}");
    assert_eq!(erasures[0]["actor"], "system");
    let reporter = &detail["case"]["report"]["reporter"];
    assert!(
        reporter["email"].is_null() && reporter["name"].is_null(),
        "{reporter}"
    );
    assert_eq!(reporter["role"], "employee", "the role stays");
    assert_eq!(detail["chain"]["verified"], true, "{}", detail["chain"]);
    assert_eq!(detail["chain"]["report_matches"], true);
    let stored = w.d1_query(&format!(
        "SELECT report, payload, contact_salt FROM reports WHERE reference = '{kept}'"
    ));
    let stored_report = stored[0]["report"].as_str().unwrap();
    assert!(
        !stored_report.contains("anne@example.dk"),
        "{stored_report}"
    );
    assert!(!stored_report.contains("MARKER-NAME"), "{stored_report}");
    assert!(
        stored_report.contains("MARKER-DESCRIPTION"),
        "the rest is kept"
    );
    assert!(stored[0]["payload"].is_null(), "the delivery body went too");
    assert!(
        stored[0]["contact_salt"].is_null(),
        "the contact hash's salt went with the contact"
    );

    // The other is gone, but for its tombstone.
    let gone = w.get_as(DEMO_DPO, &case_path("demo", deleted));
    problem(&gone, 404);
    let tombstone = w.d1_query(&format!(
        "SELECT events, last_hash FROM deleted_cases WHERE reference = '{deleted}'"
    ));
    assert_eq!(tombstone.len(), 1, "{tombstone:?}");
    assert_eq!(tombstone[0]["last_hash"], last_hash.as_str());
    assert!(tombstone[0]["events"].as_u64().unwrap() >= 3);
    let left = w.d1_query(&format!(
        "SELECT (SELECT COUNT(*) FROM reports WHERE reference = '{deleted}') AS reports,
                (SELECT COUNT(*) FROM case_events WHERE report_id = '{}') AS events,
                (SELECT COUNT(*) FROM case_notices WHERE report_id = '{}') AS notices",
        ids[1], ids[1]
    ));
    assert_eq!(left[0]["reports"], 0, "{left:?}");
    assert_eq!(left[0]["events"], 0, "{left:?}");
    assert_eq!(left[0]["notices"], 0, "{left:?}");
    // Its file went with it; the kept case's stays.
    assert!(
        !w.evidence_object_exists(&objects[1]),
        "the deleted case's file is gone from the bucket"
    );
    assert!(
        w.evidence_object_exists(&objects[0]),
        "the kept case's file stays"
    );
    let listed = w
        .get_as(
            DEMO_DPO,
            &format!("/api/desk/orgs/demo/cases?q={}", deleted.to_lowercase()),
        )
        .json();
    assert_eq!(listed["total"], 0, "{listed}");
}

#[test]
fn a_school_removed_from_the_configuration_still_has_its_cases_aged_out() {
    let (_turn, w) = own_worker();
    let body = report_aware_hours_ago(1);
    let id = body["id"].as_str().unwrap().to_string();
    let reference = submit(w, &body);
    settle_and_close(w, &reference);
    until_delivered(w, &id);
    // Closed six years ago, by a school no longer in the configuration.
    let last_hash = backdate_closing(w, &reference, 6 * 366);
    w.d1_execute(&format!(
        "UPDATE cases SET org = 'nedlagt-skole' WHERE reference = '{reference}';
         UPDATE reports SET org = 'nedlagt-skole' WHERE reference = '{reference}'"
    ));
    w.scheduled();
    w.scheduled();
    // Deleted by the default policy (five years), but for its tombstone.
    let tombstone = w.d1_query(&format!(
        "SELECT org, last_hash FROM deleted_cases WHERE reference = '{reference}'"
    ));
    assert_eq!(tombstone.len(), 1, "{tombstone:?}");
    assert_eq!(tombstone[0]["org"], "nedlagt-skole");
    assert_eq!(tombstone[0]["last_hash"], last_hash.as_str());
    let left = w.d1_query(&format!(
        "SELECT (SELECT COUNT(*) FROM reports WHERE id = '{id}') AS reports,
                (SELECT COUNT(*) FROM case_events WHERE report_id = '{id}') AS events"
    ));
    assert_eq!(left[0]["reports"], 0, "{left:?}");
    assert_eq!(left[0]["events"], 0, "{left:?}");
}

/// The fields of what still stops a case from closing, as the detail says.
fn open_fields(detail: &Value) -> Vec<String> {
    detail["open_obligations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["field"].as_str().map(str::to_string))
        .collect()
}

/// The row of `reference` in the register as JSON.
fn register_row(w: &Worker, reference: &str) -> Value {
    let rows = w
        .get_as(DEMO_VIEWER, "/api/desk/orgs/demo/register.json")
        .json();
    rows.as_array()
        .unwrap()
        .iter()
        .find(|row| row["Journalnummer"] == reference)
        .cloned()
        .unwrap_or_else(|| panic!("{reference} in the register"))
}

#[test]
fn a_report_that_is_no_breach_is_dismissed_and_leaves_the_boards_figures() {
    // A Worker of its own: the control report's figures are compared
    // before and after, with no other test's cases arriving meanwhile.
    let (_turn, w) = own_worker();
    let junk = submit(w, &report_aware_hours_ago(80));
    let kept = submit(w, &report_aware_hours_ago(2));
    let control = || w.get_as(DEMO_VIEWER, "/api/desk/orgs/demo/control").json()["report"].clone();
    let before = control();
    let dismiss = |reason: &str, duplicate_of: Option<&str>, note: &str| json!({"kind": "dismissed", "reason": reason, "duplicate_of": duplicate_of, "note": note});

    // The DPO's decision: a leader is refused.
    let leader = record(w, DEMO_LEADER, &junk, 1, dismiss("junk", None, "Spam"));
    assert_eq!(problem(&leader, 403)["status"], 403);
    // Its own data: a note; a duplicate names another case of the school.
    let no_note = problem(
        &record(w, DEMO_DPO, &junk, 1, dismiss("junk", None, " ")),
        422,
    );
    assert_eq!(no_note["errors"][0]["field"], "note");
    for other in ["DEMO-2026-9999", junk.as_str(), "ikke et nummer"] {
        let unknown = problem(
            &record(
                w,
                DEMO_DPO,
                &junk,
                1,
                dismiss("duplicate", Some(other), "Samme"),
            ),
            422,
        );
        assert_eq!(
            unknown["errors"][0]["field"], "duplicate_of",
            "{other}: {unknown}"
        );
    }
    // Dismissed as a duplicate of the other report: closed owing nothing.
    let done = recorded(record(
        w,
        DEMO_DPO,
        &junk,
        1,
        dismiss(
            "duplicate",
            Some(&kept),
            "Samme hændelse indberettet to gange",
        ),
    ));
    assert_eq!(done["case"]["status"], "dismissed", "{done}");
    assert_eq!(done["deadline_state"]["state"], "not_required");
    let detail = w.get_as(DEMO_DPO, &case_path("demo", &junk)).json();
    assert_eq!(detail["case"]["dismissed"]["duplicate_of"], kept.as_str());
    assert_eq!(detail["open_obligations"], json!([]));
    assert_eq!(detail["chain"]["verified"], true, "{}", detail["chain"]);
    // Listed as dismissed, not among the open cases.
    let listed = |status: &str| -> Vec<String> {
        w.get_as(
            DEMO_VIEWER,
            &format!("/api/desk/orgs/demo/cases?status={status}&per_page=100"),
        )
        .json()["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["reference"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(listed("dismissed").contains(&junk));
    assert!(!listed("open").contains(&junk));
    // The register says so and why.
    let row = register_row(w, &junk);
    assert_eq!(row["Status"], "afvist");
    assert_eq!(
        row["Afvist"],
        format!("Dublet af en anden sag ({kept}): Samme hændelse indberettet to gange")
    );
    // The board's figures: one case fewer than it was, one dismissed more.
    let after = control();
    let figure = |report: &Value, name: &str| report[name].as_u64().unwrap();
    assert_eq!(
        figure(&after, "cases"),
        figure(&before, "cases") - 1,
        "{after}"
    );
    assert_eq!(
        figure(&after, "dismissed"),
        figure(&before, "dismissed") + 1
    );
    assert_eq!(figure(&after, "overdue"), figure(&before, "overdue") - 1);
    // Its assessment said notify: the board sees the dismissal named as a
    // contradiction, with the DPO's note beside it.
    let named = after["contradictions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reference"] == junk.as_str())
        .cloned()
        .unwrap_or_else(|| panic!("{after}"));
    assert_eq!(named["kind"], "dismissed_despite_duty");
    assert_eq!(named["reasoning"], "Samme hændelse indberettet to gange");
    // Closed: nothing but reopening, which brings back what it owes.
    let again = record(w, DEMO_DPO, &junk, 2, dismiss("junk", None, "x"));
    assert_eq!(problem(&again, 409)["errors"][0]["field"], "kind");
    let correction = json!({"kind": "facts_corrected", "reason": "x",
                            "corrected": {"subject_count": {"precision": "exact", "value": 2}}});
    let closed_correction = record(w, DEMO_LEADER, &junk, 2, correction);
    assert_eq!(
        problem(&closed_correction, 409)["errors"][0]["field"],
        "kind"
    );
    let reopened = recorded(record(
        w,
        DEMO_DPO,
        &junk,
        2,
        json!({"kind": "reopened", "reason": "Det var et selvstændigt brud"}),
    ));
    assert_eq!(reopened["case"]["status"], "open");
    assert_eq!(reopened["deadline_state"]["state"], "overdue");

    // A breach Datatilsynet has heard of is closed, not dismissed.
    let notified_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    recorded(record(
        w,
        DEMO_LEADER,
        &kept,
        1,
        json!({"kind": "authority_notified", "notified_at": notified_at,
               "authority_reference": "2026-431-0100", "complete": true}),
    ));
    let refused = record(w, DEMO_DPO, &kept, 2, dismiss("not_a_breach", None, "x"));
    assert_eq!(problem(&refused, 409)["errors"][0]["field"], "kind");
}

#[test]
fn a_corrected_count_reaches_the_register_and_the_log_keeps_the_first_account() {
    let w = worker();
    let reference = submit(w, &report_aware_hours_ago(3));
    let first = w.get_as(DEMO_DPO, &case_path("demo", &reference)).json();
    // The steps that apply, the notification's done by its own entry:
    // ticking it apart is refused.
    let notify = first["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|step| step["id"] == "notify_datatilsynet")
        .cloned()
        .unwrap_or_else(|| panic!("{}", first["steps"]));
    assert_eq!(notify["settled_by"], "authority_notified");
    assert_eq!(notify["done"], false);
    let ticked = record(
        w,
        DEMO_LEADER,
        &reference,
        1,
        json!({"kind": "step_done", "step": "notify_datatilsynet"}),
    );
    assert_eq!(problem(&ticked, 409)["errors"][0]["field"], "step");
    // What the reader may record is sent with the case.
    let available = first["available"].as_array().unwrap();
    assert!(
        available.contains(&json!("facts_corrected")) && available.contains(&json!("dismissed"))
    );
    let correct = |corrected: Value| json!({"kind": "facts_corrected", "corrected": corrected, "reason": "Klasselisten er talt"});
    // Nothing corrected, or a count that cannot be: named by the field.
    let empty = problem(
        &record(w, DEMO_LEADER, &reference, 1, correct(json!({}))),
        422,
    );
    assert_eq!(empty["errors"][0]["field"], "corrected", "{empty}");
    let negative = problem(
        &record(
            w,
            DEMO_LEADER,
            &reference,
            1,
            correct(json!({"subject_count": {"precision": "exact", "value": -4}})),
        ),
        422,
    );
    assert_eq!(
        negative["errors"][0]["field"], "subject_count",
        "{negative}"
    );
    // A viewer corrects nothing.
    let viewer = record(
        w,
        DEMO_VIEWER,
        &reference,
        1,
        correct(json!({"subject_count": {"precision": "exact", "value": 40}})),
    );
    assert_eq!(viewer.status, 403);
    // The DPO corrects the count and the kinds of data (no health data
    // after all: a lower risk, so the DPO's to record).
    let done = recorded(record(
        w,
        DEMO_DPO,
        &reference,
        1,
        correct(json!({"subject_count": {"precision": "exact", "value": 40},
                       "categories": ["identity", "contact"],
                       "exfiltration": "possible"})),
    ));
    assert_eq!(done["event"]["kind"], "facts_corrected");
    let detail = w.get_as(DEMO_DPO, &case_path("demo", &reference)).json();
    assert_eq!(
        detail["case"]["report"]["circumstances"]["exfiltration"],
        "possible"
    );
    assert_eq!(
        detail["case"]["report"]["data"]["subject_count"]["value"],
        40
    );
    assert_eq!(
        detail["report_as_decided"]["data"]["subject_count"]["value"],
        40
    );
    // The log still opens with the report as received, and verifies with
    // the rows it made.
    assert_eq!(detail["events"][0], first["events"][0]);
    assert_eq!(detail["chain"]["verified"], true, "{}", detail["chain"]);
    assert_eq!(detail["chain"]["rows_match"], true);
    let row = register_row(w, &reference);
    assert_eq!(row["Antal personer"], "40", "{row}");
    assert_eq!(
        row["Oplysninger"],
        "Navn, adresse eller fødselsdato og Kontaktoplysninger (e-mail, telefon)"
    );
}

#[test]
fn the_dpo_hears_of_a_new_case_at_once_by_webhook_and_mail_without_its_content() {
    let w = worker();
    let body = report_aware_hours_ago(2);
    let id = body["id"].as_str().unwrap().to_string();
    let reference = submit(w, &body);
    // The school's endpoint: `brud.case.opened` for the opening event.
    let opened = notice(w, &id, 1);
    assert_eq!(opened["type"], "brud.case.opened", "{opened}");
    assert_eq!(opened["data"]["reference"], reference.as_str());
    assert_eq!(opened["data"]["event"], "opened");
    assert_eq!(opened["data"]["deadline_state"]["state"], "open");
    // The demo school mails its notices: the DPO alone, linking to the case.
    let mail = until(
        &format!("the opened-case mail for {reference}"),
        Duration::from_secs(15),
        || {
            w.mails().into_iter().find(|mail| {
                mail.subject.starts_with("Ny sag") && mail.subject.contains(&reference)
            })
        },
    );
    assert_eq!(mail.to, [DEMO_DPO]);
    assert!(mail.subject.contains("anmeld senest"), "{}", mail.subject);
    assert!(
        mail.text
            .contains(&format!("{}/desk/?org=demo&case={reference}", w.base)),
        "{}",
        mail.text
    );
    for content in [opened.to_string(), mail.text.clone()] {
        for marker in ["MARKER-DESCRIPTION", "MARKER-NAME", "anne@example.dk"] {
            assert!(!content.contains(marker), "no report content: {content}");
        }
    }
}

#[test]
fn a_school_that_involves_its_dpo_always_cannot_close_without_the_dpos_entry() {
    // A Worker of its own: the shared DPO's register test counts
    // Demoskolen Nord's cases on the other.
    let (_turn, w) = own_worker();
    let mut body = report("demo-nord", &new_id());
    let now = Utc::now();
    let at = |h: i64| (now - chrono::Duration::hours(h)).to_rfc3339_opts(SecondsFormat::Secs, true);
    body["timeline"]["occurred"]["at"] = at(3).into();
    body["timeline"]["aware_at"] = at(2).into();
    let reference = submit(w, &body);
    let path = format!("/api/desk/orgs/demo-nord/cases/{reference}");
    let post = |who: &str, expected: u64, event: Value| {
        let mut event = event;
        event["expected_sequence"] = expected.into();
        w.post_as(who, &format!("{path}/events"), &event)
    };
    let notified_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut sequence = 1;
    for event in [
        json!({"kind": "authority_notified", "notified_at": notified_at,
               "authority_reference": "2026-431-0200", "complete": true}),
        json!({"kind": "subjects_told", "told_at": notified_at, "how": "Aula", "count": 2}),
    ] {
        let reply = post(DEMO_NORD_LEADER, sequence, event);
        assert_eq!(reply.status, 201, "{}", reply.body);
        sequence += 1;
    }
    let detail = w.get_as(DEMO_NORD_LEADER, &path).json();
    let open = open_fields(&detail);
    // Whatever the risk decided besides, the DPO's entry is owed.
    assert!(open.contains(&"dpo".to_string()), "{open:?}");
    let closing = json!({"kind": "closed", "lessons": "Tjek modtageren"});
    let refused = post(DEMO_NORD_LEADER, sequence, closing.clone());
    let refused = problem(&refused, 409);
    assert!(
        refused["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["field"] == "dpo"),
        "{refused}"
    );
    let opinion = post(
        DEMO_DPO,
        sequence,
        json!({"kind": "dpo_opinion", "text": "Håndteret efter proceduren."}),
    );
    assert_eq!(opinion.status, 201, "{}", opinion.body);
    let detail = w.get_as(DEMO_NORD_LEADER, &path).json();
    let open = open_fields(&detail);
    assert!(!open.contains(&"dpo".to_string()), "{open:?}");
}

#[test]
fn a_preliminary_notification_is_completed_or_waived_by_the_dpo_before_closing() {
    let w = worker();
    let reference = submit(w, &report_aware_hours_ago(5));
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    recorded(record(
        w,
        DEMO_LEADER,
        &reference,
        1,
        json!({"kind": "authority_notified", "notified_at": now,
               "authority_reference": "2026-431-0400", "complete": false}),
    ));
    let waive = |reasoning: &str| json!({"kind": "follow_up_not_needed", "reasoning": reasoning});
    // The DPO's to decide; with a reason.
    assert_eq!(
        record(w, DEMO_LEADER, &reference, 2, waive("x")).status,
        403
    );
    let empty = problem(&record(w, DEMO_DPO, &reference, 2, waive(" ")), 422);
    assert_eq!(empty["errors"][0]["field"], "reasoning");
    // Closing waits for it.
    let owed = w.get_as(DEMO_DPO, &case_path("demo", &reference)).json();
    assert!(
        open_fields(&owed).contains(&"authority_follow_up".to_string()),
        "{}",
        owed["open_obligations"]
    );
    let waived = recorded(record(
        w,
        DEMO_DPO,
        &reference,
        2,
        waive("Den foreløbige anmeldelse sagde alt, der er at vide."),
    ));
    assert_eq!(waived["event"]["kind"], "follow_up_not_needed");
    // Once is enough.
    let again = record(w, DEMO_DPO, &reference, 3, waive("igen"));
    assert_eq!(problem(&again, 409)["errors"][0]["field"], "kind");
    let after = w.get_as(DEMO_DPO, &case_path("demo", &reference)).json();
    assert!(!open_fields(&after).contains(&"authority_follow_up".to_string()));
    let row = register_row(w, &reference);
    assert_eq!(
        row["Anmeldelsens omfang"],
        "foreløbig; ingen supplerende anmeldelse nødvendig: Den foreløbige anmeldelse sagde alt, der er at vide."
    );
}

#[test]
fn information_promised_to_datatilsynet_is_reminded_once_by_the_scheduled_run() {
    let w = worker();
    let body = report_aware_hours_ago(4);
    let id = body["id"].as_str().unwrap().to_string();
    let reference = submit(w, &body);
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    // Promised by today (Copenhagen): its reminder was due yesterday at 09.00.
    let today = (Utc::now() + chrono::Duration::hours(1))
        .date_naive()
        .to_string();
    recorded(record(
        w,
        DEMO_LEADER,
        &reference,
        1,
        json!({"kind": "authority_notified", "notified_at": now,
               "authority_reference": "2026-431-0600", "complete": false}),
    ));
    recorded(record(
        w,
        DEMO_LEADER,
        &reference,
        2,
        json!({"kind": "authority_follow_up", "sent_at": now, "added": "Foreløbigt antal",
               "more_promised_by": today}),
    ));
    w.scheduled();
    w.scheduled();
    let detail = w.get_as(DEMO_DPO, &case_path("demo", &reference)).json();
    let reminders: Vec<&Value> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "follow_up_reminder_sent")
        .collect();
    assert_eq!(reminders.len(), 1, "once: {}", detail["events"]);
    assert_eq!(reminders[0]["promised_by"], today.as_str());
    assert_eq!(reminders[0]["actor"], "system");
    let sequence = reminders[0]["sequence"].as_u64().unwrap() as u32;
    let sent = notice(w, &id, sequence);
    assert_eq!(sent["type"], "brud.follow_up.due", "{sent}");
    assert_eq!(sent["data"]["promised_by"], today.as_str());
    let mails = reminder_mails(w, &reference, true);
    assert_eq!(mails.len(), 1, "{mails:#?}");
    assert!(
        mails[0]
            .subject
            .contains("har lovet Datatilsynet flere oplysninger"),
        "{}",
        mails[0].subject
    );
    assert_eq!(mails[0].to, [DEMO_DPO, DEMO_LEADER]);
}

#[test]
fn every_page_of_the_register_read_in_turn_is_the_whole_list_in_order() {
    // A Worker no other test writes to while this one has its turn, so
    // the list stays the same from the first page to the last.
    let (_turn, w) = own_worker();
    // Eight at least: a page of two in the second half then holds two
    // cases, read from the end and turned back.
    for hours in [1, 30, 80, 5, 50, 12, 100, 2] {
        submit(w, &report_aware_hours_ago(hours));
    }
    let references = |query: &str| -> (u64, Vec<String>) {
        let reply = w.get_as(DEMO_VIEWER, &format!("/api/desk/orgs/demo/cases?{query}"));
        assert_eq!(reply.status, 200, "{}", reply.body);
        let page = reply.json();
        let cases = page["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["reference"].as_str().unwrap().to_string())
            .collect();
        (page["total"].as_u64().unwrap(), cases)
    };
    for sort in ["deadline", "newest"] {
        let (total, whole) = references(&format!("sort={sort}&per_page=100"));
        assert!(
            total >= 8 && whole.len() as u64 == total,
            "{total} {whole:?}"
        );
        // Two a page: the pages in the second half are read from the
        // list's end, and must still follow on from the first half.
        let mut walked = Vec::new();
        for page in 1..=total.div_ceil(2) + 1 {
            let (_, cases) = references(&format!("sort={sort}&per_page=2&page={page}"));
            walked.extend(cases);
        }
        assert_eq!(walked, whole, "sort={sort}");
    }
}

#[test]
fn a_case_written_before_the_word_index_is_found_and_then_indexed_by_the_scheduled_run() {
    let (_turn, w) = own_worker();
    let reference = submit(w, &report_aware_hours_ago(3));
    let found = |query: &str| -> bool {
        let reply = w.get_as(
            DEMO_VIEWER,
            &format!("/api/desk/orgs/demo/cases?sort=newest&per_page=100&q={query}"),
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()["cases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["reference"] == reference.as_str())
    };
    let key = reference.to_lowercase();
    assert!(found(&key), "found by its words");
    // As a row from before migration 0015: no words kept.
    let id = w.d1_query(&format!(
        "SELECT report_id FROM cases WHERE reference = '{reference}'"
    ))[0]["report_id"]
        .as_str()
        .unwrap()
        .to_string();
    w.d1_execute(&format!(
        "DELETE FROM case_words WHERE report_id = '{id}';
         UPDATE cases SET words_kept = 0 WHERE report_id = '{id}'"
    ));
    assert!(found(&key), "found by its text while its words are missing");
    w.scheduled();
    let kept = w.d1_query(&format!(
        "SELECT (SELECT words_kept FROM cases WHERE report_id = '{id}') AS kept,
                (SELECT count(*) FROM case_words WHERE report_id = '{id}') AS words"
    ));
    assert_eq!(kept[0]["kept"], 1, "{kept:?}");
    assert!(kept[0]["words"].as_u64().unwrap() > 3, "{kept:?}");
    assert!(found(&key), "found by its words again");
    // A word's beginning finds it, the middle of a word does not (the
    // search reads words by their beginning).
    assert!(found("referr"));
    assert!(!found("eferral"));
}

#[test]
fn the_control_report_counted_by_class_is_the_report_of_every_cases_facts() {
    // A Worker of its own: the report is compared as the store counts it
    // and as every case's facts give it, with no case arriving meanwhile.
    let (_turn, w) = own_worker();
    let pending = submit(w, &report_aware_hours_ago(2));
    let notified_at =
        (Utc::now() - chrono::Duration::minutes(30)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut handled = Vec::new();
    for _ in 0..3 {
        let reference = submit(w, &report_aware_hours_ago(2));
        handled.push(reference.clone());
        recorded(record(
            w,
            DEMO_DPO,
            &reference,
            1,
            json!({"kind": "authority_notified", "notified_at": notified_at,
                   "authority_reference": "2026-431-0042", "complete": true}),
        ));
        recorded(record(
            w,
            DEMO_LEADER,
            &reference,
            2,
            json!({"kind": "subjects_told", "told_at": notified_at, "how": "Brev i Aula",
                   "count": 3}),
        ));
    }
    // Only the cases the report names are read whole: the pending one, not
    // those handled as the guideline asks.
    let listed = |reference: &str| {
        w.d1_query(&format!(
            "SELECT control_listed FROM cases WHERE reference = '{reference}'"
        ))[0]["control_listed"]
            == 1
    };
    assert!(listed(&pending));
    assert!(handled.iter().all(|reference| !listed(reference)));
    let report = || {
        let mut answer = w.get_as(DEMO_VIEWER, "/api/desk/orgs/demo/control").json();
        answer.as_object_mut().unwrap().remove("generated_at");
        answer
    };
    let counted = report();
    let figures = &counted["report"];
    assert!(figures["cases"].as_u64().unwrap() >= 4, "{counted}");
    assert!(
        figures["notified_in_time"].as_u64().unwrap() >= 3,
        "{counted}"
    );
    assert!(figures["median_minutes_to_notify"].is_i64(), "{counted}");
    let unassessed = figures["unassessed"].as_array().unwrap();
    assert!(unassessed.contains(&json!(pending)), "{counted}");
    assert!(!unassessed.contains(&json!(handled[0])), "{counted}");
    // As rows written before classes were kept: every case read whole,
    // the same report, the same hash.
    w.d1_execute(
        "UPDATE cases SET control_class = NULL, control_listed = 1, notify_minutes = NULL
         WHERE org = 'demo'",
    );
    assert_eq!(report(), counted);
    // The scheduled run gives them their classes again.
    w.scheduled();
    let unclassed =
        w.d1_query("SELECT count(*) AS n FROM cases WHERE org = 'demo' AND control_class IS NULL");
    assert_eq!(unclassed[0]["n"], 0, "{unclassed:?}");
    assert_eq!(report(), counted);
}

#[test]
fn a_leader_may_not_lift_the_duty_to_notify_nor_reopen_a_dismissal_and_the_dpo_moves_the_clock() {
    // A Worker of its own: a dismissal takes a case out of the figures
    // other tests compare.
    let (_turn, w) = own_worker();
    let reference = submit(w, &report_aware_hours_ago(3));
    let first = w.get_as(DEMO_DPO, &case_path("demo", &reference)).json();
    assert_eq!(
        first["case"]["assessment"]["obligations"]["notify_authority"]["required"], true,
        "{first}"
    );
    // The opening keeps the DPO of the time; the letter's form starts from
    // the structured facts, never the reporter's words.
    assert_eq!(
        first["events"][0]["dpo"]["email"],
        first["case"]["dpo"]["email"]
    );
    assert!(first["case"]["dpo"]["email"].is_string(), "{first}");
    let start = first["prefill"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "letter_written" && p["field"] == "what_happened")
        .unwrap_or_else(|| panic!("{}", first["prefill"]));
    assert!(
        !start["da"].as_str().unwrap().contains("MARKER-DESCRIPTION"),
        "{start}"
    );
    assert!(!start["en"].as_str().unwrap().is_empty());
    // Encrypted after all: that lifts the duty to notify, which is the
    // DPO's decision. The leader is told so, by the correction.
    let lifting = json!({"kind": "facts_corrected", "reason": "IT: disken var krypteret",
                         "corrected": {"unintelligible": true}});
    let leader = record(w, DEMO_LEADER, &reference, 1, lifting.clone());
    let refused = problem(&leader, 403);
    assert_eq!(refused["errors"][0]["field"], "corrected", "{refused}");
    assert_eq!(refused["errors"][0]["code"], "not_your_role", "{refused}");
    assert!(
        refused["errors"][0]["da"].as_str().unwrap().contains("DPO"),
        "{refused}"
    );
    // The DPO decides it.
    recorded(record(w, DEMO_DPO, &reference, 1, lifting));
    let decided = w.get_as(DEMO_DPO, &case_path("demo", &reference)).json();
    assert_eq!(
        decided["case"]["assessment"]["obligations"]["notify_authority"]["required"], false,
        "{decided}"
    );
    // The time of awareness corrected: the deadline follows, and the
    // register says the reporter's time was corrected.
    // The school heard of it an hour later than the reporter wrote.
    let aware =
        (Utc::now() - chrono::Duration::hours(2)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let before =
        decided["case"]["assessment"]["obligations"]["notify_authority"]["deadline"].clone();
    let moved = json!({"kind": "facts_corrected", "reason": "Lederen fik det først at vide en time senere",
                       "corrected": {"aware_at": aware}});
    let leader_moves = record(w, DEMO_LEADER, &reference, 2, moved.clone());
    assert_eq!(
        problem(&leader_moves, 403)["errors"][0]["field"],
        "corrected"
    );
    recorded(record(w, DEMO_DPO, &reference, 2, moved));
    let after = w.get_as(DEMO_DPO, &case_path("demo", &reference)).json();
    let deadline =
        after["case"]["assessment"]["obligations"]["notify_authority"]["deadline"].clone();
    assert_ne!(deadline, before);
    let due = chrono::DateTime::parse_from_rfc3339(deadline.as_str().unwrap()).unwrap();
    let expected =
        chrono::DateTime::parse_from_rfc3339(&aware).unwrap() + chrono::Duration::hours(72);
    assert_eq!(due, expected);
    let row = register_row(w, &reference);
    assert!(
        row["Rettelser"]
            .as_str()
            .unwrap()
            .contains("tidspunktet for opdagelsen (før "),
        "{row}"
    );
    assert!(!row["Opdaget"].as_str().unwrap().is_empty(), "{row}");

    // Dismissed by the DPO: reopening it is the DPO's too.
    let junk = submit(w, &report_aware_hours_ago(2));
    recorded(record(
        w,
        DEMO_DPO,
        &junk,
        1,
        json!({"kind": "dismissed", "reason": "junk", "note": "Spam"}),
    ));
    let reopen = json!({"kind": "reopened", "reason": "Det var et brud"});
    let leader_reopens = record(w, DEMO_LEADER, &junk, 2, reopen.clone());
    assert_eq!(
        problem(&leader_reopens, 403)["errors"][0]["code"],
        "not_your_role"
    );
    recorded(record(w, DEMO_DPO, &junk, 2, reopen));
}

#[test]
fn a_processor_case_runs_on_the_schools_own_clock_and_says_so_in_the_register() {
    let w = worker();
    let mut body = report_aware_hours_ago(2);
    body["role"] = "processor".into();
    body["controller"] =
        json!({"name": "Idrætsforeningen Nørre", "contact": "formand@idraet.example"});
    let reference = submit(w, &body);
    let detail = w.get_as(DEMO_DPO, &case_path("demo", &reference)).json();
    let aware =
        chrono::DateTime::parse_from_rfc3339(body["timeline"]["aware_at"].as_str().unwrap())
            .unwrap();
    let due =
        chrono::DateTime::parse_from_rfc3339(detail["deadline_state"]["due"].as_str().unwrap())
            .unwrap();
    // Told within 24 hours (the demo profile sets no clock of its own).
    assert_eq!(
        due - aware,
        chrono::Duration::hours(24),
        "{}",
        detail["deadline_state"]
    );
    assert_eq!(detail["deadline_state"]["state"], "open");
    assert_eq!(
        detail["case"]["assessment"]["obligations"]["notify_authority"]["required"],
        false
    );
    let page = w
        .get_as(
            DEMO_VIEWER,
            "/api/desk/orgs/demo/cases?status=open&per_page=100",
        )
        .json();
    let row = page["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reference"] == reference.as_str())
        .cloned()
        .unwrap();
    assert_eq!(row["processor"], true, "{row}");
    assert_eq!(
        register_row(w, &reference)["Skolens rolle"],
        "databehandler for Idrætsforeningen Nørre"
    );
}

#[test]
fn a_colleagues_report_behind_a_flooded_address_is_held_and_the_dpo_opens_or_discards_it() {
    let (_turn, w) = own_worker();
    let hour = || Utc::now().timestamp().div_euclid(3600);
    let first_hour = hour();
    let waiting_mails = || -> Vec<brud_e2e::SentMail> {
        w.mails()
            .into_iter()
            .filter(|mail| mail.subject.contains("venter på dig"))
            .collect()
    };
    // A pupil's script on the school's one address (NAT) sends junk until
    // the address's limit answers 429.
    let school_network = brud_e2e::fresh_client();
    let flood = || {
        let mut statuses = Vec::new();
        for _ in 0..30 {
            let reply = w.post_json_from(&school_network, "/api/reports", "{ not json");
            statuses.push(reply.status);
            if reply.status == 429 {
                break;
            }
        }
        assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    };
    // A colleague behind the same address sends a real report: held, not
    // refused. (The limiter counts in fixed windows of a minute: when the
    // flood's window ended just before the report, the report is simply
    // received, and the scenario starts again with a new report.)
    // Sent again `resends` times by the form's outbox while the address is
    // still over its limit: the same held answer each time.
    let held_report = |resends: usize| {
        for attempt in 0..3 {
            flood();
            let body = report_aware_hours_ago(1);
            let answers: Vec<Value> = (0..=resends)
                .map(|_| {
                    let reply =
                        w.post_json_from(&school_network, "/api/reports", &body.to_string());
                    assert_eq!(reply.status, 202, "{}", reply.body);
                    reply.json()
                })
                .take_while(|receipt| receipt["held"] == true)
                .collect();
            if answers.len() == resends + 1 {
                for receipt in answers {
                    assert_eq!(receipt["reference"], "", "{receipt}");
                    assert_eq!(receipt["id"], body["id"], "{receipt}");
                    assert_eq!(receipt["channels"], json!([]), "{receipt}");
                }
                return body;
            }
            assert!(attempt < 2, "never held: {answers:?}");
        }
        unreachable!()
    };
    let body = held_report(2);
    let id = body["id"].as_str().unwrap().to_string();
    // The DPO is told that a report waits, without its content.
    let alert = until(
        "the DPO's mail that a report waits",
        Duration::from_secs(10),
        || waiting_mails().into_iter().next(),
    );
    assert!(alert.to.iter().any(|to| to == DEMO_DPO), "{:?}", alert.to);
    assert!(
        alert.text.contains("under \"Venter på dig\" i registret"),
        "{}",
        alert.text
    );
    assert!(!alert.text.contains("MARKER-DESCRIPTION"), "{}", alert.text);
    // No case, no mail to the breach mailbox, no webhook: the register does
    // not have it.
    let found = w.d1_query(&format!(
        "SELECT count(*) AS n FROM reports WHERE id = '{id}'"
    ));
    assert_eq!(found[0]["n"], 0, "{found:?}");
    // The DPO sees it; a leader does not decide it.
    let list = w.get_as(DEMO_DPO, "/api/desk/orgs/demo/held");
    assert_eq!(list.status, 200, "{}", list.body);
    let listed = list.json();
    let item = listed["held"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == id.as_str())
        .unwrap_or_else(|| panic!("{listed}"))
        .clone();
    assert_eq!(item["why"], "client");
    assert_eq!(
        item["incident"]["da"],
        "Aula-besked sendt til forkert modtager"
    );
    assert_eq!(item["risk"], "high");
    assert_eq!(item["risk_label"]["da"], "Høj risiko");
    assert!(item.get("reporter").is_none() && !item.to_string().contains("anne@"));
    assert_eq!(
        problem(&w.get_as(DEMO_LEADER, "/api/desk/orgs/demo/held"), 403)["status"],
        403
    );
    let by_leader = w.post_as(
        DEMO_LEADER,
        &format!("/api/desk/orgs/demo/held/{id}/open"),
        &json!({}),
    );
    assert_eq!(by_leader.status, 403, "{}", by_leader.body);
    // The DPO opens it: a case with its reference, its clock from the
    // report's own time of awareness, and the school hears of it.
    let opened = w.post_as(
        DEMO_DPO,
        &format!("/api/desk/orgs/demo/held/{id}/open"),
        &json!({}),
    );
    assert_eq!(opened.status, 201, "{}", opened.body);
    let reference = opened.json()["reference"].as_str().unwrap().to_string();
    assert!(reference.starts_with("DEMO-"), "{reference}");
    let detail = w.get_as(DEMO_DPO, &case_path("demo", &reference)).json();
    assert_eq!(detail["events"][0]["kind"], "opened");
    assert_eq!(detail["chain"]["verified"], true);
    assert_eq!(
        detail["deadline_state"]["state"], "open",
        "{}",
        detail["deadline_state"]
    );
    let again = w.get_as(DEMO_DPO, "/api/desk/orgs/demo/held").json();
    assert!(
        !again.to_string().contains(&id),
        "let go once opened: {again}"
    );
    // Another held report, discarded with a reason: signed into the
    // school's own log.
    // (Flooded again: the first flood's minute may be over by now.)
    let junk_report = held_report(0);
    let junk_id = junk_report["id"].as_str().unwrap().to_string();
    let without_reason = w.post_as(
        DEMO_DPO,
        "/api/desk/orgs/demo/held/discard",
        &json!({"ids": [junk_id], "reason": " "}),
    );
    assert_eq!(
        problem(&without_reason, 422)["errors"][0]["field"],
        "reason"
    );
    let discarded = w.post_as(
        DEMO_DPO,
        "/api/desk/orgs/demo/held/discard",
        &json!({"ids": [junk_id, "not-held"], "reason": "Sendt af en elevs script"}),
    );
    assert_eq!(discarded.status, 200, "{}", discarded.body);
    assert_eq!(discarded.json()["discarded"], 1);
    let log = w.get_as(DEMO_DPO, "/api/desk/orgs/demo/log");
    assert_eq!(log.status, 200, "{}", log.body);
    assert!(
        log.body.contains("held_discarded") && log.body.contains(&junk_id),
        "{}",
        log.body
    );
    assert_eq!(log.json()["verified"], true, "{}", log.body);
    // A held report sent again from within the limits (its answer lost; the
    // colleague's phone now on its own network) is taken as any report:
    // its case opens, and the DPO no longer finds it held.
    let resent = held_report(0);
    let resent_id = resent["id"].as_str().unwrap().to_string();
    let reply = w.post_json_from(
        &brud_e2e::fresh_client(),
        "/api/reports",
        &resent.to_string(),
    );
    assert_eq!(reply.status, 202, "{}", reply.body);
    let receipt = reply.json();
    assert!(receipt.get("held").is_none(), "{receipt}");
    let reference = receipt["reference"].as_str().unwrap();
    assert!(reference.starts_with("DEMO-"), "{receipt}");
    let detail = w.get_as(DEMO_DPO, &case_path("demo", reference)).json();
    assert_eq!(detail["events"][0]["kind"], "opened", "{detail}");
    let still_held = w.get_as(DEMO_DPO, "/api/desk/orgs/demo/held").json();
    assert!(
        !still_held.to_string().contains(&resent_id),
        "let go once taken: {still_held}"
    );
    // Three reports held, one mail to the DPO an hour.
    let hours = (hour() - first_hour + 1) as usize;
    let alerts = waiting_mails();
    assert!(
        !alerts.is_empty() && alerts.len() <= hours,
        "{} mails in {hours} hour(s)",
        alerts.len()
    );
}

#[test]
fn the_dpo_keeps_the_schools_staff_and_a_removed_leader_is_refused_at_once() {
    // A Worker of its own: the roster it changes is the second demo
    // school's, which other tests sign in to.
    let (_turn, w) = own_worker();
    let staff = "/api/desk/orgs/demo-nord/staff";
    let cases = "/api/desk/orgs/demo-nord/cases";
    let newcomer = "ny.leder@demo-nord.example";
    let second_dpo = "ny.dpo@demo-nord.example";
    assert_eq!(w.get_as(DEMO_NORD_LEADER, cases).status, 200);
    assert_eq!(w.get_as(newcomer, cases).status, 403);
    // Only the DPO reads or changes the roster.
    assert_eq!(w.get_as(DEMO_NORD_LEADER, staff).status, 403);
    let by_leader = w.post_as(
        DEMO_NORD_LEADER,
        staff,
        &json!({"email": newcomer, "role": "dpo"}),
    );
    assert_eq!(by_leader.status, 403, "{}", by_leader.body);
    let listed = w.get_as(DEMO_DPO, staff);
    assert_eq!(listed.status, 200, "{}", listed.body);
    let roster = listed.json()["staff"].clone();
    assert_eq!(
        roster,
        json!([
            {"email": DEMO_DPO, "role": "dpo", "configured": true},
            {"email": DEMO_NORD_LEADER, "role": "leader", "configured": true},
        ])
    );
    // The leader leaves: refused on their next request, everywhere.
    let removed = w.post_as(
        DEMO_DPO,
        staff,
        &json!({"email": DEMO_NORD_LEADER.to_uppercase(), "role": null}),
    );
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(
        removed.json()["staff"],
        json!([{"email": DEMO_DPO, "role": "dpo", "configured": true}])
    );
    assert_eq!(w.get_as(DEMO_NORD_LEADER, cases).status, 403);
    let me = w.get_as(DEMO_NORD_LEADER, "/api/desk/me").json();
    assert_eq!(me["orgs"], json!([]), "{me}");
    assert_eq!(w.get_as(DEMO_NORD_LEADER, "/api/desk/cases").status, 403);
    // A newcomer added as leader signs in at once.
    let added = w.post_as(
        DEMO_DPO,
        staff,
        &json!({"email": newcomer, "role": "leader"}),
    );
    assert_eq!(added.status, 200, "{}", added.body);
    assert_eq!(w.get_as(newcomer, cases).status, 200);
    let me = w.get_as(newcomer, "/api/desk/me").json();
    assert_eq!(me["orgs"][0]["id"], "demo-nord", "{me}");
    assert_eq!(me["orgs"][0]["role"], "leader", "{me}");
    // The last DPO stays; a change that changes nothing or a wrong address
    // is said next to its field.
    let last = w.post_as(DEMO_DPO, staff, &json!({"email": DEMO_DPO, "role": null}));
    assert_eq!(problem(&last, 409)["errors"][0]["field"], "role");
    let demoted = w.post_as(
        DEMO_DPO,
        staff,
        &json!({"email": DEMO_DPO, "role": "viewer"}),
    );
    assert_eq!(demoted.status, 409, "{}", demoted.body);
    let same = w.post_as(
        DEMO_DPO,
        staff,
        &json!({"email": newcomer, "role": "leader"}),
    );
    assert_eq!(problem(&same, 422)["errors"][0]["field"], "role");
    let wrong = w.post_as(
        DEMO_DPO,
        staff,
        &json!({"email": "ny leder", "role": "leader"}),
    );
    assert_eq!(problem(&wrong, 422)["errors"][0]["field"], "email");
    let unknown_role = w.post_as(
        DEMO_DPO,
        staff,
        &json!({"email": newcomer, "role": "admin"}),
    );
    assert_eq!(unknown_role.status, 400, "{}", unknown_role.body);
    // Another site's page cannot change it.
    let token = w.access.token(DEMO_DPO);
    let cross = w.request(
        "POST",
        staff,
        &[
            (ACCESS_HEADER, &token),
            ("content-type", "application/json"),
            ("origin", "https://evil.example"),
        ],
        Some(
            json!({"email": "x@evil.example", "role": "dpo"})
                .to_string()
                .as_bytes(),
        ),
    );
    assert_eq!(cross.status, 403, "{}", cross.body);
    // A second DPO hears of the school's new cases by mail from now on.
    let made_dpo = w.post_as(
        DEMO_DPO,
        staff,
        &json!({"email": second_dpo, "role": "dpo"}),
    );
    assert_eq!(made_dpo.status, 200, "{}", made_dpo.body);
    let mut body = report_aware_hours_ago(1);
    body["org"] = "demo-nord".into();
    let reference = submit(w, &body);
    let mail = until(
        &format!("the opened-case mail for {reference}"),
        Duration::from_secs(20),
        || {
            w.mails().into_iter().find(|mail| {
                mail.subject.starts_with("Ny sag") && mail.subject.contains(&reference)
            })
        },
    );
    assert!(mail.to.iter().any(|to| to == second_dpo), "{:?}", mail.to);
    // Every change is in the school's signed log, by whom and what.
    let log = w.get_as(DEMO_DPO, "/api/desk/orgs/demo-nord/log").json();
    assert_eq!(log["verified"], true, "{log}");
    let changes: Vec<(String, Value, Value)> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["kind"] == "staff_changed")
        .map(|entry| {
            assert_eq!(entry["actor"], DEMO_DPO);
            assert!(entry["signature"].is_object() || entry["signature"].is_string());
            (
                entry["email"].as_str().unwrap().to_string(),
                entry["role"].clone(),
                entry["previous"].clone(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        vec![
            (DEMO_NORD_LEADER.to_string(), Value::Null, json!("leader")),
            (newcomer.to_string(), json!("leader"), Value::Null),
            (second_dpo.to_string(), json!("dpo"), Value::Null),
        ]
    );
    // Put back as it was for the other tests of this Worker.
    for (email, role) in [
        (DEMO_NORD_LEADER, json!("leader")),
        (newcomer, Value::Null),
        (second_dpo, Value::Null),
    ] {
        let reply = w.post_as(DEMO_DPO, staff, &json!({"email": email, "role": role}));
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    assert_eq!(w.get_as(DEMO_NORD_LEADER, cases).status, 200);
    assert_eq!(w.get_as(newcomer, cases).status, 403);
}

#[test]
fn a_case_downloads_as_one_archive_of_its_document_files_and_verifiable_log() {
    let w = worker();
    let (_, reference) = case_with_notes(w, 1);
    let case = case_path("demo", &reference);
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    let token = w.access.token(DEMO_DPO);
    let added = w.request(
        "POST",
        &format!("{case}/attachments"),
        &[
            (ACCESS_HEADER, &token),
            ("x-file-name", "Kvittering.pdf"),
            ("origin", &w.base),
        ],
        Some(pdf),
    );
    assert_eq!(added.status, 201, "{}", added.body);
    let reply = w.get_as(DEMO_DPO, &format!("{case}/archive.zip"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("application/zip"));
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(
        reply.header("content-disposition"),
        Some(format!("attachment; filename=\"{reference}-sag.zip\"").as_str())
    );
    // Read back as an archive system would: its document, the file as it
    // was, the signed log that verifies offline.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(reply.bytes.clone())).unwrap();
    let mut names: Vec<String> = archive.file_names().map(str::to_string).collect();
    names.sort();
    assert_eq!(names, ["filer/01-Kvittering.pdf", "log.json", "sag.html"]);
    let read = |archive: &mut zip::ZipArchive<_>, name: &str| {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut archive.by_name(name).unwrap(), &mut bytes).unwrap();
        bytes
    };
    assert_eq!(read(&mut archive, "filer/01-Kvittering.pdf"), pdf);
    let log = String::from_utf8(read(&mut archive, "log.json")).unwrap();
    let verified = brud_verify::check(&log, brud_e2e::log_public_key()).expect("the log verifies");
    assert_eq!(verified.reference, reference);
    assert_eq!(verified.events, 3, "opened, the note, the file");
    let document = String::from_utf8(read(&mut archive, "sag.html")).unwrap();
    assert!(
        document.contains(&format!("<h1>Sag {reference}")),
        "{document}"
    );
    assert!(document.contains("filer/01-Kvittering.pdf"));
    assert!(document.contains(&brud_shared::webhook::sha256_hex(pdf)));
    assert!(document.contains("Anmeldelsen til Datatilsynet"));
    assert!(document.contains("Sagens forløb (3 hændelser)"));
    // The DPO's, as the log's export is; never another school's.
    for who in [DEMO_LEADER, DEMO_VIEWER, ZAHLES_LEADER] {
        let refused = w.get_as(who, &format!("{case}/archive.zip"));
        assert_eq!(refused.status, 403, "{who}: {}", refused.body);
    }
}

/// Validates `export` against the committed JSON Schema of the EDPB
/// notification (`public/schema/edpb-notification.v1.json`).
fn valid_edpb_export(export: &Value) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../public/schema/edpb-notification.v1.json"
    );
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("urn:brud:edpb", schema).unwrap();
    let index = compiler.compile("urn:brud:edpb", &mut schemas).unwrap();
    if let Err(error) = schemas.validate(export, index) {
        panic!("the export does not validate: {error}\n{export}");
    }
}

/// An answer the DPO could give to an exported field: its first
/// predefined answer, a text, a number, a time, no.
fn dpo_answer_for(field: &Value) -> Value {
    match field["kind"].as_str().unwrap() {
        "choice" | "choices" => json!([field["options"][0][0]]),
        "number" => json!(1),
        "date_time" => json!("2026-11-22T09:00:00Z"),
        "flag" => json!(false),
        _ => json!(format!("Svar til felt {}", field["field"])),
    }
}

#[test]
fn the_notification_downloads_as_the_edpb_template_first_preliminary_then_completed() {
    let w = worker();
    let reference = submit(w, &report_aware_hours_ago(2));
    let case = case_path("demo", &reference);
    let export =
        |who: &str, query: &str| w.get_as(who, &format!("{case}/notification.json{query}"));
    // Before any notification: the next is a new one, and says what is missing.
    let next = export(DEMO_DPO, "");
    assert_eq!(next.status, 200, "{}", next.body);
    assert_eq!(
        next.header("content-disposition"),
        Some(format!("attachment; filename=\"{reference}-anmeldelse.json\"").as_str())
    );
    let next = next.json();
    valid_edpb_export(&next);
    assert_eq!(next["notification"], "new");
    assert_eq!(
        next["template_version"].as_str().unwrap().split(' ').next(),
        Some("1.0")
    );
    assert!(!next["missing"].as_array().unwrap().is_empty(), "{next}");
    // Notified as preliminary.
    let notified = recorded(w.post_as(
        DEMO_DPO,
        &format!("{case}/events"),
        &json!({"expected_sequence": 1, "kind": "authority_notified",
                "notified_at": Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
                "authority_reference": "2026-431-0777", "complete": false,
                "more_promised_by": "2026-12-31"}),
    ));
    let sequence = notified["case"]["sequence"].as_u64().unwrap();
    let first = export(DEMO_DPO, "?made=1").json();
    valid_edpb_export(&first);
    assert_eq!(first["notification"], "new");
    assert_eq!(first["complete"], false);
    assert_eq!(first["made"], 1);
    // A field of an export, by its number.
    let field = |export: &Value, id: u64| {
        export["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["fields"].as_array().unwrap())
            .find(|f| f["field"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(field(&first, 4)["value"], json!(["b"]), "incomplete");
    assert_eq!(field(&first, 7)["value"], reference.as_str());
    // The DPO adds each missing field, checked against the template.
    let missing: Vec<u64> = first["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_u64().unwrap())
        .collect();
    let wrong = w.post_as(
        DEMO_DPO,
        &format!("{case}/events"),
        &json!({"expected_sequence": sequence, "kind": "template_answered",
                "answers": [{"field": 75, "value": ["zz"]}]}),
    );
    assert_eq!(problem(&wrong, 422)["errors"][0]["field"], "answers.75");
    let by_leader = w.post_as(
        DEMO_LEADER,
        &format!("{case}/events"),
        &json!({"expected_sequence": sequence, "kind": "template_answered",
                "answers": [{"field": 63, "value": "Aula"}]}),
    );
    assert_eq!(by_leader.status, 403, "{}", by_leader.body);
    let answers: Vec<Value> = missing
        .iter()
        .map(|id| json!({"field": id, "value": dpo_answer_for(&field(&first, *id))}))
        .collect();
    recorded(w.post_as(
        DEMO_DPO,
        &format!("{case}/events"),
        &json!({"expected_sequence": sequence, "kind": "template_answered", "answers": answers}),
    ));
    let next = export(DEMO_DPO, "?lang=en").json();
    valid_edpb_export(&next);
    assert_eq!(next["notification"], "follow_up");
    assert_eq!(next["missing"], json!([]), "{next}");
    assert_eq!(next["complete"], true);
    // The follow-up that completes it, as made: it names the first.
    recorded(w.post_as(
        DEMO_DPO,
        &format!("{case}/events"),
        &json!({"expected_sequence": sequence + 1, "kind": "authority_follow_up",
                "sent_at": Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
                "added": "Skabelonens resterende felter.", "completes": true}),
    ));
    let follow_up = export(DEMO_LEADER, "?made=2").json();
    valid_edpb_export(&follow_up);
    assert_eq!(follow_up["notification"], "follow_up");
    assert_eq!(follow_up["complete"], true);
    assert_eq!(follow_up["notifications_made"], 2);
    assert_eq!(field(&follow_up, 6)["value"], "2026-431-0777");
    assert_eq!(field(&follow_up, 63)["status"], "added_by_dpo");
    // The first, as made, stays as it was.
    assert_eq!(export(DEMO_DPO, "?made=1").json()["complete"], false);
    problem(&export(DEMO_DPO, "?made=3"), 404);
    assert_eq!(export(DEMO_DPO, "?made=x").status, 400);
    assert_eq!(export(ZAHLES_LEADER, "").status, 403);
    // The people told, with how by the template's categories: field 104 is
    // the case's then, never again the DPO's to add; a kind the template
    // does not have is refused at the field.
    let told = |channel: &str| {
        w.post_as(
            DEMO_LEADER,
            &format!("{case}/events"),
            &json!({"expected_sequence": sequence + 2, "kind": "subjects_told",
                    "told_at": Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
                    "how": "Opslag på skolens hjemmeside", "count": 30, "channel": channel}),
        )
    };
    let pigeon = problem(&told("pigeon"), 422);
    assert_eq!(pigeon["errors"][0]["field"], "channel", "{pigeon}");
    assert!(!pigeon.to_string().contains("pigeon"), "{pigeon}");
    recorded(told("public"));
    let next = export(DEMO_DPO, "").json();
    valid_edpb_export(&next);
    let how = field(&next, 104);
    assert_eq!(how["status"], "known", "{how}");
    assert_eq!(how["value"], json!(["b"]), "{how}");
    assert_eq!(
        how["value_labels"],
        json!(["Offentlig meddelelse"]),
        "{how}"
    );
}
