//! `wasm-bindgen-test-runner`, pinned to the workspace's version.
fn main() -> anyhow::Result<()> {
    wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(std::env::args_os())
}
