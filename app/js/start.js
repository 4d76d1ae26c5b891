// Starts the form. Bundled by scripts/build-app with wasm-bindgen's glue
// into public/pkg/brud.js, one module file (the CSP allows no inline
// scripts). The form registers its service worker itself, once drawn
// (offline.js).
import init from "./brud.js";

init({ module_or_path: "/pkg/brud_bg.wasm" });
