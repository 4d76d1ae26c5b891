//! Starts the Brud form (see the library for everything else).

/// Talc instead of Rust's default wasm allocator (dlmalloc): it is smaller
/// in the download and faster (BENCHMARKS.md), and the form runs on one
/// thread, so the single-threaded configuration is all it needs.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    brud_app::mount();
}
