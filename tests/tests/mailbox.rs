//! The breach mailbox end to end: real MIME messages through `wrangler
//! dev`'s local email endpoint (`POST /cdn-cgi/handler/email`) to the
//! Worker's `email` handler, each forwarded first to the school's real
//! mailbox (`config/mailboxes.toml`), then a case received by mail, a
//! mail on the case it answers, or nothing more.
//!
//! One Worker of its own; the steps run in one test, in order, since each
//! counts the forwards and cases the ones before left.

use std::time::Duration;

use brud_e2e::{until, Worker, ACCESS_HEADER, DEMO_DPO, DEMO_LEADER, MAIL_FROM};
use serde_json::Value;

const MAILBOX: &str = "sikkerhedsbrud@demo.example";
const FORWARD_TO: &str = "sikkerhedsbrud-arkiv@demo.example";

/// Sends `raw` from `from` to the breach mailbox, as Email Routing would.
fn deliver(w: &Worker, from: &str, raw: &[u8]) {
    let path = format!(
        "/cdn-cgi/handler/email?from={}&to={}",
        brud_shared::uri::percent_encode(from),
        brud_shared::uri::percent_encode(MAILBOX)
    );
    let reply = w.request(
        "POST",
        &path,
        &[("content-type", "message/rfc822")],
        Some(raw),
    );
    assert!(reply.status < 300, "{}: {}", reply.status, reply.body);
}

/// How many messages the handler has forwarded to the school's mailbox.
fn forwarded(w: &Worker) -> usize {
    let logs = w.logs();
    logs.match_indices("Email handler forwarded message")
        .filter(|(at, _)| logs[*at..].lines().take(3).any(|l| l.contains(FORWARD_TO)))
        .count()
}

/// The demo school's cases, newest first.
fn cases(w: &Worker) -> Vec<Value> {
    let list = w.get_as(
        DEMO_DPO,
        "/api/desk/orgs/demo/cases?sort=newest&per_page=100",
    );
    assert_eq!(list.status, 200, "{}", list.body);
    list.json()["cases"].as_array().cloned().unwrap_or_default()
}

/// Delivers `raw` and waits until it was forwarded; then the case it
/// opened, if it opened one (within a few seconds).
fn deliver_and_see(w: &Worker, from: &str, raw: &[u8], opens: bool) -> Option<Value> {
    let (before_forwards, before_cases) = (forwarded(w), cases(w).len());
    deliver(w, from, raw);
    until("the message forwarded", Duration::from_secs(10), || {
        (forwarded(w) == before_forwards + 1).then_some(())
    });
    if !opens {
        // The handler has finished when the endpoint answers: no case.
        assert_eq!(cases(w).len(), before_cases, "no case opened");
        return None;
    }
    let newest = until("the case opened", Duration::from_secs(10), || {
        let now = cases(w);
        (now.len() == before_cases + 1).then(|| now[0].clone())
    });
    let reference = newest["reference"].as_str().unwrap();
    let detail = w.get_as(DEMO_DPO, &format!("/api/desk/orgs/demo/cases/{reference}"));
    assert_eq!(detail.status, 200, "{}", detail.body);
    Some(detail.json())
}

