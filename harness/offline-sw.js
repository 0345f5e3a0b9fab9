/**
 * A service worker that lets a page using the engine load and boot with the
 * network off: what a web app's own service worker needs to cache, shown at
 * its smallest (e2e/offline.spec.js drives it through harness/offline.html).
 *
 * On install it caches the page, the client's modules and every file of
 * dist/ that dist/manifest.json lists; afterwards it answers from that cache
 * first. Its scope must cover dist/ as well as the page: the engine's Worker
 * script is matched against scopes by its own URL, and the files that worker
 * fetches (Pyodide, the engine, sqlite3.wasm) go through this service worker
 * only when it controls the worker. (It is registered with scope "/" from
 * harness/, which the server allows with a Service-Worker-Allowed header.)
 * A new build changes manifest.json's hashes: bump CACHE then.
 */
const CACHE = "dynoxide-offline-v2";
// The page and every module engine-client.js imports, directly or not
// (js/offline-sw.test.js checks the list against the import graph).
const APP = [
  "/harness/offline.html",
  "/js/engine-client.js",
  "/js/contract.js",
  "/js/exchange.js",
  "/js/md5.js",
  "/js/tabs.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const manifest = await (await fetch("/dist/manifest.json", { cache: "no-store" })).json();
    const dist = ["/dist/manifest.json", ...manifest.files.map((file) => `/dist/${file.name}`)];
    const cache = await caches.open(CACHE);
    await cache.addAll([...APP, ...dist]);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") return;
  event.respondWith((async () => {
    // The worker is fetched as `dynoxide-worker.js?snapshot=...` by its own
    // snapshot maker: the cached copy without the query serves it.
    const cached = await caches.match(event.request, { ignoreSearch: true });
    return cached ?? fetch(event.request);
  })());
});
