//! A real HTTP server on 127.0.0.1 that receives Brud's webhook deliveries.
//!
//! It records every delivery (headers, raw body, what it answered), verifies
//! the Standard Webhooks signature with the organisation's secret, and can be
//! told to fail for a report: the first N attempts, or always. Served by
//! [`brud_local_http`] (hyper): a stalled answer sees the moment the
//! Worker gives up and closes the connection (that is what the delivery
//! timeout tests check) as its handler being dropped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use brud_local_http::{answer, body_bytes, sleep, Body, Method, Request, Response, StatusCode};
use hyper::body::Incoming;

use brud_shared::secret::webhook_secret_name;
use brud_shared::webhook;

/// How the endpoint answers deliveries of one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// 200 every time.
    Accept,
    /// 503 for the first N attempts, then 200.
    FailFirst(u32),
    /// 503 every time.
    AlwaysFail,
    /// For the first N attempts, hold the request for [`STALL`] before
    /// answering 200 (a success that comes too late), then 200 at once.
    StallFirst(u32),
    /// 200 every time, after [`SLOW`]: slow, but within the Worker's timeout
    /// in the tests.
    Slow,
}

/// How long a stalled answer is held back.
pub const STALL: Duration = Duration::from_secs(6);

/// How long a slow answer takes.
pub const SLOW: Duration = Duration::from_millis(1500);

/// One delivery as received.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// Lower-cased header names and their values.
    pub headers: HashMap<String, String>,
    /// For a stalled answer: how long after the request arrived the client
    /// closed the connection (it gave up on this attempt and aborted the
    /// request), if it did so within [`STALL`].
    pub client_gone_after: Option<Duration>,
    /// The raw body.
    pub body: Vec<u8>,
    /// The status the endpoint answered.
    pub answered: u16,
    /// Whether the signature verified with the organisation's secret.
    pub signature_ok: bool,
}

impl Delivery {
    /// The `webhook-id` header.
    pub fn id(&self) -> &str {
        self.headers.get("webhook-id").map_or("", String::as_str)
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// A delivery as `scripts/dev` shows it: what it is, whose, whether its
/// signature verifies, and for a report the assessment and the mail to the
/// school (the local demo's content; a real endpoint is the school's).
/// Lines, starting with an empty one.
pub fn describe(delivery: &Delivery) -> String {
    let json = delivery.json();
    let data = &json["data"];
    let text = |value: &serde_json::Value| value.as_str().unwrap_or("-").to_string();
    let verdict = if delivery.signature_ok {
        "signature OK"
    } else {
        "SIGNATURE INVALID"
    };
    let id = delivery.id();
    if json["type"] != "brud.report.received" {
        // A deadline reminder or a case update: the case and its deadline,
        // no content (there is none in it).
        let open: Vec<String> = data["open_obligations"]
            .as_array()
            .map(|items| items.iter().map(text).collect())
            .unwrap_or_default();
        return format!(
            "\n── {} {} ({id}) · {} · {verdict}\n   event: {} {} · deadline: {} {}\n   still open: {}",
            text(&json["type"]),
            text(&data["reference"]),
            text(&data["org"]),
            text(&data["event"]),
            data["reminder"].as_str().unwrap_or(""),
            text(&data["deadline_state"]["state"]),
            text(&data["deadline_state"]["due"]),
            if open.is_empty() { "-".to_string() } else { open.join(", ") },
        );
    }
    let notify = &data["assessment"]["obligations"]["notify_authority"];
    let mut lines = format!(
        "\n── delivery {} ({id}) · {} · {verdict}\n   risk: {} · notify Datatilsynet: {} · deadline: {}\n   To: {}\n   Subject: {}",
        data["reference"].as_str().unwrap_or("?"),
        data["org"].as_str().unwrap_or("?"),
        data["assessment"]["risk"].as_str().unwrap_or("?"),
        notify["required"],
        notify["deadline"].as_str().unwrap_or("-"),
        data["mail"]["to"].as_str().unwrap_or("?"),
        data["mail"]["subject"].as_str().unwrap_or("?"),
    );
    for line in data["mail"]["body"].as_str().unwrap_or("").lines() {
        lines.push_str("\n   │ ");
        lines.push_str(line);
    }
    lines
}

#[derive(Default)]
struct State {
    deliveries: Vec<Delivery>,
    behaviour: HashMap<String, Behaviour>,
    attempts: HashMap<String, u32>,
}

/// The running server. Clones share it.
#[derive(Clone)]
pub struct Sink {
    state: Arc<Mutex<State>>,
    secrets: Arc<HashMap<String, String>>,
    port: u16,
}

/// The signing secrets of organisations `org_ids` in a `.dev.vars` file,
/// as org id → secret: each under the Worker secret name the domain gives
/// it ([`webhook_secret_name`]), so the sink never reverses the name.
pub fn secrets_from_dev_vars<'a>(
    text: &str,
    org_ids: impl IntoIterator<Item = &'a str>,
) -> HashMap<String, String> {
    let vars: HashMap<&str, &str> = text
        .lines()
        .filter_map(|line| line.trim().split_once('='))
        .map(|(name, value)| (name.trim(), value.trim().trim_matches('"')))
        .collect();
    org_ids
        .into_iter()
        .filter_map(|org| {
            let secret = vars.get(webhook_secret_name(org).as_str())?;
            Some((org.to_string(), secret.to_string()))
        })
        .collect()
}

fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Sink {
    /// Starts listening on 127.0.0.1:`port` (0 picks a free port).
    /// `secrets` maps organisation ids to their signing secrets.
    pub fn start(port: u16, secrets: HashMap<String, String>) -> std::io::Result<Sink> {
        let listener = brud_local_http::bind(port)?;
        let sink = Sink {
            state: Arc::default(),
            secrets: Arc::new(secrets),
            port: listener.port(),
        };
        let server = sink.clone();
        listener.serve(move |request| server.clone().receive(request))?;
        Ok(sink)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL to point deliveries at.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hooks/brud", self.port)
    }

    /// Sets how deliveries of report `id` are answered.
    pub fn set_behaviour(&self, id: &str, behaviour: Behaviour) {
        self.lock().behaviour.insert(id.to_string(), behaviour);
    }

    /// Every delivery so far.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.lock().deliveries.clone()
    }

