//! The Worker end to end: the real Worker in workerd (`wrangler dev`), D1,
//! the queue, and a recording notification endpoint on 127.0.0.1.
//!
//! One Worker serves most tests here (started once, ~5 s); each test uses
//! its own report ids, and the organisation or route it needs, so they do
//! not disturb each other. The few tests that open the database from
//! outside, as an operator would, have a Worker of their own and take
//! turns on it (see [`worker_opened_from_outside`]).

use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use brud_e2e::{
    fresh_client, new_id, report, until, until_every, without_nulls, Behaviour, SentMail, Worker,
    DEMO_DPO, DEMO_VIEWER, MAIL_FROM,
};
use brud_shared::reference::Reference;
use serde_json::Value;

/// Delivery attempts before the dead-letter state, in these tests.
const MAX_ATTEMPTS: u32 = 4;

/// An intranet page on this machine that may embed the demo school's form,
/// and one entry the Worker must ignore (not loopback).
const LOCAL_EMBED_ORIGINS: &str = "demo=http://127.0.0.1:9 demo=https://evil.example";

const VARS: &[(&str, &str)] = &[
    ("MAX_DELIVERY_ATTEMPTS", "4"),
    ("RETRY_BASE_SECONDS", "1"),
    ("RETRY_CAP_SECONDS", "2"),
    ("DELIVERY_TIMEOUT_SECONDS", "2"),
    ("LOCAL_EMBED_ORIGINS", LOCAL_EMBED_ORIGINS),
    // The tests together send demo's breach mailbox more than the default
    // cap of 20 mails an hour, and a test that finds its mail held by
    // another's would fail by the order they ran in; the cap is tested on
    // a Worker of its own (`the_breach_mailbox_gets_its_cap_…`).
    ("MAIL_CAP", "1000/3600"),
    ("DPO_MAIL_CAP", "1000/3600"),
];

/// The Worker most tests share. Nothing opens its database from outside.
fn worker() -> &'static Worker {
    static WORKER: OnceLock<Worker> = OnceLock::new();
    WORKER.get_or_init(|| Worker::start("worker", VARS))
}

/// A second Worker, with a database of its own, for the tests that open
/// that database from outside (`wrangler d1 execute`), and the guard that
/// makes them take turns on it. SQLite locks the whole file while such a
/// command runs; on the shared Worker, another test's query would meet
/// `SQLITE_BUSY` and answer 500. Here the test holding the guard is the
/// only one using the Worker, and it opens the file only once its own
/// report is settled (delivered), when the Worker is idle.
fn worker_opened_from_outside() -> (MutexGuard<'static, ()>, &'static Worker) {
    static TURN: Mutex<()> = Mutex::new(());
    static WORKER: OnceLock<Worker> = OnceLock::new();
    let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    (turn, WORKER.get_or_init(|| Worker::start("outside", VARS)))
}

/// What the tests do through the Worker's API, on whichever Worker they use.
trait Api {
    /// `POST /api/reports`.
    fn submit(&self, body: &Value) -> brud_e2e::Reply;
    /// Waits (up to 20 s) until the recording endpoint has a delivery of
    /// `id`; fails if none arrives.
    fn wait_for_first_delivery(&self, id: &str);
    /// Waits until every delivery queued so far has been handled: sends a
    /// report of its own (the Zahles school's, whose reports route no
    /// other test uses) and waits until the sink has it. The local queue
    /// hands messages to the Worker in the order they were sent, and the
    /// Worker settles a batch's messages in order, so a second delivery of
    /// another report, queued before this one, has reached the sink by
    /// then. A retry the Worker deliberately delays is not covered: the
    /// tests check the recorded state for those.
    fn flush_deliveries(&self);
    /// Report `id`'s entry on the demo school's deliveries route (only reports in
    /// `status`, when given), as the DPO sees it.
    fn delivery_state(&self, status: Option<&str>, id: &str) -> Option<Value>;
    /// The report's entry on the DPO's deliveries route once it has
    /// `status`, polled through the Worker (not its database); fails after
    /// `timeout`.
    fn wait_for_state(&self, status: &str, id: &str, timeout: Duration) -> Value;
}

impl Api for Worker {
    fn submit(&self, body: &Value) -> brud_e2e::Reply {
        self.post_json("/api/reports", &body.to_string())
    }

    fn wait_for_first_delivery(&self, id: &str) {
        let delivered = self
            .sink
            .wait_for(id, Duration::from_secs(20), |d| !d.is_empty());
        assert!(!delivered.is_empty(), "{id} was never delivered");
    }

    fn flush_deliveries(&self) {
        let marker = new_id();
        let reply = self.submit(&report("zahles", &marker));
        assert_eq!(reply.status, 202, "{}", reply.body);
        self.wait_for_first_delivery(&marker);
    }

    fn delivery_state(&self, status: Option<&str>, id: &str) -> Option<Value> {
        let path = match status {
            Some(status) => format!("/api/desk/orgs/demo/deliveries?status={status}"),
            None => "/api/desk/orgs/demo/deliveries".to_string(),
        };
        let reply = self.get_as(DEMO_DPO, &path);
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply
            .json()
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .cloned()
    }

    fn wait_for_state(&self, status: &str, id: &str, timeout: Duration) -> Value {
        until(&format!("{id} listed as {status}"), timeout, || {
            self.delivery_state(Some(status), id)
        })
    }
}

fn assert_problem(reply: &brud_e2e::Reply, status: u16) -> Value {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json"),
        "{reply:?}"
    );
    let problem = reply.json();
    assert_eq!(problem["status"], status);
    assert!(problem["type"]
        .as_str()
        .unwrap()
        .starts_with("https://brud.example/problems/"));
    assert!(problem["title"].is_string());
    for leak in ["MARKER", "panicked", "src/", "RuntimeError"] {
        assert!(
            !reply.body.contains(leak),
            "error body leaks {leak:?}: {}",
            reply.body
        );
    }
    problem
}

#[test]
fn health_answers() {
    let reply = worker().get("/api/health");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["status"], "ok");
}

#[test]
fn public_profile_has_no_endpoint_or_secrets() {
    let reply = worker().get("/api/orgs/zahles");
    assert_eq!(reply.status, 200);
    let org = reply.json();
    assert_eq!(org["name"], "N. Zahles Skole");
    assert_eq!(org["short_code"], "ZAH");
    assert!(org["steps"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["id"] == "involve_dpo"));
    for hidden in ["notification_endpoint", "embed_origins", "hooks.", "whsec_"] {
        assert!(
            !reply.body.contains(hidden),
            "{hidden} leaked: {}",
            reply.body
        );
    }
    assert_problem(&worker().get("/api/orgs/no-such-school"), 404);
}

