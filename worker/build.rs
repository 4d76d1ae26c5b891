//! Compiles this deployment's configuration into the Worker as JSON
//! (`brud_config::compiled_json`): the profiles, processors and breach
//! mailboxes are loaded and checked here, on the build machine, so a bad
//! file fails the build and the Worker carries no TOML parser.

fn main() {
    let json = brud_config::compiled_json().unwrap_or_else(|problems| {
        panic!("the configuration does not load:\n{}", problems.join("\n"))
    });
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("config.json"), json).expect("config.json written");
}
