//! `brud-verify --key <public keys file> <export.json>`: checks an exported
//! case log offline ([`brud_verify::check`]). Exit status 0 when it
//! verifies, 1 when it is broken (naming the first broken event), 2 when
//! it cannot be checked (no such file, not a key, not an export).

use std::process::ExitCode;

use brud_verify::{check, Failure, KeySet};

const USAGE: &str = "usage: brud-verify --key <public keys: the JWK Set from /.well-known/brud-log-key, one JWK, or one key's x> <case log export .json>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (key_path, export_path) = match args.as_slice() {
        [flag, key, export] if flag == "--key" => (key, export),
        [export, flag, key] if flag == "--key" => (key, export),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let read = |path: &str| {
        std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}"))
    };
    let keys = match read(key_path).and_then(|text| KeySet::parse(&text)) {
        Ok(keys) => keys,
        Err(error) => {
            eprintln!("brud-verify: {error}");
            return ExitCode::from(2);
        }
    };
    let export = match read(export_path) {
        Ok(export) => export,
        Err(error) => {
            eprintln!("brud-verify: {error}");
            return ExitCode::from(2);
        }
    };
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
