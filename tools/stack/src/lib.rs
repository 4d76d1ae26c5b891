//! One local Brud, started the same way by everything that needs one: the
//! end-to-end tests (`tests/`, in-process), the browser tests and the
//! benchmarks (`brud-stack`, which prints where each part listens).
//!
//! A stack is the Worker in workerd (`wrangler dev`) on a fresh local D1
//! with every migration applied (and, for a benchmark, seeded with SQL),
//! the recording notification sink ([`Sink`]) that verifies each signed
//! delivery, and the stand-in for Cloudflare Access ([`Issuer`]), with its
//! front door before the desk ([`Front`]) when a browser needs to sign in.
//! All on 127.0.0.1, on ports free when asked for and never handed out
//! twice in one run ([`free_port`]).
//!
//! `wrangler dev` runs in a process group of its own under a small shell
//! watchdog that ends the group when the process that started the stack
//! ends, however it ends (a panic, a kill), and then removes the stack's
//! state when [`Options::remove_state`] says so.
//!
//! `scripts/dev` is not a stack: it keeps the developer's D1 between runs
//! and their own `.dev.vars`.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use brud_signin::front::Front;
pub use brud_signin::Issuer;
pub use brud_sink::Sink;

/// Signing secrets of each configured organisation, given to the Worker
/// and to the sink that verifies its deliveries. Test values, never a
/// school's.
pub const SECRETS: &[(&str, &str)] = &[
    ("demo", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
    ("zahles", "whsec_dGVzdC1zZWNyZXQtZm9yLXphaGxlcw=="),
    ("aalborg-kulturskole", "whsec_dGVzdC1zZWNyZXQtZm9yLWFrcw=="),
    ("demo-nord", "whsec_dGVzdC1zZWNyZXQtZm9yLWRlbW8tbm9yZA=="),
];

/// The seed of the Ed25519 key a stack's Worker signs its case logs with.
pub const LOG_KEY_SEED: [u8; 32] = [0x42; 32];

/// The sender a stack's Worker mails from (`MAIL_FROM`).
pub const MAIL_FROM: &str = "brud@demo.example";

/// The log key as the Worker's secret: PKCS #8 DER of [`LOG_KEY_SEED`]
/// (RFC 8410's fixed prefix, then the seed), base64.
pub fn log_signing_key() -> String {
    log_signing_key_of(&LOG_KEY_SEED)
}

/// The Worker's log key secret (PKCS #8 DER, base64) for the Ed25519
/// key of `seed`: a test's second key, for a rotation.
pub fn log_signing_key_of(seed: &[u8; 32]) -> String {
    use base64::Engine as _;
    let mut der = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    der.extend_from_slice(seed);
    base64::engine::general_purpose::STANDARD.encode(der)
}

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("tools/stack is two levels down")
        .to_path_buf()
}

/// A port free now, not handed out before in this process, and below the
/// range the system picks its own ports from (`ip_local_port_range`): the
/// port is bound only seconds later, by wrangler, and in between the
/// system may give a port of its range to any outgoing connection or to
/// workerd's own sockets. A Worker once failed to start so ("Address
/// already in use" on the port it was given). Where the range leaves no
/// room below it, a port the system offers.
pub fn free_port() -> u16 {
    static HANDED_OUT: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    const LOWEST: u16 = 10_000;
    let system_from = ephemeral_range_start();
    let mut handed_out = HANDED_OUT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if system_from > LOWEST + 1_000 {
        let span = u32::from(system_from - LOWEST);
        // Processes start their search at different places (their id and
        // the time), so two test binaries seldom try the same ports.
        let seed = std::process::id()
            ^ std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
        let chosen = (0..span)
            .map(|step| LOWEST + ((seed.wrapping_add(step * 7_919)) % span) as u16)
            .find(|port| {
                !handed_out.contains(port) && TcpListener::bind(("127.0.0.1", *port)).is_ok()
            });
        if let Some(port) = chosen {
            handed_out.push(port);
            return port;
        }
    }
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        if !handed_out.contains(&port) {
            handed_out.push(port);
            return port;
        }
    }
}

/// The first port of the range the system hands out for its own
/// (Linux's `ip_local_port_range`; its default start elsewhere).
fn ephemeral_range_start() -> u16 {
    fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|range| range.split_whitespace().next()?.parse().ok())
        .unwrap_or(32_768)
}

