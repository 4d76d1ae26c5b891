//! Starts the Brud form (see the library for everything else).

/// Talc instead of Rust's default wasm allocator (dlmalloc): 0.6 kB less
/// to download here (BENCHMARKS.md); its authors measure it faster too.
/// The form runs on one thread, which is what this configuration assumes.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    // In a task of its own, after the one that compiled and instantiated
    // the module: two shorter tasks on a slow phone instead of one.
    leptos::prelude::set_timeout(brud_app::mount, std::time::Duration::ZERO);
}