#[test]
fn assess_answers_the_assessment_without_storing_anything() {
    let id = new_id();
    let mut draft = report("demo", &id);
    // A draft may have gaps.
    draft.as_object_mut().unwrap().remove("handling");
    let reply = worker().post_json("/api/assess", &draft.to_string());
    assert_eq!(reply.status, 200, "{}", reply.body);
    let assessment = reply.json();
    // A child's PPR referral to another family: high risk.
    assert_eq!(assessment["risk"], "high");
    let time = |value: &Value| {
        value
            .as_str()
            .unwrap()
            .parse::<brud_shared::time::Timestamp>()
            .unwrap()
            .utc()
    };
    assert_eq!(
        time(&assessment["obligations"]["notify_authority"]["deadline"]),
        time(&draft["timeline"]["aware_at"]) + chrono::Duration::hours(72),
        "72 hours after the school became aware"
    );
    assert!(assessment["rules"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "RISK-BAND"));
    worker().flush_deliveries();
    assert!(
        worker().sink.deliveries_of(&id).is_empty(),
        "assess delivers nothing"
    );
    assert!(
        worker().delivery_state(None, &id).is_none(),
        "assess stores nothing"
    );
}

#[test]
fn the_risk_and_an_exception_from_anyone_on_the_internet_are_refused_null_is_not() {
    // A high-risk report that sets its own risk to none, or switches off
    // telling the people affected: the controller's decisions, the DPO's
    // on the desk.
    for (path, field, value) in [
        (
            "/api/reports",
            "override",
            serde_json::json!({ "risk": "none", "justification": "x" }),
        ),
        (
            "/api/assess",
            "override",
            serde_json::json!({ "risk": "none", "justification": "x" }),
        ),
        (
            "/api/reports",
            "subject_notice_exception",
            serde_json::json!("disproportionate"),
        ),
        (
            "/api/assess",
            "subject_notice_exception",
            serde_json::json!("disproportionate"),
        ),
    ] {
        let id = new_id();
        let mut body = report("demo", &id);
        body[field] = value;
        let reply = worker().post_json(path, &body.to_string());
        assert_eq!(reply.status, 422, "{path} {field}: {}", reply.body);
        let problem = reply.json();
        assert_eq!(
            problem["type"],
            "https://brud.example/problems/invalid-report"
        );
        let named = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == field)
            .unwrap_or_else(|| panic!("{path}: {problem}"))
            .clone();
        assert_eq!(named["code"], "decided_on_desk");
        assert!(named["da"].as_str().unwrap().contains("DPO"), "{named}");
        assert!(
            worker().delivery_state(None, &id).is_none(),
            "nothing stored"
        );
    }
    // `null`, as old drafts have it, is accepted.
    let id = new_id();
    let mut body = report("demo", &id);
    body["override"] = Value::Null;
    body["subject_notice_exception"] = Value::Null;
    let reply = worker().post_json("/api/reports", &body.to_string());
    assert_eq!(reply.status, 202, "{}", reply.body);
}

#[test]
fn a_report_is_stored_answered_and_delivered_once_signed() {
    let id = new_id();
    let body = report("demo", &id);
    let reply = worker().submit(&body);
    assert_eq!(reply.status, 202, "{}", reply.body);
    let receipt = reply.json();
    assert_eq!(receipt["id"], id.as_str());
    let reference = receipt["reference"].as_str().unwrap();
    assert!(
        reference.starts_with("DEMO-20") && reference.len() == "DEMO-2026-0001".len(),
        "{reference}"
    );
    assert!(receipt["received_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(receipt["assessment"]["risk"], "high");

    worker().wait_for_first_delivery(&id);
    worker().flush_deliveries();
    let deliveries = worker().sink.deliveries_of(&id);
    assert_eq!(
        deliveries.len(),
        1,
        "delivered exactly once: {deliveries:?}"
    );
    let delivery = &deliveries[0];
    assert!(
        delivery.signature_ok,
        "the signature verifies with the org's secret"
    );
    assert_eq!(delivery.answered, 200);
    assert_eq!(
        delivery.headers.get("webhook-id").map(String::as_str),
        Some(id.as_str())
    );
    let payload = delivery.json();
    assert_eq!(payload["type"], "brud.report.received");
    assert_eq!(
        without_nulls(payload["data"]["report"].clone()),
        without_nulls(body),
        "the delivered report is the submitted one"
    );
    assert_eq!(payload["data"]["assessment"], receipt["assessment"]);
    assert_eq!(payload["data"]["reference"], reference);
    assert!(payload["data"]["mail"]["body"]
        .as_str()
        .unwrap()
        .contains("1. Hvad er der sket?"));
    let state = worker()
        .delivery_state(Some("delivered"), &id)
        .expect("listed as delivered");
    assert_eq!(state["attempts"], 1);
}

/// A receipt without its channels' states, which move on between two
/// answers for the same report.
fn without_channels(mut receipt: Value) -> Value {
    receipt.as_object_mut().unwrap().remove("channels");
    receipt
}

/// The breach mails the Worker has sent about `reference`.
/// The mails about report `reference` to the breach mailbox (the DPO's
/// mail of a case opened is the case desk's; its own tests look at it).
fn mails_about(w: &Worker, reference: &str) -> Vec<SentMail> {
    w.mails()
        .into_iter()
        .filter(|mail| mail.subject.contains(reference) && !mail.subject.starts_with("Ny sag"))
        .collect()
}

/// Report `id`'s channels as the receipt follows them, once `done` holds
/// for them; fails after `timeout`.
fn channels_once(w: &Worker, id: &str, timeout: Duration, done: impl Fn(&Value) -> bool) -> Value {
    // Each look from a client of its own: the route's limit (60 a minute
    // per client) is not what is tested here.
    let every = Duration::from_millis(200);
    until_every(
        &format!("{id}'s channels as expected"),
        timeout,
        every,
        || {
            let client = fresh_client();
            let path = format!("/api/reports/{id}/delivery");
            let reply = w.request("GET", &path, &[("cf-connecting-ip", &client)], None);
            assert_eq!(reply.status, 200, "{}", reply.body);
            let channels = reply.json()["channels"].clone();
            done(&channels).then_some(channels)
        },
    )
}

/// Report `id`'s channels once none is pending (up to 20 s).
fn settled_channels(w: &Worker, id: &str) -> Value {
    channels_once(w, id, Duration::from_secs(20), |channels| {
        channels
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] != "pending")
    })
}

