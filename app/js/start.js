// Starts the form. Bundled by scripts/build-app with wasm-bindgen's glue
// into public/pkg/brud.js, one module file (the CSP allows no inline
// scripts).
import init from "./brud.js";

init({ module_or_path: "/pkg/brud_bg.wasm" }).then(keepForOffline);

// Registers the service worker (public/sw.js) so the form opens offline next
// time, and tells it to keep this page (loaded before it was there; its
// address names the school, whose profile is in it). Where service workers
// are unavailable (some private modes, partitioned iframes) the form works
// as before, online.
function keepForOffline() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register("/sw.js")
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => registration.active?.postMessage({ type: "brud:keep", urls: [location.href] }))
    .catch(() => {});
}