/// What kind of stack to start.
#[derive(Debug, Clone)]
pub struct Options {
    /// Names its state directory, `brud-stacks/NAME-PID-N` in the system's
    /// temporary directory.
    pub name: String,
    /// The Access application's audience the Worker expects.
    pub audience: String,
    /// Worker variables (name, value) set over the stack's own (the sink
    /// as `NOTIFY_ENDPOINT`, the stand-in as `ACCESS_TEAM_DOMAIN`, …).
    pub vars: Vec<(String, String)>,
    /// Also start the front door, for the desk in a browser.
    pub front: bool,
    /// SQL run against the fresh D1 before the Worker starts (a benchmark's
    /// register): straight into the SQLite file with Debian's `sqlite3`,
    /// in one transaction, or through `wrangler d1 execute` without it.
    pub seed: Option<PathBuf>,
    /// Another wrangler configuration than `wrangler.toml`.
    pub config: Option<PathBuf>,
    /// How long the Worker may take to answer `/api/health` (workerd opens
    /// a large local D1 slowly).
    pub wait: Duration,
    /// Remove the state directory when the process that started the stack
    /// ends (kept otherwise, for a failed test's logs).
    pub remove_state: bool,
    /// The Worker's port (a free one when `None`).
    pub port: Option<u16>,
    /// The sink's, the sign-in stand-in's and its front door's ports (0: a
    /// free one each).
    pub sink_port: u16,
    /// See `sink_port`.
    pub issuer_port: u16,
    /// See `sink_port`.
    pub front_port: u16,
    /// A state directory of the caller's, kept across runs (the
    /// developer's D1: migrations not applied yet are applied), instead of
    /// a fresh one in the system's temporary directory.
    pub state: Option<PathBuf>,
    /// The developer's secrets file (`.dev.vars`): the Worker's secrets,
    /// and those the sink checks signatures with, instead of the stack's
    /// own.
    pub dev_vars: Option<PathBuf>,
    /// The log key secret instead of the stack's own ([`log_signing_key`]):
    /// a test of a rotated key.
    pub log_signing_key: Option<String>,
}

impl Options {
    /// A stack named `name` with the defaults: audience `brud-local`, no
    /// front door, no seed, 90 s to start, its state kept.
    pub fn new(name: &str) -> Options {
        Options {
            name: name.to_string(),
            audience: "brud-local".to_string(),
            vars: Vec::new(),
            front: false,
            seed: None,
            config: None,
            wait: Duration::from_secs(90),
            remove_state: false,
            port: None,
            sink_port: 0,
            issuer_port: 0,
            front_port: 0,
            state: None,
            dev_vars: None,
            log_signing_key: None,
        }
    }
}

/// A running stack.
pub struct Stack {
    /// The Worker's port.
    pub port: u16,
    /// The Worker: `http://127.0.0.1:PORT`.
    pub base: String,
    /// The recording notification endpoint.
    pub sink: Sink,
    /// The stand-in for Cloudflare Access the Worker trusts.
    pub access: Issuer,
    /// Access's front door before the Worker, if asked for.
    pub front: Option<Front>,
    /// Where wrangler's and the Worker's output goes.
    pub log: PathBuf,
    /// The local D1 and queue state.
    pub state: PathBuf,
    /// The secrets the Worker was given (an env file).
    pub env_file: PathBuf,
    /// The watchdog shell, leader of wrangler's process group.
    group: Child,
}