    /// The deliveries of report `id`.
    pub fn deliveries_of(&self, id: &str) -> Vec<Delivery> {
        self.deliveries()
            .into_iter()
            .filter(|d| d.id() == id)
            .collect()
    }

    /// Prints each delivery as it arrives ([`describe`]) to standard
    /// output, for as long as the process runs: what `brud-sink` and
    /// `brud-stack` do once started.
    pub fn print_deliveries(&self) -> ! {
        let mut shown = 0;
        loop {
            thread::sleep(Duration::from_millis(200));
            let deliveries = self.deliveries();
            for delivery in &deliveries[shown..] {
                println!("{}", describe(delivery));
            }
            shown = deliveries.len();
        }
    }

    /// Waits until `done` holds for the deliveries of `id`, or `timeout`.
    pub fn wait_for(
        &self,
        id: &str,
        timeout: Duration,
        done: impl Fn(&[Delivery]) -> bool,
    ) -> Vec<Delivery> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let deliveries = self.deliveries_of(id);
            if done(&deliveries) || std::time::Instant::now() > deadline {
                return deliveries;
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Checks a delivery's signature with its organisation's secret.
    fn verify(&self, headers: &HashMap<String, String>, body: &[u8]) -> bool {
        let org = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|json| json["data"]["org"].as_str().map(str::to_string));
        let Some(secret) = org.and_then(|org| self.secrets.get(&org)) else {
            return false;
        };
        let header = |name: &str| headers.get(name).map_or("", String::as_str);
        webhook::verify(
            secret,
            header("webhook-id"),
            header("webhook-timestamp"),
            header("webhook-signature"),
            body,
            now_seconds(),
        )
        .is_ok()
    }

    async fn receive(self, request: Request<Incoming>) -> Response<Body> {
        let is_delivery = request.method() == Method::POST;
        let headers: HashMap<String, String> = request
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = value.to_str().unwrap_or_default();
                (name.as_str().to_string(), value.to_string())
            })
            .collect();
        let body = body_bytes(request.into_body()).await.to_vec();
        if !is_delivery {
            return answer(StatusCode::METHOD_NOT_ALLOWED, &[], "");
        }
        let signature_ok = self.verify(&headers, &body);
        let (status, behaviour, stall) = {
            let mut state = self.lock();
            let id = headers.get("webhook-id").cloned().unwrap_or_default();
            let attempt = {
                let count = state.attempts.entry(id.clone()).or_insert(0);
                *count += 1;
                *count
            };
            let behaviour = state
                .behaviour
                .get(&id)
                .copied()
                .unwrap_or(Behaviour::Accept);
            let status = match behaviour {
                Behaviour::Accept | Behaviour::StallFirst(_) | Behaviour::Slow => StatusCode::OK,
                Behaviour::FailFirst(n) if attempt > n => StatusCode::OK,
                Behaviour::FailFirst(_) | Behaviour::AlwaysFail => StatusCode::SERVICE_UNAVAILABLE,
            };
            let stall = matches!(behaviour, Behaviour::StallFirst(n) if attempt <= n);
            (status, behaviour, stall)
        };
        let delivery = Delivery {
            headers,
            body,
            answered: status.as_u16(),
            signature_ok,
            client_gone_after: None,
        };
        if stall {
            let mut held = Held {
                sink: self.clone(),
                delivery: Some(delivery),
                since: Instant::now(),
            };
            sleep(STALL).await;
            held.record(None);
        } else {
            if behaviour == Behaviour::Slow {
                sleep(SLOW).await;
            }
            self.lock().deliveries.push(delivery);
        }
        answer(status, &[], "")
    }
}

