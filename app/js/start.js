// Starts the form. Bundled by scripts/build-app with wasm-bindgen's glue
// into public/pkg/brud.js, one module file (the CSP allows no inline
// scripts).
import init from "./brud.js";

init({ module_or_path: "/pkg/brud_bg.wasm" });
