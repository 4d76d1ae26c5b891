//! Test harness: the real Worker under `wrangler dev` (workerd) on a
//! free port with a fresh D1 database, the notification endpoint pointed at
//! a recording [`Sink`] and Access stood in for by an [`Issuer`], all on
//! 127.0.0.1: a [`Stack`], started as the browser tests and the benchmarks
//! start theirs (`brud-stack`).
//!
//! `wrangler dev` runs in its own process group under a small shell
//! watchdog, so it is stopped when the harness is dropped and also when the
//! test process ends without dropping it (a static harness, a panic).

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::ops::Deref;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub use brud_signin::Issuer;
pub use brud_sink::{Behaviour, Delivery, Sink};
use brud_stack::LOG_KEY_SEED;
pub use brud_stack::{log_signing_key, log_signing_key_of, Options, Stack, MAIL_FROM, SECRETS};

/// Polls `poll` every 100 ms until it gives a value, and returns it;
/// fails the test, naming `what`, after `timeout`. The one place the tests
/// wait: on the Worker's queue, its scheduled run, the mails wrangler
/// writes, a clock.
pub fn until<T>(what: &str, timeout: Duration, poll: impl FnMut() -> Option<T>) -> T {
    until_every(what, timeout, Duration::from_millis(100), poll)
}

