// The portal's service worker (issue 19, field work without a signal), served at /sw.js by
// binhdan/webapp.py. It keeps three things for a user who logs visits, and nothing else:
// - the portal's scripts, styles and icons (from the cache at once, refreshed behind);
// - the visit form (from the network when there is a signal, kept; from the cache without);
// - the households and catalogues the form needs (the same way).
// Other pages are never kept: without a signal they fail as they would without a worker.
// The page asks for a refresh on each visit with a signal ("refresh"); it empties the caches
// on log-out or when another user logs in (static/js/offline.js).
"use strict";

const CONFIG = {{ config|safe }};
const CACHE = "binhdan-offline-" + CONFIG.version;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(CONFIG.assets)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name)))
      )
      .then(() => self.clients.claim())
  );
});

// A page of the user's own, as it came: not the log-in page a lapsed session is sent to.
function keepable(response, path) {
  return response.ok && !response.redirected && new URL(response.url).pathname === path;
}

// The visit form (plain address only: not one opened for a given household or day) and the
// households' list: from the network, kept; from the cache when the network fails.
function networkFirst(request, path) {
  const plain = new URL(request.url).search === "";
  return fetch(request)
    .then((response) => {
      if (plain && keepable(response, path)) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(path, copy));
      }
      return response;
    })
    .catch(() =>
      caches.match(path).then((kept) => kept || Response.error())
    );
}

function cacheFirst(request) {
  return caches.open(CACHE).then((cache) =>
    cache.match(request, { ignoreSearch: true }).then((kept) => {
      const fresh = fetch(request)
        .then((response) => {
          if (response.ok) cache.put(request, response.clone());
          return response;
        })
        .catch(() => kept || Response.error());
      return kept || fresh;
    })
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === CONFIG.form && request.mode === "navigate") {
    event.respondWith(networkFirst(request, CONFIG.form));
  } else if (url.pathname === CONFIG.data) {
    event.respondWith(networkFirst(request, CONFIG.data));
  } else if (url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(cacheFirst(request));
  }
});

// The visit form and the households' list fetched again with the user's session; answered
// to the page when both are kept.
// One request after the other: a phone on a weak signal, a portal serving a whole commune.
function refresh() {
  return caches.open(CACHE).then((cache) =>
    [CONFIG.form, CONFIG.data]
      .reduce(
        (done, path) =>
          done.then(() =>
            fetch(path, { credentials: "same-origin", cache: "no-store" }).then((response) => {
              if (!keepable(response, path)) throw new Error("not kept: " + path);
              return cache.put(path, response);
            })
          ),
        Promise.resolve()
      )
      .then(() => cache.addAll(CONFIG.assets))
  );
}

function clear() {
  return caches.keys().then((names) => Promise.all(names.map((name) => caches.delete(name))));
}

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  const answer = (message) => event.source && event.source.postMessage(message);
  if (type === "refresh") {
    event.waitUntil(
      refresh().then(
        () => answer({ type: "refreshed", ok: true }),
        () => answer({ type: "refreshed", ok: false })
      )
    );
  } else if (type === "clear") {
    event.waitUntil(clear().then(() => answer({ type: "cleared" })));
  }
});
