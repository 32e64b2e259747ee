{% load static %}// Keeps the checkpoint registration page available without network. Pages are fetched
// from the network first and cached; static files come from the cache first. Writes are
// never touched here: the page queues them in IndexedDB and sends them itself. The cache
// is named after the static files' contents (checkpoints/offline.py), so a release
// that changes them changes this text, and phones install it.
const CACHE_PREFIX = "shouwang-checkpoints-";
const CACHE = CACHE_PREFIX + "{{ version }}";
const STATIC_FILES = [{% for name in static_files %}"{% static name %}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const REGISTER_PAGE = /\/checkpoints\/\d+\/register\/$/;

self.addEventListener("install", (event) => {
  // Past the browser's HTTP cache: these names stay the same from one release to the next.
  const fresh = STATIC_FILES.map((url) => new Request(url, { cache: "reload" }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(fresh)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  // The registration pages cached by the release before move to this one's cache, so a
  // phone that goes offline right after an update still opens them.
  const keep = (old, current) =>
    old.keys().then((requests) => Promise.all(
      requests
        .filter((request) => REGISTER_PAGE.test(new URL(request.url).pathname))
        .map((request) => old.match(request).then((response) => current.put(request, response)))
    ));
  event.waitUntil(
    caches.open(CACHE)
      .then((current) => caches.keys().then((keys) => Promise.all(
        keys
          .filter((key) => key.startsWith(CACHE_PREFIX) && key !== CACHE)
          .map((key) => caches.open(key).then((old) => keep(old, current)).then(() => caches.delete(key)))
      )))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && REGISTER_PAGE.test(url.pathname)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            // Kept alive until stored: a worker stopped early would lose the page.
            event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
          }
          return response;
        })
        .catch(() => caches.match(request))
    );
    return;
  }
  if (url.pathname.startsWith("{% get_static_prefix %}")) {
    event.respondWith(caches.match(request).then((cached) => cached || fetch(request)));
  }
});
