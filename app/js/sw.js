// Brud's service worker (minified to public/sw.js by scripts/build-app):
// once the form has been opened with a network, it also opens without one
// (a phone that lost its connection, a reload in a basement), and the
// draft in localStorage comes back with it.
//
// Network first: a new version is used as soon as it is deployed, and the
// cache answers only when the network does not. Only the form's own files
// are kept (its page per school: the school's public profile is in it);
// reports (POST), drafts (localStorage) and every other request never
// touch the cache.
const CACHE = "brud-v1";
const SHELL = ["/brud.css", "/pkg/brud.js", "/pkg/brud_bg.wasm", "/favicon.svg", "/manifest.webmanifest"];

const kept = (url) =>
  url.origin === self.location.origin &&
  (url.pathname === "/" || SHELL.includes(url.pathname) || url.pathname.startsWith("/pkg/"));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("brud-") && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

// The page that registered us names what it loaded before we were there:
// its own address (with ?org=: the page carries that school's profile, and
// its CSP names that school's intranet).
self.addEventListener("message", (event) => {
  if (event.origin !== self.location.origin || event.data?.type !== "brud:keep") return;
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        (event.data.urls ?? [])
          .map((url) => new URL(url, self.location.origin))
          .filter(kept)
          .map((url) => cache.add(url).catch(() => {})),
      ),
    ),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !kept(new URL(request.url))) return;
  event.respondWith(networkFirst(request));
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (offline) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw offline;
  }
}