#[test]
fn the_breach_mailbox_gets_the_mail_once_and_the_receipt_can_follow_it() {
    let id = new_id();
    let body = report("demo", &id);
    let reply = worker().submit(&body);
    assert_eq!(reply.status, 202, "{}", reply.body);
    let receipt = reply.json();
    let reference = receipt["reference"].as_str().unwrap().to_string();
    // The receipt names the channels: the webhook, and the mail with the
    // mailbox it goes to.
    assert_eq!(receipt["channels"][0]["channel"], "webhook");
    assert_eq!(receipt["channels"][1]["channel"], "mail");
    assert_eq!(receipt["channels"][1]["to"], "sikkerhedsbrud@demo.example");
    let channels = settled_channels(worker(), &id);
    let follow = worker().get(&format!("/api/reports/{id}/delivery"));
    assert_eq!(
        follow.header("cache-control"),
        Some("no-store"),
        "never cached"
    );
    assert_eq!(channels[0]["status"], "delivered", "{channels}");
    assert_eq!(channels[1]["status"], "delivered", "{channels}");
    assert!(channels[1]["sent_at"].as_str().unwrap().ends_with('Z'));
    worker().flush_deliveries();

    let mails = mails_about(worker(), &reference);
    assert_eq!(mails.len(), 1, "one mail: {mails:#?}");
    let mail = &mails[0];
    assert_eq!(mail.to, ["sikkerhedsbrud@demo.example"]);
    assert!(mail.from.contains(MAIL_FROM), "{}", mail.from);
    // The subject: the reference, the risk and what it is.
    assert!(
        mail.subject
            .starts_with(&format!("Sikkerhedsbrud {reference}: høj risiko")),
        "{}",
        mail.subject
    );
    // The body answers the five questions, in Danish; the demo school's
    // profile keeps the reporter's contact out of it.
    for expected in [
        "1. Hvad er der sket?",
        "5. Hvad gør vi fremadrettet",
        "MARKER",
        &reference,
    ] {
        assert!(mail.text.contains(expected), "{expected} in\n{}", mail.text);
    }
    for contact in ["Anne", "anne@example.dk"] {
        assert!(
            !mail.text.contains(contact) && !mail.html.contains(contact),
            "{contact}"
        );
    }
    assert!(
        mail.html.contains("<strong>1. Hvad er der sket?</strong>"),
        "{}",
        mail.html
    );
    // Asked again, nothing is sent again.
    assert_eq!(worker().submit(&body).status, 202);
    worker().flush_deliveries();
    assert_eq!(mails_about(worker(), &reference).len(), 1);
    // An id nobody sent is not found; a malformed one neither.
    assert_problem(
        &worker().get(&format!("/api/reports/{}/delivery", new_id())),
        404,
    );
    assert_problem(&worker().get("/api/reports/not-an-id/delivery"), 404);
}

#[test]
fn a_channel_that_went_is_not_sent_again_when_the_other_fails() {
    // No sender configured: every mail fails (`no-mail-sender`), the webhook
    // succeeds at once and is never sent again while the mail is retried.
    static WORKER: OnceLock<Worker> = OnceLock::new();
    let mut vars = VARS.to_vec();
    vars.push(("MAIL_FROM", ""));
    let w = WORKER.get_or_init(|| Worker::start("no-mail", &vars));
    let id = new_id();
    let reply = w.submit(&report("demo", &id));
    assert_eq!(reply.status, 202, "{}", reply.body);
    let reference = reply.json()["reference"].as_str().unwrap().to_string();
    let channels = channels_once(w, &id, Duration::from_secs(60), |channels| {
        channels[1]["status"] == "dead"
    });
    assert_eq!(
        channels[0]["status"], "delivered",
        "the webhook went: {channels}"
    );
    assert_eq!(w.sink.deliveries_of(&id).len(), 1, "and only once");
    assert!(mails_about(w, &reference).is_empty());
    let state = w
        .get_as(DEMO_DPO, "/api/desk/orgs/demo/deliveries?status=dead")
        .json();
    let state = state
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(state["attempts"], MAX_ATTEMPTS);
    assert_eq!(
        state["last_error"], "no-mail-sender",
        "a code, never content"
    );
}

#[test]
fn resubmitting_the_same_report_answers_the_same_receipt_and_forwards_nothing_new() {
    let id = new_id();
    let body = report("demo", &id);
    let first = worker().submit(&body);
    assert_eq!(first.status, 202, "{}", first.body);
    worker().wait_for_first_delivery(&id);
    // The same report, spaced differently: still the same report.
    let again = worker().post_json(
        "/api/reports",
        &serde_json::to_string_pretty(&body).unwrap(),
    );
    assert_eq!(again.status, 202, "{}", again.body);
    assert_eq!(
        without_channels(again.json()),
        without_channels(first.json()),
        "the same receipt"
    );
    assert_eq!(
        again.json()["channels"][0]["status"],
        "delivered",
        "with each channel as it is now"
    );
    worker().flush_deliveries();
    assert_eq!(
        worker().sink.deliveries_of(&id).len(),
        1,
        "no second delivery"
    );
}

#[test]
fn a_report_stored_but_never_queued_is_queued_when_the_client_retries() {
    let (_turn, w) = worker_opened_from_outside();
    let id = new_id();
    let body = report("demo", &id);
    let first = w.submit(&body);
    assert_eq!(first.status, 202, "{}", first.body);
    w.wait_for_state("delivered", &id, Duration::from_secs(20));
    // Rewind the row to what a failed queue send leaves behind: stored,
    // pending, never queued (that client got a 500).
    w.d1_execute(&format!(
        "UPDATE reports SET queued = 0, status = 'pending', attempts = 0, payload = NULL,
           webhook_sent_at = NULL, mail_sent_at = NULL WHERE id = '{id}'"
    ));
    let retry = w.submit(&body);
    assert_eq!(retry.status, 202, "{}", retry.body);
    assert_eq!(
        without_channels(retry.json()),
        without_channels(first.json()),
        "the same receipt"
    );
    let deliveries = w
        .sink
        .wait_for(&id, Duration::from_secs(20), |d| d.len() >= 2);
    assert_eq!(
        deliveries.len(),
        2,
        "the retry put the report back on its way"
    );
    // And once queued, further retries queue nothing.
    assert_eq!(w.submit(&body).status, 202);
    w.flush_deliveries();
    assert_eq!(w.sink.deliveries_of(&id).len(), 2);
}

