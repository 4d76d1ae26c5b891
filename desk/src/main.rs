//! Starts the Brud case desk (see the library for everything else).

/// Talc, as in the form: smaller than Rust's default wasm allocator.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    brud_desk::mount();
}