/// A stalled delivery, recorded when the stall ends, or when the client
/// closes the connection first: the server then drops the handler holding
/// it, and it is recorded with how long it was held.
struct Held {
    sink: Sink,
    delivery: Option<Delivery>,
    since: Instant,
}

impl Held {
    fn record(&mut self, client_gone_after: Option<Duration>) {
        if let Some(mut delivery) = self.delivery.take() {
            delivery.client_gone_after = client_gone_after;
            self.sink.lock().deliveries.push(delivery);
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let held = self.since.elapsed();
        self.record(Some(held));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpStream;

    #[test]
    fn reads_secrets_from_dev_vars() {
        let secrets = secrets_from_dev_vars(
            "WEBHOOK_SECRET_DEMO=whsec_a\nWEBHOOK_SECRET_AALBORG_KULTURSKOLE=\"whsec_b\"\nDPO_TOKEN_DEMO=x\nWEBHOOK_SECRET_UNKNOWN=whsec_c\n",
            ["demo", "aalborg-kulturskole", "zahles"],
        );
        assert_eq!(secrets.get("demo").map(String::as_str), Some("whsec_a"));
        assert_eq!(
            secrets.get("aalborg-kulturskole").map(String::as_str),
            Some("whsec_b")
        );
        assert_eq!(secrets.len(), 2);
    }

    #[test]
    fn records_verifies_and_fails_on_request() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let sink =
            Sink::start(0, HashMap::from([("demo".to_string(), secret.to_string())])).unwrap();
        sink.set_behaviour("r1", Behaviour::FailFirst(1));
        let body = br#"{"data":{"org":"demo"}}"#;
        let post = |signature: &str| {
            let mut stream = TcpStream::connect(("127.0.0.1", sink.port())).unwrap();
            let now = now_seconds();
            write!(
                stream,
                "POST /hooks/brud HTTP/1.1\r\nhost: sink\r\nconnection: close\r\nwebhook-id: r1\r\nwebhook-timestamp: {now}\r\nwebhook-signature: {signature}\r\ncontent-length: {}\r\n\r\n",
                body.len()
            )
            .unwrap();
            stream.write_all(body).unwrap();
            let mut answer = String::new();
            stream.read_to_string(&mut answer).unwrap();
            answer
        };
        let good = webhook::sign(secret, "r1", now_seconds(), body);
        assert!(post(&good).starts_with("HTTP/1.1 503"));
        assert!(post("v1,bad").starts_with("HTTP/1.1 200"));
        let deliveries = sink.deliveries_of("r1");
        assert_eq!(deliveries.len(), 2);
        assert!(deliveries[0].signature_ok);
        assert!(!deliveries[1].signature_ok);
    }

    #[test]
    fn a_stalled_request_records_when_the_client_gave_up() {
        let sink = Sink::start(0, HashMap::new()).unwrap();
        sink.set_behaviour("r2", Behaviour::StallFirst(1));
        let mut stream = TcpStream::connect(("127.0.0.1", sink.port())).unwrap();
        write!(
            stream,
            "POST /hooks/brud HTTP/1.1\r\nhost: sink\r\nwebhook-id: r2\r\ncontent-length: 2\r\n\r\n{{}}"
        )
        .unwrap();
        thread::sleep(Duration::from_millis(300));
        drop(stream);
        let deliveries = sink.wait_for("r2", STALL, |d| !d.is_empty());
        let gone = deliveries[0].client_gone_after.expect("the close was seen");
        assert!(
            gone >= Duration::from_millis(250) && gone < Duration::from_millis(1000),
            "{gone:?}"
        );
    }
}
