//! `brud-config`: the configuration for scripts.
//!
//! - `brud-config check [--deploy] [FILE]`: checks a profiles file
//!   (default: the shipped one), prints every problem with its line and an
//!   example of a right value, and exits 1 if there are any. With
//!   `--deploy` the placeholders a school must replace are problems too.
//! - `brud-config secret-names`: the Worker secrets the shipped profiles
//!   need, one per line (the scripts write local ones into `.dev.vars`).
//! - `brud-config mail-users`: the organisations that have Brud send mail
//!   (the `mail` channel, or reminders by mail), one id per line; the
//!   deploy script then asks for a sender (`MAIL_FROM`).
//! - `brud-config wrangler FACT` reads `wrangler.toml` for the deploy
//!   script: `queues` (one a line), `var NAME`, `database-id`, and
//!   `has-route`, `workers-dev-off`, `has-send-email` (exit 0 or 1);
//!   `brud-config wrangler set-database-id ID` writes the D1 id into it,
//!   changing nothing else.
//! - `brud-config form-pages PAGE DIR`: writes the form's page `PAGE` as
//!   the Worker serves it for each shipped organisation (its public
//!   profile in it, by the Worker's own code, `brud_edge::page`) to
//!   `DIR/<id>.html`, for the size budget.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["check", rest @ ..] => {
            let deploy = rest.contains(&"--deploy");
            let files: Vec<&&str> = rest.iter().filter(|a| **a != "--deploy").collect();
            match files.as_slice() {
                [] => check(brud_config::ORGS_TOML, "config/orgs.toml", deploy),
                [path] => match std::fs::read_to_string(path) {
                    Ok(text) => check(&text, path, deploy),
                    Err(error) => {
                        eprintln!("{path}: {error}");
                        ExitCode::FAILURE
                    }
                },
                _ => usage(),
            }
        }
        ["secret-names"] => match brud_config::builtin() {
            Ok(directory) => {
                for name in brud_config::secret_names(&directory) {
                    println!("{name}");
                }
                ExitCode::SUCCESS
            }
            Err(problems) => report(&problems),
        },
        ["mail-users"] => match brud_config::builtin() {
            Ok(directory) => {
                for org in &directory.orgs {
                    if org.sends(brud_shared::org::Channel::Mail) || org.reminder_mail {
                        println!("{}", org.id);
                    }
                }
                ExitCode::SUCCESS
            }
            Err(problems) => report(&problems),
        },
        ["wrangler", rest @ ..] => wrangler(rest),
        ["form-pages", page, dir] => {
            match (brud_config::builtin(), std::fs::read_to_string(page)) {
                (Ok(directory), Ok(html)) => {
                    for org in &directory.orgs {
                        let Some(served) = brud_edge::page::with_profile(&html, org) else {
                            eprintln!("{page}: no </body> to put the profile before");
                            return ExitCode::FAILURE;
                        };
                        let path = std::path::Path::new(dir).join(format!("{}.html", org.id));
                        if let Err(error) = std::fs::write(&path, served) {
                            eprintln!("{}: {error}", path.display());
                            return ExitCode::FAILURE;
                        }
                    }
                    ExitCode::SUCCESS
                }
                (Err(problems), _) => report(&problems),
                (_, Err(error)) => {
                    eprintln!("{page}: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => usage(),
    }
}

/// `brud-config wrangler …` on `wrangler.toml` in the working directory.
fn wrangler(args: &[&str]) -> ExitCode {
    use brud_config::wrangler::{with_database_id, Wrangler};
    const FILE: &str = "wrangler.toml";
    let text = match std::fs::read_to_string(FILE) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{FILE}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let file = match Wrangler::parse(&text) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("{FILE}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let yes = |holds: bool| {
        if holds {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    };
    match args {
        ["queues"] => {
            for queue in file.queues() {
                println!("{queue}");
            }
            ExitCode::SUCCESS
        }
        ["var", name] => {
            println!("{}", file.var(name).unwrap_or_default());
            ExitCode::SUCCESS
        }
        ["database-id"] => {
            println!("{}", file.database_id().unwrap_or_default());
            ExitCode::SUCCESS
        }
        ["has-route"] => yes(file.has_route()),
        ["workers-dev-off"] => yes(file.workers_dev() == Some(false)),
        ["has-send-email"] => yes(file.has_send_email()),
        ["set-database-id", id] => match with_database_id(&text, id) {
            Some(changed) => match std::fs::write(FILE, changed) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("{FILE}: {error}");
                    ExitCode::FAILURE
                }
            },
            None => {
                eprintln!("{FILE}: no database_id to set, or {id} is not a D1 id");
                ExitCode::FAILURE
            }
        },
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: brud-config check [--deploy] [FILE] | brud-config secret-names | brud-config mail-users | brud-config wrangler queues|var NAME|database-id|has-route|workers-dev-off|has-send-email|set-database-id ID | brud-config form-pages PAGE DIR");
    ExitCode::from(2)
}

fn check(text: &str, file: &str, deploy: bool) -> ExitCode {
    let problems = brud_config::check(text, file, deploy);
    if problems.is_empty() {
        let count = brud_config::load(text).map_or(0, |d| d.orgs.len());
        let mode = if deploy { ", ready to deploy" } else { "" };
        println!("{file}: {count} organisations, no problems{mode}");
        ExitCode::SUCCESS
    } else {
        eprintln!("{file}: {} to fix", problems.len());
        report(&problems)
    }
}

fn report(problems: &[String]) -> ExitCode {
    for problem in problems {
        eprintln!("{problem}");
    }
    ExitCode::FAILURE
}