#[test]
fn the_same_id_with_a_different_report_is_a_conflict() {
    let id = new_id();
    assert_eq!(worker().submit(&report("demo", &id)).status, 202);
    let mut changed = report("demo", &id);
    changed["nature"]["cause"] = "system_error".into();
    assert_problem(&worker().submit(&changed), 409);
}

#[test]
fn an_endpoint_that_is_down_at_first_gets_the_report_exactly_once_after_retries() {
    let id = new_id();
    worker().sink.set_behaviour(&id, Behaviour::FailFirst(2));
    assert_eq!(worker().submit(&report("demo", &id)).status, 202);
    worker().sink.wait_for(&id, Duration::from_secs(40), |d| {
        d.iter().any(|d| d.answered == 200)
    });
    worker().flush_deliveries();
    let deliveries = worker().sink.deliveries_of(&id);
    let answers: Vec<u16> = deliveries.iter().map(|d| d.answered).collect();
    assert_eq!(
        answers,
        [503, 503, 200],
        "two failures, then one success, then nothing"
    );
    assert!(deliveries.iter().all(|d| d.signature_ok));
    assert!(
        deliveries.windows(2).all(|w| w[0].body == w[1].body),
        "every retry sends the same body"
    );
    let state = worker()
        .delivery_state(Some("delivered"), &id)
        .expect("listed as delivered");
    assert_eq!(state["attempts"], 3);
}

#[test]
fn an_endpoint_that_always_fails_leaves_a_visible_dead_letter() {
    let id = new_id();
    worker().sink.set_behaviour(&id, Behaviour::AlwaysFail);
    let receipt = worker().submit(&report("demo", &id));
    assert_eq!(receipt.status, 202);
    let reference = receipt.json()["reference"].clone();
    let dead = worker().wait_for_state("dead", &id, Duration::from_secs(60));
    assert_eq!(dead["status"], "dead", "dead-lettered: {dead}");
    assert_eq!(dead["attempts"], MAX_ATTEMPTS);
    assert_eq!(dead["last_error"], "503");
    assert_eq!(dead["reference"], reference);
    assert_eq!(
        worker().sink.deliveries_of(&id).len(),
        MAX_ATTEMPTS as usize
    );
    // The mail went at the first attempt and was not sent again with
    // each retry of the webhook.
    let reference = reference.as_str().unwrap();
    assert_eq!(mails_about(worker(), reference).len(), 1, "one mail");
    let channels = worker().get(&format!("/api/reports/{id}/delivery")).json()["channels"].clone();
    assert_eq!(channels[0]["channel"], "webhook");
    assert_eq!(channels[0]["status"], "dead");
    assert_eq!(channels[1]["channel"], "mail");
    assert_eq!(channels[1]["status"], "delivered");
    // The delivery states are the desk's: signed in, and not for viewers.
    assert_problem(
        &worker().get("/api/desk/orgs/demo/deliveries?status=dead"),
        401,
    );
    assert_problem(
        &worker().get_as(DEMO_VIEWER, "/api/desk/orgs/demo/deliveries"),
        403,
    );
    // The old bearer-token route is gone.
    assert_problem(&worker().get("/api/orgs/demo/deliveries"), 404);
}

#[test]
fn malformed_json_is_400() {
    let reply = worker().post_json("/api/reports", "{\"version\": 1, \"id\": ");
    assert_problem(&reply, 400);
}

#[test]
fn a_wrong_content_type_is_415() {
    let body = report("demo", &new_id()).to_string();
    let reply = worker().request(
        "POST",
        "/api/reports",
        &[("content-type", "text/plain")],
        Some(body.as_bytes()),
    );
    assert_problem(&reply, 415);
    let reply = worker().request("POST", "/api/assess", &[], Some(body.as_bytes()));
    assert_problem(&reply, 415);
}

#[test]
fn a_body_over_256_kib_is_413_announced_or_not() {
    let mut body = report("demo", &new_id());
    body["nature"]["description"] = "x".repeat(300 * 1024).into();
    let reply = worker().post_json("/api/reports", &body.to_string());
    assert_problem(&reply, 413);
    // Without Content-Length (chunked), reading stops at the limit.
    let text = body.to_string();
    let reply = worker().request(
        "POST",
        "/api/reports",
        &[
            ("content-type", "application/json"),
            ("transfer-encoding", "chunked"),
        ],
        Some(text.as_bytes()),
    );
    assert_problem(&reply, 413);
}

#[test]
fn an_invalid_report_is_422_with_every_problem_and_its_path() {
    let mut body = report("demo", &new_id());
    body["timeline"]["aware_at"] = Value::Null;
    body["nature"]["description"] = "MARKER".into();
    body["data"]["subject_count"] = serde_json::json!({ "precision": "exact", "value": -3 });
    body["reporter"]["email"] = Value::Null;
    let problem = assert_problem(&worker().submit(&body), 422);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for field in [
        "timeline.aware_at",
        "data.subject_count.value",
        "reporter.email",
    ] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    for error in problem["errors"].as_array().unwrap() {
        assert!(error["code"].is_string() && error["da"].is_string() && error["en"].is_string());
    }
    // A value of the wrong shape is named by its path too.
    let mut body = report("demo", &new_id());
    body["nature"]["cause"] = "MARKER-aliens".into();
    let problem = assert_problem(&worker().submit(&body), 422);
    assert_eq!(problem["errors"][0]["field"], "nature.cause");
    // So is a required choice sent as null (JSON that is well-formed).
    let mut body = report("demo", &new_id());
    body["timeline"]["occurred"]["precision"] = Value::Null;
    let problem = assert_problem(&worker().submit(&body), 422);
    assert_eq!(problem["errors"][0]["field"], "timeline.occurred.precision");
}

#[test]
fn an_unknown_organisation_is_404() {
    assert_problem(&worker().submit(&report("no-such-school", &new_id())), 404);
    let reply = worker().post_json(
        "/api/assess",
        &report("no-such-school", &new_id()).to_string(),
    );
    assert_problem(&reply, 404);
}

#[test]
fn a_wrong_method_is_405_and_an_unknown_api_path_404() {
    assert_problem(&worker().get("/api/reports"), 405);
    assert_problem(&worker().request("DELETE", "/api/assess", &[], None), 405);
    assert_problem(&worker().get("/api/nothing-here"), 404);
}

