//! The local notification sink started by `scripts/dev`: prints each
//! delivery Brud makes (reports, deadline reminders and case updates) and
//! whether its signature verifies.
//!
//! `brud-sink [PORT] [DEV_VARS]` (defaults: 8788, `.dev.vars`).

use brud_sink::{secrets_from_dev_vars, Sink};

fn main() {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().and_then(|p| p.parse().ok()).unwrap_or(8788);
    let vars_path = args.next().unwrap_or_else(|| ".dev.vars".to_string());
    let directory = match brud_config::builtin() {
        Ok(directory) => directory,
        Err(error) => {
            eprintln!("brud-sink: config/orgs.toml: {}", error.join("; "));
            std::process::exit(1);
        }
    };
    let secrets = secrets_from_dev_vars(
        &std::fs::read_to_string(&vars_path).unwrap_or_default(),
        directory.orgs.iter().map(|org| org.id.as_str()),
    );
    let sink = match Sink::start(port, secrets) {
        Ok(sink) => sink,
        Err(error) => {
            eprintln!("brud-sink: cannot listen on 127.0.0.1:{port}: {error}");
            std::process::exit(1);
        }
    };
    println!("brud-sink: waiting for deliveries on {}", sink.url());
    sink.print_deliveries()
}
