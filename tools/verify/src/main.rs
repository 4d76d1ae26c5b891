//! `brud-verify --key <public keys file> <export.json>`: checks an exported
//! case log offline ([`brud_verify::check`]). Exit status 0 when it
//! verifies, 1 when it is broken (naming the first broken event), 2 when
//! it cannot be checked (no such file, not a key, not an export).

use std::process::ExitCode;

use brud_verify::{check, check_with_checkpoint, Failure, KeySet};

const USAGE: &str = "usage: brud-verify --key <public keys: the JWK Set from /.well-known/brud-log-key, one JWK, or one key's x> [--checkpoint <the school's signed checkpoint: its JSON, its notice or its mail>] <case log export .json>";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut key_path, mut checkpoint_path, mut export_path) = (None, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--key" => key_path = args.next(),
            "--checkpoint" => checkpoint_path = args.next(),
            _ if export_path.is_none() && !arg.starts_with("--") => export_path = Some(arg),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(key_path), Some(export_path)) = (key_path, export_path) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let read = |path: &str| {
        std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}"))
    };
    let keys = match read(&key_path).and_then(|text| KeySet::parse(&text)) {
        Ok(keys) => keys,
        Err(error) => {
            eprintln!("brud-verify: {error}");
            return ExitCode::from(2);
        }
    };
    let export = match read(&export_path) {
        Ok(export) => export,
        Err(error) => {
            eprintln!("brud-verify: {error}");
            return ExitCode::from(2);
        }
    };
    if let Some(checkpoint_path) = checkpoint_path {
        let checkpoint = match read(&checkpoint_path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("brud-verify: {error}");
                return ExitCode::from(2);
            }
        };
        return match check_with_checkpoint(&export, &keys, &checkpoint) {
            Ok((verified, _)) => {
                println!(
                    "{} ({}): verified: {} events, every link and signature holds, and the log holds everything the school's checkpoint counted",
                    verified.reference, verified.org, verified.events
                );
                ExitCode::SUCCESS
            }
            Err(failure @ (Failure::Broken { .. } | Failure::RolledBack { .. })) => {
                println!("{failure}");
                ExitCode::from(1)
            }
            Err(failure) => {
                eprintln!("brud-verify: {failure}");
                ExitCode::from(2)
            }
        };
    }
    match check(&export, &keys) {
        Ok(verified) => {
            println!(
                "{} ({}): verified: {} events, every link and signature holds, and the signed head ends at the last (keys {})",
                verified.reference,
                verified.org,
                verified.events,
                keys.ids().join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(failure @ Failure::Broken { .. }) => {
            println!("{failure}");
            ExitCode::from(1)
        }
        Err(failure) => {
            eprintln!("brud-verify: {failure}");
            ExitCode::from(2)
        }
    }
}