#[test]
fn one_client_over_its_limit_is_429_and_nobody_else_is() {
    // One client of Zahles on the assess route: the limit counts per
    // client and route, before the body is read (brud_edge::intake).
    let body = report("zahles", &new_id()).to_string();
    let client = brud_e2e::fresh_client();
    let mut limited = None;
    for _ in 0..150 {
        let reply = worker().post_json_from(&client, "/api/assess", &body);
        if reply.status == 429 {
            limited = Some(reply);
            break;
        }
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let reply = limited.expect("the rate limit answers 429 within 150 requests");
    assert_problem(&reply, 429);
    assert!(reply.header("retry-after").is_some());
    // Counted before the body is read: the same client naming another
    // school is the same client. Another reporter of the school is not
    // affected.
    let other = worker().post_json_from(
        &client,
        "/api/assess",
        &report("aalborg-kulturskole", &new_id()).to_string(),
    );
    assert_eq!(other.status, 429, "{}", other.body);
    let colleague = worker().post_json("/api/assess", &body);
    assert_eq!(colleague.status, 200, "{}", colleague.body);
}

#[test]
fn one_client_flooding_a_school_with_reports_does_not_lock_out_its_reporters() {
    let flooder = brud_e2e::fresh_client();
    let mut accepted = 0;
    let mut held = None;
    for _ in 0..30 {
        let reply = worker().post_json_from(
            &flooder,
            "/api/reports",
            &report("demo", &new_id()).to_string(),
        );
        assert_eq!(reply.status, 202, "{}", reply.body);
        if reply.json()["held"] == true {
            held = Some(reply);
            break;
        }
        accepted += 1;
    }
    // Beyond its limit a valid report is held, not refused: no case, no
    // reference yet, the assessment as always.
    let held = held
        .expect("the flooding client's reports are held within 30")
        .json();
    assert_eq!(held["reference"], "", "{held}");
    assert!(held["assessment"]["risk"].is_string(), "{held}");
    // 10 a minute, counted in fixed one-minute windows: a flood that
    // crosses a window's end gets at most two windows' worth.
    assert!(accepted <= 20, "{accepted} accepted before the limit");
    // Junk from the same client is refused (429), never held.
    let junk = worker().post_json_from(&flooder, "/api/reports", "{ not json");
    assert_problem(&junk, 429);
    // Another reporter of the same school is still answered as always.
    let reporter = worker().post_json("/api/reports", &report("demo", &new_id()).to_string());
    assert_eq!(reporter.status, 202, "{}", reporter.body);
    assert!(reporter.json().get("held").is_none(), "{}", reporter.body);
}

#[test]
fn the_delivery_route_is_limited_per_client_before_any_id_is_looked_up() {
    let prober = brud_e2e::fresh_client();
    let mut statuses = Vec::new();
    for _ in 0..130 {
        let path = format!("/api/reports/{}/delivery", new_id());
        let reply = worker().request("GET", &path, &[("cf-connecting-ip", &prober)], None);
        statuses.push(reply.status);
        if reply.status == 429 {
            assert_problem(&reply, 429);
            break;
        }
        assert_eq!(reply.status, 404, "{}", reply.body);
    }
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    // Unknown ids count like known ones: the prober is stopped at the limit
    // (60 a minute; at most two windows' worth across a window's end).
    assert!(statuses.len() <= 121, "{}", statuses.len());
    let other = worker().request(
        "GET",
        &format!("/api/reports/{}/delivery", new_id()),
        &[("cf-connecting-ip", &brud_e2e::fresh_client())],
        None,
    );
    assert_eq!(other.status, 404, "{}", other.body);
}

#[test]
fn an_ipv6_client_is_counted_by_its_64_and_junk_for_unknown_schools_counts_too() {
    // A /64 of its own, from a fresh client number.
    let fresh = brud_e2e::fresh_client();
    let parts: Vec<u32> = fresh.split('.').map(|p| p.parse().unwrap()).collect();
    let network = format!("2001:db8:{:x}:{:x}", parts[1], parts[2] << 8 | parts[3]);
    let mut statuses = Vec::new();
    for i in 1..=30u32 {
        // Another address within the /64 each time, and a body the Worker
        // never gets to read as a report: malformed, or for a school that
        // does not exist.
        let client = format!("{network}::{i:x}");
        let body = if i % 2 == 0 {
            "{ not json".to_string()
        } else {
            report("no-such-school", &new_id()).to_string()
        };
        let reply = worker().post_json_from(&client, "/api/reports", &body);
        statuses.push(reply.status);
        if reply.status == 429 {
            assert_problem(&reply, 429);
            break;
        }
        assert!((400..500).contains(&reply.status), "{}", reply.body);
    }
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    // 10 a minute in fixed windows: at most two windows' worth.
    assert!(statuses.len() <= 21, "{statuses:?}");
    // The next /64 is another client, and its valid report is taken.
    let neighbour = format!(
        "2001:db8:{:x}:{:x}::1",
        parts[1] + 0x100,
        parts[2] << 8 | parts[3]
    );
    let reply = worker().post_json_from(
        &neighbour,
        "/api/reports",
        &report("demo", &new_id()).to_string(),
    );
    assert_eq!(reply.status, 202, "{}", reply.body);
}

/// The demo school's intranet origins, as configured (`config/orgs.toml`).
fn demo_embed_origins() -> Vec<String> {
    let directory = brud_config::builtin().unwrap();
    let origins = directory.get("demo").unwrap().embed_origins.clone();
    assert!(!origins.is_empty(), "the demo school can be embedded");
    origins
}

#[test]
fn cors_is_granted_to_the_organisations_own_origins_only() {
    let demo = demo_embed_origins();
    let demo_origin = demo[0].as_str();
    let evil = "https://evil.example";
    let preflight = |origin: &str| {
        worker().request(
            "OPTIONS",
            "/api/reports",
            &[
                ("origin", origin),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type"),
            ],
            None,
        )
    };
    let allowed = preflight(demo_origin);
    assert_eq!(allowed.status, 204);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some(demo_origin)
    );
    assert!(allowed
        .header("access-control-allow-methods")
        .unwrap()
        .contains("POST"));
    let refused = preflight(evil);
    assert_eq!(refused.header("access-control-allow-origin"), None);

    let get = |path: &str, origin: &str| worker().request("GET", path, &[("origin", origin)], None);
    assert_eq!(
        get("/api/orgs/demo", demo_origin).header("access-control-allow-origin"),
        Some(demo_origin)
    );
    assert_eq!(
        get("/api/orgs/demo", evil).header("access-control-allow-origin"),
        None
    );
    // Zahles's intranet may not read the demo school's profile.
    assert_eq!(
        get("/api/orgs/demo", "https://intra.zahles.example").header("access-control-allow-origin"),
        None
    );

    let body = report("demo", &new_id()).to_string();
    let post = |origin: &str| {
        worker().request(
            "POST",
            "/api/reports",
            &[("content-type", "application/json"), ("origin", origin)],
            Some(body.as_bytes()),
        )
    };
    assert_eq!(
        post(demo_origin).header("access-control-allow-origin"),
        Some(demo_origin)
    );
    assert_eq!(
        post("https://intra.zahles.example").header("access-control-allow-origin"),
        None
    );
}

