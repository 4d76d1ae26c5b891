// Registers the service worker (public/sw.js) so the form opens offline next
// time, and tells it to keep this page (loaded before it was there; its
// address names the school, whose profile is in it). Called by the form once
// its first render is done (lib.rs, `draw_next_stage`): the worker's install
// downloads the form's files again, which on a slow phone would otherwise
// compete with that render for the CPU. Where service workers are
// unavailable (some private modes, partitioned iframes) the form works as
// before, online.
export function keepForOffline() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register("/sw.js")
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => registration.active?.postMessage({ type: "brud:keep", urls: [location.href] }))
    .catch(() => {});
}
