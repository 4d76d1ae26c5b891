// Starts the form. A module file of its own: the CSP allows no inline scripts.
import init from "/pkg/brud.js";

init({ module_or_path: "/pkg/brud_bg.wasm" });