#[test]
fn a_local_embed_origin_is_granted_on_loopback_and_for_its_organisation_only() {
    let preflight = |origin: &str| {
        worker()
            .request(
                "OPTIONS",
                "/api/reports",
                &[
                    ("origin", origin),
                    ("access-control-request-method", "POST"),
                ],
                None,
            )
            .header("access-control-allow-origin")
            .map(str::to_string)
    };
    assert_eq!(
        preflight("http://127.0.0.1:9").as_deref(),
        Some("http://127.0.0.1:9")
    );
    assert_eq!(
        preflight("https://evil.example"),
        None,
        "not loopback: ignored"
    );
    let csp = |org: &str| {
        worker()
            .get(&format!("/?org={org}"))
            .header("content-security-policy")
            .unwrap_or_default()
            .to_string()
    };
    assert!(csp("demo").contains("http://127.0.0.1:9"));
    assert!(!csp("demo").contains("evil.example"));
    assert!(!csp("zahles").contains("http://127.0.0.1:9"), "demo's only");
    let get = |org: &str| {
        worker()
            .request(
                "GET",
                &format!("/api/orgs/{org}"),
                &[("origin", "http://127.0.0.1:9")],
                None,
            )
            .header("access-control-allow-origin")
            .map(str::to_string)
    };
    assert_eq!(get("demo").as_deref(), Some("http://127.0.0.1:9"));
    assert_eq!(get("zahles"), None);
}

#[test]
fn the_form_is_served_with_security_headers() {
    let reply = worker().get("/?org=demo");
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("<html lang=\"da\">"));
    let csp = reply.header("content-security-policy").expect("CSP");
    let script_src = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(script_src.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    let ancestors = format!(
        "frame-ancestors 'self' {} http://127.0.0.1:9",
        demo_embed_origins().join(" ")
    );
    assert!(csp.ends_with(&ancestors), "{csp}");
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
    // Without an organisation, nobody else may frame it.
    let plain = worker().get("/");
    assert!(plain
        .header("content-security-policy")
        .unwrap()
        .ends_with("frame-ancestors 'self'"));
    // API responses carry the basics too.
    let api = worker().get("/api/health");
    assert_eq!(api.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(api.header("referrer-policy"), Some("no-referrer"));
}

#[test]
fn the_page_carries_the_schools_public_profile_and_nothing_more() {
    let reply = worker().get("/?org=zahles");
    assert_eq!(reply.status, 200);
    let start = reply
        .body
        .find("<script type=\"application/json\" id=\"brud-org\">")
        .expect("the profile is in the page");
    let json_start = reply.body[start..].find('>').unwrap() + start + 1;
    let json_end = reply.body[json_start..].find("</script>").unwrap() + json_start;
    let profile: serde_json::Value =
        serde_json::from_str(&reply.body[json_start..json_end]).unwrap();
    let public = worker().get("/api/orgs/zahles");
    assert_eq!(
        profile,
        serde_json::from_str::<serde_json::Value>(&public.body).unwrap()
    );
    assert!(!reply.body.contains("notification_endpoint") && !reply.body.contains("embed_origins"));
    assert!(
        reply.body.find("</body>").unwrap() > json_end,
        "inside the body"
    );
    // The page varies with the profile, so it is not cached by the asset's ETag.
    assert_eq!(reply.header("etag"), None);
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    assert!(reply.header("content-security-policy").is_some());
    // No school, or an unknown one: the plain page.
    for path in ["/", "/?org=nowhere"] {
        assert!(!worker().get(path).body.contains("brud-org"), "{path}");
    }
    // Other files are served as they are.
    assert!(!worker()
        .get("/brud.css?org=zahles")
        .body
        .contains("brud-org"));
}

#[test]
fn concurrent_reports_get_distinct_references_without_gaps() {
    // The Kulturskole's numbering is used by this test only.
    let ids: Vec<String> = (0..12).map(|_| new_id()).collect();
    let references: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = ids
            .iter()
            .map(|id| scope.spawn(move || worker().submit(&report("aalborg-kulturskole", id))))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                let reply = h.join().unwrap();
                assert_eq!(reply.status, 202, "{}", reply.body);
                reply.json()["reference"].as_str().unwrap().to_string()
            })
            .collect()
    });
    let mut numbers: Vec<u32> = references
        .iter()
        .map(|r| {
            assert!(r.starts_with("AKS-20"), "{r}");
            r.rsplit('-').next().unwrap().parse().unwrap()
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=12).collect::<Vec<u32>>(), "{references:?}");
}

#[test]
fn logs_carry_no_report_content() {
    let id = new_id();
    assert_eq!(worker().submit(&report("demo", &id)).status, 202);
    worker().wait_for_first_delivery(&id);
    let logs = worker().logs();
    assert!(logs.contains(&id), "ids are logged");
    for content in ["MARKER", "Anne", "anne@example.dk", "Palle Vang", "PPR"] {
        assert!(!logs.contains(content), "{content:?} in the logs");
    }
}