/// The case `detail` keeps the mail `raw` whole, as it came: one file,
/// `mail.eml`, of its bytes, recorded by the system with its SHA-256.
fn kept_whole(w: &Worker, detail: &Value, raw: &[u8]) {
    let reference = detail["reference"].as_str().unwrap();
    let path = format!("/api/desk/orgs/demo/cases/{reference}");
    let detail = until("the mail kept on the case", Duration::from_secs(10), || {
        let detail = w.get_as(DEMO_DPO, &path).json();
        (!detail["case"]["attachments"].as_array()?.is_empty()).then_some(detail)
    });
    let files = detail["case"]["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0]["name"], "mail.eml");
    assert_eq!(files[0]["type"], "message/rfc822");
    assert_eq!(files[0]["size"], raw.len());
    assert_eq!(files[0]["sha256"], brud_shared::webhook::sha256_hex(raw));
    let got = w.request(
        "GET",
        &format!("{path}/attachments/{}", files[0]["id"].as_str().unwrap()),
        &[(ACCESS_HEADER, &w.access.token(DEMO_DPO))],
        None,
    );
    assert_eq!(got.status, 200);
    assert_eq!(got.header("content-type"), Some("message/rfc822"));
}

fn description(detail: &Value) -> String {
    detail["case"]["report"]["nature"]["description"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn every_mail_to_the_breach_mailbox_is_forwarded_then_opens_a_case_joins_one_or_stops() {
    let w = Worker::start(
        "mailbox",
        &[("DPO_MAIL_CAP", "1000/3600"), ("MAIL_MAX_BYTES", "20000")],
    );

    // Multipart text and HTML, Danish in quoted-printable, from staff.
    let multipart = "From: =?utf-8?q?L=C3=A6rer_Hansen?= <laerer@demo.example>\r\n\
To: sikkerhedsbrud@demo.example\r\nSubject: Elevplan sendt til forkert =?utf-8?q?for=C3=A6lder?=\r\n\
Date: Mon, 07 Dec 2026 09:15:00 +0100\r\nMessage-ID: <a1@demo.example>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n--b\r\n\
Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
Jeg sendte Emmas elevplan til den forkerte for=C3=A6lder i 3.B.\r\n--b\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n<p>Jeg sendte Emmas elevplan til den forkerte forælder i 3.B.</p>\r\n--b--\r\n";
    let case = deliver_and_see(&w, "laerer@demo.example", multipart.as_bytes(), true).unwrap();
    let first = case["reference"].as_str().unwrap().to_string();
    let text = description(&case);
    assert!(
        text.contains("Elevplan sendt til forkert forælder"),
        "{text}"
    );
    assert!(text.contains("den forkerte forælder i 3.B."), "{text}");
    assert_eq!(
        case["case"]["report"]["reporter"]["email"],
        "laerer@demo.example"
    );
    assert_eq!(case["case"]["received_by_mail"], true, "{case}");
    // Its 72 hours run from its arrival, and the DPO hears of it.
    let opened_at: chrono::DateTime<chrono::Utc> =
        case["case"]["opened_at"].as_str().unwrap().parse().unwrap();
    let aware: chrono::DateTime<chrono::Utc> = case["case"]["report"]["timeline"]["aware_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (opened_at - aware).num_seconds().abs() <= 1,
        "{opened_at} {aware}"
    );
    let listed = cases(&w);
    assert_eq!(
        listed[0]["deadline_state"]["state"], "open",
        "{}",
        listed[0]
    );
    let open: Vec<&str> = case["open_obligations"]
        .as_array()
        .map(|o| o.iter().filter_map(|p| p["field"].as_str()).collect())
        .unwrap_or_default();
    assert!(open.contains(&"facts"), "the facts are asked for: {case}");
    until("the DPO's new-case mail", Duration::from_secs(10), || {
        w.mails()
            .into_iter()
            .find(|m| m.subject.starts_with("Ny sag: ") && m.subject.contains(&first))
    });

    // HTML only, Danish in base64.
    let html = "From: leder@demo.example\r\nTo: sikkerhedsbrud@demo.example\r\nSubject: Tabt computer\r\n\
Date: Mon, 07 Dec 2026 10:00:00 +0100\r\nMessage-ID: <m1@test.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\
Content-Transfer-Encoding: base64\r\n\r\n\
PGh0bWw+PGJvZHk+PHA+Q29tcHV0ZXJlbiBtZWQgZWxldmRhdGEgZXIgdsOmayBmcmEgbMOmcmVydsOmcmVsc2V0LjwvcD48L2JvZHk+PC9odG1sPg==\r\n";
    let case = deliver_and_see(&w, "leder@demo.example", html.as_bytes(), true).unwrap();
    let text = description(&case);
    assert!(
        text.contains("Computeren med elevdata er væk fra lærerværelset."),
        "{text}"
    );
    assert!(!text.contains("<p>"), "{text}");

    // An attachment, from a named outsider.
    let attached = "From: it@leverandor.example\r\nTo: sikkerhedsbrud@demo.example\r\nSubject: Fejl i adgangsstyring\r\n\
Date: Mon, 07 Dec 2026 10:30:00 +0100\r\nMessage-ID: <m2@test.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n\
--m\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSe vedhæftede log.\r\n--m\r\n\
Content-Type: application/pdf; name=\"adgangslog.pdf\"\r\nContent-Disposition: attachment; filename=\"adgangslog.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcTl8uXr\r\n--m--\r\n";
    let case = deliver_and_see(&w, "it@leverandor.example", attached.as_bytes(), true).unwrap();
    assert!(
        description(&case).contains("Vedhæftet: adgangslog.pdf"),
        "{}",
        description(&case)
    );

    // A reply naming the first case: added to it, no new case.
    let reply = format!(
        "From: leder@demo.example\r\nTo: sikkerhedsbrud@demo.example\r\nSubject: SV: {first} Elevplan\r\n\
Date: Mon, 07 Dec 2026 11:00:00 +0100\r\nMessage-ID: <m3@test.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Forælderen har slettet mailen.\r\n"
    );
    deliver_and_see(&w, "leder@demo.example", reply.as_bytes(), false);
    let detail = w
        .get_as(DEMO_LEADER, &format!("/api/desk/orgs/demo/cases/{first}"))
        .json();
    let events = detail["events"].as_array().unwrap();
    let mail = events
        .iter()
        .find(|e| e["kind"] == "mail_received")
        .expect("the reply on the case");
    assert_eq!(mail["actor"], "system");
    assert!(
        detail
            .to_string()
            .contains("Forælderen har slettet mailen."),
        "{detail}"
    );
    let chain = &detail["chain"];
    assert_eq!(chain["verified"], true, "{chain}");

    // Brud's own breach-mailbox mail about a case: forwarded only.
    let own = format!(
        "From: Brud <{MAIL_FROM}>\r\nTo: sikkerhedsbrud@demo.example\r\nSubject: Sikkerhedsbrud {first}: risiko\r\n\
Date: Mon, 07 Dec 2026 11:30:00 +0100\r\nMessage-ID: <m4@test.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nIndberetningen.\r\n"
    );
    let events_before = events.len();
    deliver_and_see(&w, MAIL_FROM, own.as_bytes(), false);
    let detail = w
        .get_as(DEMO_LEADER, &format!("/api/desk/orgs/demo/cases/{first}"))
        .json();
    assert_eq!(
        detail["events"].as_array().unwrap().len(),
        events_before,
        "not added"
    );

    // A sender the school does not let open cases: forwarded only.
    let stranger = "From: nogen@andetsted.example\r\nTo: sikkerhedsbrud@demo.example\r\nSubject: Køb billige ure\r\n\
Date: Mon, 07 Dec 2026 12:00:00 +0100\r\nMessage-ID: <m5@test.example>\r\nContent-Type: text/plain\r\n\r\nSpam.\r\n";
    deliver_and_see(&w, "nogen@andetsted.example", stranger.as_bytes(), false);

    // A malformed message (a multipart without its boundary, binary
    // garbage for a body; Email Routing, and wrangler dev, pass on only
    // what has a From and a Message-ID): forwarded, and a case all the
    // same, never dropped.
    let mut malformed = b"From: laerer@demo.example\r\nTo: sikkerhedsbrud@demo.example\r\n\
Message-ID: <broken@test.example>\r\nContent-Type: multipart/mixed\r\n\r\n"
        .to_vec();
    malformed.extend([0xff, 0xfe, 0x00, 0x9c, 0x0d, 0x0a, 0x80, 0x81].repeat(20));
    let case = deliver_and_see(&w, "laerer@demo.example", &malformed, true).unwrap();
    assert_eq!(
        case["case"]["report"]["reporter"]["email"],
        "laerer@demo.example"
    );
    assert_eq!(case["case"]["received_by_mail"], true);
    assert!(
        description(&case).contains("kunne ikke læses"),
        "{}",
        description(&case)
    );
    kept_whole(&w, &case, &malformed);

    // One over the limit (20 kB here): forwarded, and a case saying so.
    let big = format!(
        "From: laerer@demo.example\r\nTo: sikkerhedsbrud@demo.example\r\nSubject: Stor fil\r\n\
Date: Mon, 07 Dec 2026 12:30:00 +0100\r\nMessage-ID: <m6@test.example>\r\nContent-Type: text/plain\r\n\r\n{}\r\n",
        "x".repeat(30_000)
    );
    let case = deliver_and_see(&w, "laerer@demo.example", big.as_bytes(), true).unwrap();
    let text = description(&case);
    assert!(
        text.contains("for stor") && text.contains(FORWARD_TO),
        "{text}"
    );
    kept_whole(&w, &case, big.as_bytes());

    // Nothing of the mails in the Worker's log.
    let logs = w.logs();
    for secret in ["Emmas elevplan", "Forælderen har slettet", "adgangslog"] {
        assert!(
            !logs.contains(secret),
            "no mail content in the logs: {secret}"
        );
    }
}