/// Runs `command` to the end; its output in the error when it fails.
fn run(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("{what}: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

/// The shell's quoting of `text`.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

impl Stack {
    /// Applies the migrations to a fresh D1 (and the seed), starts the sink,
    /// the sign-in stand-in (and its front door) and `wrangler dev`, and
    /// waits until the Worker answers. The Worker must be built
    /// (`scripts/build-worker`).
    pub fn start(options: &Options) -> Result<Stack, String> {
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let root = root();
        let number = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Outside the repository: `wrangler dev` has restarted the Worker
        // mid-request (a POST then fails with "Cannot reconstruct a Request
        // with a used body") while a stack's D1 lay in the tree it was
        // started from, never while it lay in the system's temporary
        // directory, as the browser tests' always did.
        let state = match &options.state {
            Some(kept) => root.join(kept),
            None => {
                let fresh = std::env::temp_dir().join("brud-stacks").join(format!(
                    "{}-{}-{number}",
                    options.name,
                    std::process::id()
                ));
                let _ = fs::remove_dir_all(&fresh);
                fresh
            }
        };
        fs::create_dir_all(&state).map_err(|e| format!("{}: {e}", state.display()))?;
        let wrangler = root.join("node_modules/.bin/wrangler");
        let config: Vec<String> = options
            .config
            .iter()
            .flat_map(|c| ["-c".to_string(), c.display().to_string()])
            .collect();
        let wrangler_command = || {
            let mut command = Command::new(&wrangler);
            command
                .current_dir(&root)
                .env("WRANGLER_SEND_METRICS", "false")
                .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
                .env("CI", "true");
            command
        };
        run(
            wrangler_command()
                .args(["d1", "migrations", "apply", "DB", "--local", "--persist-to"])
                .arg(&state)
                .args(&config),
            "d1 migrations apply",
        )?;
        if let Some(seed) = &options.seed {
            seed_d1(&state, seed, || {
                let mut command = wrangler_command();
                command.args(&config);
                command
            })?;
        }

        // Secrets in an env file of the stack's own, unless the developer's
        // .dev.vars is asked for (scripts/dev).
        let (env_file, secrets) = match &options.dev_vars {
            Some(dev_vars) => {
                let path = root.join(dev_vars);
                let text =
                    fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let orgs = brud_config::builtin().map_err(|e| format!("{e:?}"))?;
                let ids = orgs.orgs.iter().map(|org| org.id.as_str());
                (path, brud_sink::secrets_from_dev_vars(&text, ids))
            }
            None => {
                let env_file = state.join("stack.vars");
                let mut env_text = String::new();
                for (org, secret) in SECRETS {
                    env_text.push_str(&format!(
                        "{}={secret}\n",
                        brud_shared::secret::webhook_secret_name(org)
                    ));
                }
                let log_key = options
                    .log_signing_key
                    .clone()
                    .unwrap_or_else(log_signing_key);
                env_text.push_str(&format!("LOG_SIGNING_KEY={log_key}\n"));
                fs::write(&env_file, env_text).map_err(|e| format!("env file: {e}"))?;
                let secrets = SECRETS
                    .iter()
                    .map(|(org, secret)| (org.to_string(), secret.to_string()))
                    .collect();
                (env_file, secrets)
            }
        };
        let sink = Sink::start(options.sink_port, secrets).map_err(|e| format!("sink: {e}"))?;
        let access = Issuer::start(options.issuer_port, &options.audience)
            .map_err(|e| format!("sign-in stand-in: {e}"))?;

        let port = options.port.unwrap_or_else(free_port);
        let base = format!("http://127.0.0.1:{port}");
        let front = if options.front {
            let people = brud_signin::front::configured_people();
            Some(
                Front::start(options.front_port, port, access.clone(), people)
                    .map_err(|e| format!("front door: {e}"))?,
            )
        } else {
            None
        };
        let mut vars: Vec<(String, String)> = vec![
            ("NOTIFY_ENDPOINT".into(), sink.url()),
            ("ACCESS_TEAM_DOMAIN".into(), access.url()),
            ("ACCESS_AUD".into(), options.audience.clone()),
            // wrangler dev simulates the mail binding: it prints each mail
            // and writes its parts to files.
            ("MAIL_FROM".into(), MAIL_FROM.into()),
            ("SITE_URL".into(), base.clone()),
        ];
        for (name, value) in &options.vars {
            vars.retain(|(known, _)| known != name);
            vars.push((name.clone(), value.clone()));
        }

        let log = state.join("wrangler.log");
        let mut args = vec![
            wrangler.display().to_string(),
            "dev".into(),
            "--local".into(),
            "--ip".into(),
            "127.0.0.1".into(),
            "--port".into(),
            port.to_string(),
            "--persist-to".into(),
            state.display().to_string(),
            "--env-file".into(),
            env_file.display().to_string(),
            "--show-interactive-dev-session=false".into(),
            // Each Worker its own inspector port: two starting at once would
            // both take the default 9229, and the second would exit.
            "--inspector-port".into(),
            free_port().to_string(),
            // Serves the Cron Trigger at /__scheduled.
            "--test-scheduled".into(),
        ];
        args.extend(config.iter().cloned());
        for (name, value) in &vars {
            args.push("--var".into());
            args.push(format!("{name}:{value}"));
        }
        let command: Vec<String> = args.iter().map(|a| quoted(a)).collect();
        // The watchdog ends the whole group when the starting process or
        // wrangler goes. The TERM it sends its group reaches it too: its
        // trap then removes the state, if asked to and the starting process
        // is gone (a test's failure still has its logs).
        let cleanup = if options.remove_state {
            format!(
                "sleep 1; alive {parent} || rm -rf {state}",
                parent = std::process::id(),
                state = quoted(&state.display().to_string())
            )
        } else {
            ":".to_string()
        };
        // A process that has ended but not been reaped (its parent gone, and
        // a container's first process that reaps nothing) still answers
        // `kill -0`: its state in /proc says it is a zombie.
        let script = format!(
            "alive() {{ [ -e /proc/$1/status ] && ! grep -q '^State:.Z' /proc/$1/status; }}; \
             trap '{cleanup}; exit 0' TERM; {command} >{log} 2>&1 & child=$!; \
             while alive {parent} && alive $child; do sleep 1; done; \
             kill -- -$$",
            cleanup = cleanup.replace('\'', "'\\''"),
            command = command.join(" "),
            log = quoted(&log.display().to_string()),
            parent = std::process::id(),
        );
        let group = Command::new("setsid")
            .args(["sh", "-c", &script])
            .current_dir(&root)
            .env("WRANGLER_SEND_METRICS", "false")
            .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| format!("start wrangler dev: {e}"))?;
        let mut stack = Stack {
            port,
            base,
            sink,
            access,
            front,
            log,
            state,
            env_file,
            group,
        };
        stack.wait_until_up(options.wait)?;
        Ok(stack)
    }

    fn wait_until_up(&mut self, wait: Duration) -> Result<(), String> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let health = format!("{}/api/health", self.base);
        let started = Instant::now();
        loop {
            if let Ok(reply) = agent.get(&health).call() {
                if reply.status() == 200 {
                    return Ok(());
                }
            }
            if !self.is_running() {
                return Err(format!("wrangler dev exited:\n{}", self.logs()));
            }
            if started.elapsed() > wait {
                return Err(format!(
                    "wrangler dev did not answer within {} s:\n{}",
                    wait.as_secs(),
                    self.logs()
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Whether wrangler (under its watchdog) still runs.
    pub fn is_running(&mut self) -> bool {
        matches!(self.group.try_wait(), Ok(None))
    }

    /// What wrangler and the Worker printed (ids and codes, never report
    /// content).
    pub fn logs(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Where each part listens, as the `brud-stack` tool prints it.
    pub fn describe(&self) -> serde_json::Value {
        serde_json::json!({
            "port": self.port,
            "base": self.base,
            "sink": self.sink.url(),
            "issuer": self.access.url(),
            "front": self.front.as_ref().map(Front::url),
            "state": self.state,
            "log": self.log,
            "env_file": self.env_file,
        })
    }
}

impl Drop for Stack {
    /// Ends wrangler's whole process group (workerd with it).
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["--", &format!("-{}", self.group.id())])
            .status();
        let _ = self.group.wait();
    }
}

/// Runs the SQL in `seed` against the D1 in `state`: into its SQLite file
/// with `sqlite3` in one transaction (seconds, where `wrangler d1 execute`
/// takes about a minute per 10,000 cases and commits each statement), or
/// through wrangler where `sqlite3` is missing.
fn seed_d1(state: &Path, seed: &Path, wrangler: impl Fn() -> Command) -> Result<(), String> {
    let database = find_database(&state.join("v3/d1"));
    let has_sqlite3 = Command::new("sqlite3")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    match database {
        Some(database) if has_sqlite3 => {
            use std::io::Write as _;
            let mut child = Command::new("sqlite3")
                .arg(&database)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(|e| format!("sqlite3: {e}"))?;
            let script = format!("BEGIN;\n.read {}\nCOMMIT;\n", seed.display());
            child
                .stdin
                .take()
                .expect("piped")
                .write_all(script.as_bytes())
                .map_err(|e| format!("sqlite3: {e}"))?;
            let output = child
                .wait_with_output()
                .map_err(|e| format!("sqlite3: {e}"))?;
            if output.status.success() && output.stderr.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "sqlite3 {}: {}",
                    seed.display(),
                    String::from_utf8_lossy(&output.stderr)
                ))
            }
        }
        _ => run(
            wrangler()
                .args(["d1", "execute", "DB", "--local", "--persist-to"])
                .arg(state)
                .arg("--file")
                .arg(seed),
            "d1 execute",
        ),
    }
}

/// The D1 database's SQLite file under `dir` (not wrangler's metadata).
fn find_database(dir: &Path) -> Option<PathBuf> {
    for entry in fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = find_database(&path) {
                return Some(found);
            }
        } else if path.extension().is_some_and(|e| e == "sqlite")
            && path.file_name().is_some_and(|n| n != "metadata.sqlite")
        {
            return Some(path);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_ports_are_never_handed_out_twice_nor_from_the_systems_own_range() {
        let ports: Vec<u16> = (0..200).map(|_| free_port()).collect();
        let system_from = ephemeral_range_start();
        assert!(ports.iter().all(|port| *port < system_from), "{ports:?}");
        let mut unique = ports.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ports.len());
    }

    #[test]
    fn the_database_is_found_beside_wrangler_metadata() {
        let dir = std::env::temp_dir().join(format!("brud-stack-find-{}", std::process::id()));
        let nested = dir.join("miniflare-D1DatabaseObject");
        fs::create_dir_all(&nested).unwrap();
        fs::write(dir.join("metadata.sqlite"), "").unwrap();
        fs::write(nested.join("abc.sqlite"), "").unwrap();
        assert_eq!(find_database(&dir), Some(nested.join("abc.sqlite")));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn quoting_survives_a_quote() {
        assert_eq!(quoted("it's"), "'it'\\''s'");
    }
}