/// [`until`], polling every `every` (a route with a rate limit is asked
/// no faster than a client would).
pub fn until_every<T>(
    what: &str,
    timeout: Duration,
    every: Duration,
    mut poll: impl FnMut() -> Option<T>,
) -> T {
    let started = Instant::now();
    loop {
        if let Some(found) = poll() {
            return found;
        }
        assert!(
            started.elapsed() < timeout,
            "{what}: not within {timeout:?}"
        );
        std::thread::sleep(every);
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    brud_stack::root()
}

/// The public half of the harness's log key, made here with
/// `ed25519-dalek` (not read from the Worker): what an export is checked
/// with.
pub fn log_public_key() -> brud_verify::PublicKey {
    use base64::Engine as _;
    let public = ed25519_dalek::SigningKey::from_bytes(&LOG_KEY_SEED)
        .verifying_key()
        .to_bytes();
    brud_verify::PublicKey::parse(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(public))
        .expect("a public key")
}

/// `head` signed with the harness's log key, as the Worker would sign it:
/// for a test that moves a case back in time (what only the key's holder
/// can do and still verify).
pub fn sign_log_head(head: &brud_case::chain::LogHead) -> brud_case::chain::Signature {
    use base64::Engine as _;
    use ed25519_dalek::Signer as _;
    let signature =
        ed25519_dalek::SigningKey::from_bytes(&LOG_KEY_SEED).sign(head.signing_input().as_bytes());
    brud_case::chain::Signature {
        key: log_public_key().id,
        value: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(signature.to_bytes()),
    }
}

/// The header Cloudflare Access signs requests with.
pub const ACCESS_HEADER: &str = "Cf-Access-Jwt-Assertion";

/// The Access application's audience tag the tests' Workers expect.
pub const ACCESS_AUD: &str = "brud-e2e";

/// A mail the Worker sent, as wrangler dev's simulated binding recorded
/// it: the header lines it printed and the parts it wrote to files.
#[derive(Debug, Clone)]
pub struct SentMail {
    /// The From header as printed (`"Brud" <brud@demo.example>`).
    pub from: String,
    /// The recipients.
    pub to: Vec<String>,
    /// The subject.
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
}

/// Demo people with roles in `config/orgs.toml`.
pub const DEMO_DPO: &str = "dpo@demo.example";
/// The demo school's leader.
pub const DEMO_LEADER: &str = "leder@demo.example";
/// The demo school's viewer.
pub const DEMO_VIEWER: &str = "laerer@demo.example";
/// Zahles's leader (no role at the demo school).
pub const ZAHLES_LEADER: &str = "leder@zahles.example";
/// The leader of the second demo school, whose DPO is the demo school's.
pub const DEMO_NORD_LEADER: &str = "leder@demo-nord.example";

/// A running Worker, in a [`Stack`] of its own (read through: `worker.sink`,
/// `worker.access`, `worker.base`, `worker.state`, `worker.log`).
pub struct Worker {
    stack: Stack,
    agent: ureq::Agent,
}

impl Deref for Worker {
    type Target = Stack;

    fn deref(&self) -> &Stack {
        &self.stack
    }
}

/// Runs `command` to the end and returns what it printed; fails the test,
/// with its output, when it fails.
fn run(command: &mut Command, what: &str) -> Vec<u8> {
    run_output(
        command.output().unwrap_or_else(|e| panic!("{what}: {e}")),
        what,
    )
}

fn run_output(output: std::process::Output, what: &str) -> Vec<u8> {
    assert!(
        output.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Tests run in parallel; commands that open the Worker's database from
/// outside (`wrangler d1 execute`) run one at a time, so at most one other
/// process touches the file workerd has open, and the machine is not
/// flooded with Node processes.
fn external_d1_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Worker {
    /// Builds the Worker if needed and starts a stack named `name` for the
    /// Access audience [`ACCESS_AUD`] with `vars` (name, value) added.
    pub fn start(name: &str, vars: &[(&str, &str)]) -> Worker {
        let mut options = Options::new(name);
        options.vars = vars
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        Worker::start_with(options)
    }

    /// [`Worker::start`] with all of the stack's options (a state directory
    /// of an earlier Worker, another log key).
    pub fn start_with(mut options: Options) -> Worker {
        let root = root();
        run(
            Command::new(root.join("scripts/build-worker")).current_dir(&root),
            "scripts/build-worker",
        );
        options.audience = ACCESS_AUD.to_string();
        let stack = Stack::start(&options).unwrap_or_else(|error| panic!("{error}"));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Worker { stack, agent }
    }

    /// Runs SQL against this Worker's local D1 database, as an operator
    /// would with `wrangler d1 execute`.
    pub fn d1_execute(&self, sql: &str) {
        self.d1_query(sql);
    }

    /// Whether this Worker's local evidence bucket holds `key`, as an
    /// operator would ask with `wrangler r2 object get`.
    pub fn evidence_object_exists(&self, key: &str) -> bool {
        let out = std::env::temp_dir().join(format!("brud-r2-{}", new_id()));
        let output = Command::new(root().join("node_modules/.bin/wrangler"))
            .args(["r2", "object", "get"])
            .arg(format!("brud-evidence/{key}"))
            .args(["--local", "--jurisdiction", "eu", "--persist-to"])
            .arg(&self.state)
            .arg("--file")
            .arg(&out)
            .current_dir(root())
            .env("WRANGLER_SEND_METRICS", "false")
            .env("CI", "true")
            .output()
            .expect("r2 object get");
        let found = output.status.success() && out.exists();
        let _ = std::fs::remove_file(&out);
        found
    }

    /// Runs SQL against this Worker's local D1 database and returns the
    /// rows of its result.
    pub fn d1_query(&self, sql: &str) -> Vec<serde_json::Value> {
        let _one_at_a_time = external_d1_lock();
        let mut command = Command::new(root().join("node_modules/.bin/wrangler"));
        command
            .args(["d1", "execute", "DB", "--local", "--json", "--persist-to"])
            .arg(&self.state)
            .args(["--command", sql])
            .current_dir(root())
            .env("WRANGLER_SEND_METRICS", "false")
            .env("CI", "true");
        // The database file is open in the running workerd too; when the
        // Worker is writing, SQLite answers SQLITE_BUSY. Wait and try again,
        // as SQLite's own busy timeout would, for up to 10 s.
        let output = until(
            "d1 execute while the Worker writes",
            Duration::from_secs(10),
            || {
                let output = command.output().expect("d1 execute");
                let said = |bytes: &[u8]| String::from_utf8_lossy(bytes).contains("SQLITE_BUSY");
                let busy =
                    !output.status.success() && (said(&output.stdout) || said(&output.stderr));
                (!busy).then_some(output)
            },
        );
        let stdout = run_output(output, "d1 execute");
        let results: serde_json::Value =
            serde_json::from_slice(&stdout).expect("d1 execute --json");
        results[0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Fires the Worker's Cron Trigger once, as Cloudflare would on
    /// schedule (`wrangler dev --test-scheduled`).
    pub fn scheduled(&self) {
        let reply = self.get("/__scheduled?cron=*/5+*+*+*+*");
        assert_eq!(reply.status, 200, "scheduled run: {}", reply.body);
    }

    /// Every mail the Worker has sent so far, in order: wrangler dev's
    /// simulated `send_email` binding prints From, To and Subject and the
    /// files it wrote the text and HTML parts to.
    pub fn mails(&self) -> Vec<SentMail> {
        let logs = strip_ansi(&self.logs());
        let mut mails = Vec::new();
        for block in logs
            .split("send_email binding called with MessageBuilder:")
            .skip(1)
        {
            let field = |name: &str| {
                block
                    .lines()
                    .find_map(|line| line.trim().strip_prefix(name).map(|v| v.trim().to_string()))
                    .unwrap_or_default()
            };
            let part = |name: &str| fs::read_to_string(field(name)).unwrap_or_default();
            mails.push(SentMail {
                from: field("From:"),
                to: field("To:").split(", ").map(str::to_string).collect(),
                subject: field("Subject:"),
                text: part("Text:"),
                html: part("HTML:"),
            });
        }
        mails
    }

    /// A request; never fails on an HTTP status.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Reply {
        let url = format!("{}{path}", self.base);
        let mut builder = ureq::http::Request::builder().method(method).uri(&url);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder
            .body(body.map(<[u8]>::to_vec).unwrap_or_default())
            .expect("request");
        let mut answer = self.agent.run(request.clone());
        // A pooled connection that wrangler's proxy closed while the test
        // waited (on `wrangler d1 execute`, say) fails at once with "peer
        // disconnected": a GET, which changes nothing, is sent again once.
        if answer.is_err() && method == "GET" {
            answer = self.agent.run(request);
        }
        match answer {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let headers = response
                    .headers()
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.as_str().to_ascii_lowercase(),
                            v.to_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect();
                let mut bytes = Vec::new();
                let _ = response
                    .body_mut()
                    .with_config()
                    .limit(64 * 1024 * 1024)
                    .reader()
                    .read_to_end(&mut bytes);
                Reply {
                    status,
                    headers,
                    body: String::from_utf8_lossy(&bytes).into_owned(),
                    bytes,
                }
            }
            Err(error) => Reply {
                status: 0,
                headers: HashMap::new(),
                body: error.to_string(),
                bytes: Vec::new(),
            },
        }
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[], None)
    }

    /// `GET path` signed in as `email` (a valid token from the stand-in).
    pub fn get_as(&self, email: &str, path: &str) -> Reply {
        let token = self.access.token(email);
        self.request("GET", path, &[(ACCESS_HEADER, &token)], None)
    }

    /// `POST path` with a JSON body, signed in as `email`.
    pub fn post_as(&self, email: &str, path: &str, body: &serde_json::Value) -> Reply {
        let token = self.access.token(email);
        self.request(
            "POST",
            path,
            &[
                (ACCESS_HEADER, &token),
                ("content-type", "application/json"),
                // As a browser's same-origin POST says where it comes from.
                ("origin", &self.base),
            ],
            Some(body.to_string().as_bytes()),
        )
    }

    /// `POST path` with a JSON body, from a client of its own (a fresh
    /// `CF-Connecting-IP`, as reports come from many reporters; the rate
    /// limits count per client, `brud_edge::intake`).
    pub fn post_json(&self, path: &str, body: &str) -> Reply {
        self.post_json_from(&fresh_client(), path, body)
    }

    /// `POST path` with a JSON body from client address `client`.
    pub fn post_json_from(&self, client: &str, path: &str, body: &str) -> Reply {
        self.request(
            "POST",
            path,
            &[
                ("content-type", "application/json"),
                ("cf-connecting-ip", client),
            ],
            Some(body.as_bytes()),
        )
    }
}

/// A client address no other call has had (the benchmarking range,
/// 198.18.0.0/15, which no real client has).
pub fn fresh_client() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("198.{}.{}.{}", 18 + (n >> 16 & 1), n >> 8 & 0xff, n & 0xff)
}

/// An HTTP response.
#[derive(Debug)]
pub struct Reply {
    /// Status (0 when the request failed).
    pub status: u16,
    /// Lower-cased header names.
    pub headers: HashMap<String, String>,
    /// The body as text (lossy for a body that is not UTF-8).
    pub body: String,
    /// The body as it came.
    pub bytes: Vec<u8>,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// A complete, valid report (the API.md example) for `org` with `id`,
/// happened 2¼ hours and noticed one hour before now: the fixture's own
/// dates would pass the 72-hour deadline three days after they were
/// written, and a late report needs a reason.
pub fn report(org: &str, id: &str) -> serde_json::Value {
    // One definition of the example's times for every test, script and the
    // README: scripts/example-report.
    let printed = run(
        Command::new(root().join("scripts/example-report")).arg(org),
        "scripts/example-report",
    );
    let mut report: serde_json::Value =
        serde_json::from_slice(&printed).expect("scripts/example-report prints JSON");
    report["id"] = id.into();
    report
}

/// A fresh UUID-shaped id (v4 layout) from the clock and a counter.
pub fn new_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let a = t ^ (u64::from(std::process::id()) << 32);
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        (a & 0xfff) as u16,
        (n & 0xfff) as u16,
        (n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ t) & 0xffff_ffff_ffff
    )
}

/// `value` with every `null` member removed: API.md lets optional fields be
/// left out or `null`, so reports are compared without them.
pub fn without_nulls(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(without_nulls).collect())
        }
        other => other,
    }
}

/// `text` without terminal colour codes (ESC [ … m).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