#[test]
fn the_sweep_queues_a_report_stored_but_never_queued_exactly_once() {
    let (_turn, w) = worker_opened_from_outside();
    let id = new_id();
    let body = report("demo", &id);
    assert_eq!(w.submit(&body).status, 202);
    w.wait_for_state("delivered", &id, Duration::from_secs(20));
    // Rewind the row to what a failed queue send leaves behind when the
    // client never retries: stored, pending, never queued, overdue.
    w.d1_execute(&format!(
        "UPDATE reports SET queued = 0, status = 'pending', attempts = 0, payload = NULL,
                next_attempt_at = 0, held_until = NULL, webhook_sent_at = NULL, mail_sent_at = NULL
                WHERE id = '{id}'"
    ));
    // Two runs of the Cron Trigger, back to back: the first claims the
    // report, the second finds nothing overdue.
    w.scheduled();
    w.scheduled();
    let deliveries = w
        .sink
        .wait_for(&id, Duration::from_secs(20), |d| d.len() >= 2);
    assert_eq!(
        deliveries.len(),
        2,
        "the sweep put the report back on its way"
    );
    w.wait_for_state("delivered", &id, Duration::from_secs(20));
    let row = w.d1_query(&format!("SELECT queued FROM reports WHERE id = '{id}'"));
    assert_eq!(row[0]["queued"], 1);
    // Once delivered, later sweeps send nothing.
    w.scheduled();
    w.flush_deliveries();
    assert_eq!(w.sink.deliveries_of(&id).len(), 2, "sent once per sweep");
}

#[test]
fn a_delivery_that_times_out_is_aborted_and_sent_once_more() {
    // Two reports sent back to back share a batch of the delivery queue,
    // which the Worker settles in order: the first stalls past the 2 s
    // timeout, the second takes 1.5 s. A request that is only abandoned
    // stays open until the whole batch is done (workerd cancels it then);
    // an aborted one closes at its timeout, while the batch goes on.
    let stalled = new_id();
    let slow = new_id();
    worker()
        .sink
        .set_behaviour(&stalled, Behaviour::StallFirst(1));
    worker().sink.set_behaviour(&slow, Behaviour::Slow);
    assert_eq!(worker().submit(&report("demo", &stalled)).status, 202);
    assert_eq!(worker().submit(&report("demo", &slow)).status, 202);
    let deliveries = worker()
        .sink
        .wait_for(&stalled, Duration::from_secs(40), |d| {
            d.len() >= 2
                && d.iter()
                    .any(|d| d.answered == 200 && d.client_gone_after.is_none())
        });
    assert_eq!(deliveries.len(), 2, "{deliveries:?}");
    let gone = deliveries[0]
        .client_gone_after
        .expect("the Worker closed the attempt that outlived its timeout");
    assert!(
        gone < Duration::from_millis(3000),
        "closed {gone:?} after it was sent: at its 2 s timeout, not when the batch ended"
    );
    assert_eq!(deliveries[1].client_gone_after, None);
    let state = worker().wait_for_state("delivered", &stalled, Duration::from_secs(20));
    assert_eq!(
        state["attempts"], 2,
        "the timed-out attempt counted as failed: {state}"
    );
    worker().flush_deliveries();
    assert_eq!(
        worker().sink.deliveries_of(&stalled).len(),
        2,
        "and nothing after"
    );
}

#[test]
fn the_stored_reference_is_the_domains_formatting() {
    let (_turn, w) = worker_opened_from_outside();
    let id = new_id();
    let receipt = w.submit(&report("demo", &id));
    assert_eq!(receipt.status, 202, "{}", receipt.body);
    w.wait_for_state("delivered", &id, Duration::from_secs(20));
    let row = w.d1_query(&format!(
        "SELECT reference, year, number FROM reports WHERE id = '{id}'"
    ));
    let row = &row[0];
    let formatted = Reference {
        short_code: "DEMO".into(),
        year: row["year"].as_i64().unwrap() as i32,
        number: row["number"].as_u64().unwrap() as u32,
    }
    .to_string();
    assert_eq!(row["reference"], formatted.as_str());
    assert_eq!(receipt.json()["reference"], formatted.as_str());
    assert_eq!(
        formatted.parse::<Reference>().map(|r| r.number),
        Ok(row["number"].as_u64().unwrap() as u32)
    );
}

#[test]
fn a_report_that_says_the_same_thing_twice_is_assessed() {
    let mut body = report("demo", &new_id());
    body["nature"]["availability"] = false.into();
    body["circumstances"]["availability_loss"] = "none".into();
    let reply = worker().post_json("/api/assess", &body.to_string());
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.json()["risk"].is_string());
}

/// Seconds since the Unix epoch, now.
fn unix_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn the_breach_mailbox_gets_its_cap_then_one_summary_of_the_mails_held() {
    // Two mails per 20-second period (the default is 20 an hour).
    static WORKER: OnceLock<Worker> = OnceLock::new();
    let mut vars: Vec<_> = VARS
        .iter()
        .filter(|(name, _)| *name != "MAIL_CAP")
        .copied()
        .collect();
    vars.push(("MAIL_CAP", "2/20"));
    let w = WORKER.get_or_init(|| Worker::start("mail-cap", &vars));
    // Four reports early in one period, from four reporters.
    until("early in a period", Duration::from_secs(25), || {
        (unix_seconds() % 20 < 8).then_some(())
    });
    let period = unix_seconds() / 20;
    let mut sent = Vec::new();
    for _ in 0..4 {
        let id = new_id();
        let reply = w.post_json_from(
            &brud_e2e::fresh_client(),
            "/api/reports",
            &report("demo", &id).to_string(),
        );
        assert_eq!(reply.status, 202, "{}", reply.body);
        sent.push((id, reply.json()["reference"].as_str().unwrap().to_string()));
    }
    for (id, _) in &sent {
        let channels = settled_channels(w, id);
        assert_eq!(
            channels[0]["status"], "delivered",
            "every webhook goes: {channels}"
        );
    }
    assert_eq!(
        unix_seconds() / 20,
        period,
        "the test ran within one period"
    );
    let mailed: Vec<&str> = sent
        .iter()
        .filter(|(_, reference)| !mails_about(w, reference).is_empty())
        .map(|(_, reference)| reference.as_str())
        .collect();
    assert_eq!(mailed.len(), 2, "two mailed: {mailed:?}");
    let held: Vec<&str> = sent
        .iter()
        .map(|(_, reference)| reference.as_str())
        .filter(|reference| !mailed.contains(reference))
        .collect();

    // Once the period is over, the scheduled run sends one summary.
    until("the period is over", Duration::from_secs(25), || {
        (unix_seconds() / 20 != period).then_some(())
    });
    w.scheduled();
    w.scheduled();
    let summaries: Vec<SentMail> = w
        .mails()
        .into_iter()
        .filter(|mail| mail.subject.starts_with("Brud: 2 indberetninger"))
        .collect();
    assert_eq!(summaries.len(), 1, "one summary: {summaries:#?}");
    let summary = &summaries[0];
    assert_eq!(summary.to, ["sikkerhedsbrud@demo.example"]);
    for reference in &held {
        assert!(
            summary.text.contains(&format!("- {reference}\n")),
            "{}",
            summary.text
        );
    }
    for reference in &mailed {
        assert!(!summary.text.contains(reference), "{}", summary.text);
    }
    assert!(
        summary.text.contains("står i registret"),
        "{}",
        summary.text
    );
    // The held reports' mail counts as sent with the summary, and each is a
    // case in the register.
    for (id, reference) in &sent {
        let channels = w.get(&format!("/api/reports/{id}/delivery")).json()["channels"].clone();
        assert!(
            channels[1]["sent_at"].is_string(),
            "{reference}: {channels}"
        );
    }
    let register = w.get_as(DEMO_DPO, "/api/desk/orgs/demo/cases").json();
    let listed = register.to_string();
    for (_, reference) in &sent {
        assert!(
            listed.contains(reference.as_str()),
            "{reference} in the register"
        );
    }
}

