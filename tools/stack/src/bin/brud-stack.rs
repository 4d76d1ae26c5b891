//! `brud-stack [OPTIONS]`: starts one local Brud (see the library) and
//! prints one line of JSON saying where each part listens (`base`,
//! `port`, `sink`, `issuer`, `front`, `state`, `log`, `env_file`), then
//! each delivery the sink receives as `scripts/dev` shows them, until it
//! is stopped (or, with `--exit-with-stdin`, until its standard input
//! closes: a test runner that ends takes its stack with it).
//!
//! Options: `--name NAME`, `--aud AUDIENCE`, `--var NAME:VALUE` (repeated),
//! `--front`, `--seed FILE.sql`, `-c WRANGLER_TOML`, `--wait SECONDS`,
//! `--remove-state`, `--exit-with-stdin`; and for `scripts/dev`: `--port`,
//! `--sink-port`, `--issuer-port`, `--front-port` (fixed ports), `--state
//! DIR` (a D1 kept across runs), `--dev-vars FILE` (the developer's
//! secrets), `--follow-log` (what wrangler and the Worker print, such as
//! the mails wrangler's binding stands in for, printed as it comes). The
//! Worker must be built (`scripts/build-worker`).

use std::io::{BufRead as _, Read as _, Seek as _};
use std::path::PathBuf;
use std::time::Duration;

use brud_stack::{Options, Stack};

fn usage(problem: &str) -> ! {
    eprintln!("brud-stack: {problem} (see tools/stack/src/bin/brud-stack.rs)");
    std::process::exit(2)
}

fn main() {
    let mut options = Options::new("stack");
    let mut exit_with_stdin = false;
    let mut follow_log = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--name" => options.name = value(),
            "--aud" => options.audience = value(),
            "--var" => {
                let pair = value();
                let Some((name, var)) = pair.split_once(':') else {
                    usage(&format!("--var {pair}: NAME:VALUE"))
                };
                options.vars.push((name.to_string(), var.to_string()));
            }
            "--front" => options.front = true,
            "--seed" => options.seed = Some(value().into()),
            "-c" => options.config = Some(value().into()),
            "--wait" => {
                let seconds = value();
                options.wait = Duration::from_secs(
                    seconds
                        .parse()
                        .unwrap_or_else(|_| usage(&format!("--wait {seconds}: seconds"))),
                );
            }
            "--remove-state" => options.remove_state = true,
            "--exit-with-stdin" => exit_with_stdin = true,
            "--follow-log" => follow_log = true,
            "--port" => options.port = Some(port(&value())),
            "--sink-port" => options.sink_port = port(&value()),
            "--issuer-port" => options.issuer_port = port(&value()),
            "--front-port" => options.front_port = port(&value()),
            "--state" => options.state = Some(value().into()),
            "--dev-vars" => options.dev_vars = Some(value().into()),
            other => usage(&format!("unknown option {other}")),
        }
    }
    let stack = match Stack::start(&options) {
        Ok(stack) => stack,
        Err(error) => {
            eprintln!("brud-stack: {error}");
            std::process::exit(1);
        }
    };
    println!("{}", stack.describe());
    if exit_with_stdin {
        std::thread::spawn(|| {
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
            // The watchdog ends wrangler once this process is gone.
            std::process::exit(0);
        });
    }
    if follow_log {
        let log = stack.log.clone();
        std::thread::spawn(move || follow(log));
    }
    stack.sink.print_deliveries()
}

fn port(text: &str) -> u16 {
    text.parse()
        .unwrap_or_else(|_| usage(&format!("{text}: a port number")))
}

/// Prints what is written to `log` from its start on, as it comes.
fn follow(log: PathBuf) {
    let Ok(mut file) = std::fs::File::open(&log) else {
        return;
    };
    let _ = file.seek(std::io::SeekFrom::Start(0));
    let mut reader = std::io::BufReader::new(file);
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => std::thread::sleep(Duration::from_millis(200)),
            Ok(_) => print!("{line}"),
        }
    }
}
