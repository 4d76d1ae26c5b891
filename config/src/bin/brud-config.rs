//! `brud-config`: the configuration for scripts.
//!
//! - `brud-config check [FILE]`: checks a profiles file (default: the
//!   shipped one), prints every problem and exits 1 if there are any.
//! - `brud-config secret-names`: the Worker secrets the shipped profiles
//!   need, one per line (the scripts write local ones into `.dev.vars`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["check"] => check(brud_config::ORGS_TOML.to_string()),
        ["check", path] => match std::fs::read_to_string(path) {
            Ok(text) => check(text),
            Err(error) => {
                eprintln!("{path}: {error}");
                ExitCode::FAILURE
            }
        },
        ["secret-names"] => match brud_config::builtin() {
            Ok(directory) => {
                for name in brud_config::secret_names(&directory) {
                    println!("{name}");
                }
                ExitCode::SUCCESS
            }
            Err(problems) => report(&problems),
        },
        _ => {
            eprintln!("usage: brud-config check [FILE] | brud-config secret-names");
            ExitCode::from(2)
        }
    }
}

fn check(text: String) -> ExitCode {
    match brud_config::load(&text) {
        Ok(directory) => {
            println!("{} organisations, no problems", directory.orgs.len());
            ExitCode::SUCCESS
        }
        Err(problems) => report(&problems),
    }
}

fn report(problems: &[String]) -> ExitCode {
    for problem in problems {
        eprintln!("{problem}");
    }
    ExitCode::FAILURE
}