#[test]
fn a_dpo_shared_by_two_schools_gets_its_cap_of_new_case_mails_then_one_summary() {
    // Two "new case" mails per 20-second period for each recipient.
    static WORKER: OnceLock<Worker> = OnceLock::new();
    let mut vars: Vec<_> = VARS
        .iter()
        .filter(|(name, _)| *name != "DPO_MAIL_CAP")
        .copied()
        .collect();
    vars.push(("DPO_MAIL_CAP", "2/20"));
    let w = WORKER.get_or_init(|| Worker::start("dpo-mail-cap", &vars));
    until("early in a period", Duration::from_secs(25), || {
        (unix_seconds() % 20 < 8).then_some(())
    });
    let period = unix_seconds() / 20;
    // Two reports at each of the two schools the demo DPO serves.
    let mut sent = Vec::new();
    for org in ["demo", "demo-nord", "demo", "demo-nord"] {
        let id = new_id();
        let reply = w.post_json_from(
            &brud_e2e::fresh_client(),
            "/api/reports",
            &report(org, &id).to_string(),
        );
        assert_eq!(reply.status, 202, "{}", reply.body);
        sent.push((id, reply.json()["reference"].as_str().unwrap().to_string()));
    }
    let new_case_mails = |reference: &str| -> Vec<SentMail> {
        w.mails()
            .into_iter()
            .filter(|mail| mail.subject.starts_with("Ny sag: ") && mail.subject.contains(reference))
            .collect()
    };
    assert_eq!(
        unix_seconds() / 20,
        period,
        "the reports came within one period"
    );
    // Two are mailed to the DPO at once ...
    until("two new-case mails", Duration::from_secs(15), || {
        let mailed = sent
            .iter()
            .filter(|(_, reference)| !new_case_mails(reference).is_empty())
            .count();
        (mailed >= 2).then_some(())
    });
    // ... and no more by the end of the period (each notice is tried at
    // once after its report; the period is 12 s or more away).
    until("the period is over", Duration::from_secs(25), || {
        (unix_seconds() / 20 != period).then_some(())
    });
    let mailed: Vec<&str> = sent
        .iter()
        .map(|(_, reference)| reference.as_str())
        .filter(|reference| !new_case_mails(reference).is_empty())
        .collect();
    assert_eq!(mailed.len(), 2, "two mailed: {mailed:?}");
    for reference in &mailed {
        assert_eq!(new_case_mails(reference)[0].to, [DEMO_DPO]);
    }
    let held: Vec<&str> = sent
        .iter()
        .map(|(_, reference)| reference.as_str())
        .filter(|reference| !mailed.contains(reference))
        .collect();

    // The scheduled run then sends the DPO one summary naming the held
    // cases under their schools; the next run sends none.
    w.scheduled();
    w.scheduled();
    let summaries: Vec<SentMail> = w
        .mails()
        .into_iter()
        .filter(|mail| mail.subject.starts_with("Brud: 2 nye sager"))
        .collect();
    assert_eq!(summaries.len(), 1, "one summary: {summaries:#?}");
    let summary = &summaries[0];
    assert_eq!(summary.to, [DEMO_DPO]);
    for reference in &held {
        assert!(
            summary.text.contains(&format!("- {reference}\n")),
            "{}",
            summary.text
        );
        let school = if reference.starts_with("DEMN-") {
            "Demoskolen Nord:"
        } else {
            "Demoskolen:"
        };
        assert!(summary.text.contains(school), "{}", summary.text);
    }
    for reference in &mailed {
        assert!(!summary.text.contains(reference), "{}", summary.text);
    }
    // Every case is in its school's register whatever its mail.
    for (org, (_, reference)) in ["demo", "demo-nord", "demo", "demo-nord"].iter().zip(&sent) {
        let register = w
            .get_as(DEMO_DPO, &format!("/api/desk/orgs/{org}/cases"))
            .json()
            .to_string();
        assert!(
            register.contains(reference.as_str()),
            "{reference} in {org}"
        );
    }
}

#[test]
fn the_dpo_is_told_once_when_a_school_reaches_its_ceiling() {
    static WORKER: OnceLock<Worker> = OnceLock::new();
    let w = WORKER.get_or_init(|| Worker::start("ceiling", VARS));
    let body = report("demo", &new_id()).to_string();
    // Many clients, each under its own limit (60 a minute on assess),
    // together past the school's ceiling (600 a minute).
    let mut client = brud_e2e::fresh_client();
    let mut refused = 0;
    for n in 0..1300 {
        if n % 50 == 0 {
            client = brud_e2e::fresh_client();
        }
        let reply = w.post_json_from(&client, "/api/assess", &body);
        if reply.status == 429 {
            refused += 1;
            if refused == 3 {
                break;
            }
            client = brud_e2e::fresh_client();
            continue;
        }
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    assert_eq!(refused, 3, "the school's ceiling refuses");
    let dpo = brud_config::builtin()
        .unwrap()
        .get("demo")
        .unwrap()
        .dpo
        .email
        .clone();
    let alerts: Vec<SentMail> = until("the DPO's alert", Duration::from_secs(10), || {
        let alerts: Vec<SentMail> = w
            .mails()
            .into_iter()
            .filter(|mail| mail.subject.contains("loftet for skolen er nået"))
            .collect();
        (!alerts.is_empty()).then_some(alerts)
    });
    assert_eq!(alerts.len(), 1, "told once, not per refusal: {alerts:#?}");
    assert!(alerts[0].to.contains(&dpo), "{:?}", alerts[0].to);
}
