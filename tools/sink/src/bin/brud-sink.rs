//! The local notification sink started by `scripts/dev`: prints each
//! delivery Brud makes (reports, deadline reminders and case updates) and
//! whether its signature verifies.
//!
//! `brud-sink [PORT] [DEV_VARS]` (defaults: 8788, `.dev.vars`).

use std::time::Duration;

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
    let mut shown = 0;
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let deliveries = sink.deliveries();
        for delivery in &deliveries[shown..] {
            let json = delivery.json();
            let data = &json["data"];
            let verdict = if delivery.signature_ok {
                "signature OK"
            } else {
                "SIGNATURE INVALID"
            };
            if json["type"] != "brud.report.received" {
                print_case_notice(&json, delivery.id(), verdict);
                continue;
            }
            println!(
                "\n── delivery {} ({}) · {} · {verdict}",
                data["reference"].as_str().unwrap_or("?"),
                delivery.id(),
                data["org"].as_str().unwrap_or("?"),
            );
            println!(
                "   risk: {} · notify Datatilsynet: {} · deadline: {}",
                data["assessment"]["risk"].as_str().unwrap_or("?"),
                data["assessment"]["obligations"]["notify_authority"]["required"],
                data["assessment"]["obligations"]["notify_authority"]["deadline"]
                    .as_str()
                    .unwrap_or("-"),
            );
            println!("   To: {}", data["mail"]["to"].as_str().unwrap_or("?"));
            println!(
                "   Subject: {}",
                data["mail"]["subject"].as_str().unwrap_or("?")
            );
            for line in data["mail"]["body"].as_str().unwrap_or("").lines() {
                println!("   │ {line}");
            }
        }
        shown = deliveries.len();
    }
}

/// A deadline reminder or a case update: the case and its deadline, no
/// content (there is none in it).
fn print_case_notice(json: &serde_json::Value, id: &str, verdict: &str) {
    let data = &json["data"];
    let text = |value: &serde_json::Value| value.as_str().unwrap_or("-").to_string();
    println!(
        "\n── {} {} ({id}) · {} · {verdict}",
        text(&json["type"]),
        text(&data["reference"]),
        text(&data["org"]),
    );
    println!(
        "   event: {} {} · deadline: {} {}",
        text(&data["event"]),
        data["reminder"].as_str().unwrap_or(""),
        text(&data["deadline_state"]["state"]),
        text(&data["deadline_state"]["due"]),
    );
    let open: Vec<String> = data["open_obligations"]
        .as_array()
        .map(|items| items.iter().map(text).collect())
        .unwrap_or_default();
    println!(
        "   still open: {}",
        if open.is_empty() {
            "-".to_string()
        } else {
            open.join(", ")
        }
    );
}
