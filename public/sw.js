// Service worker: keeps the app shell so a second visit starts without the
// network, and the catalogue pages already seen readable offline.
// scripts/post-build fills in VERSION and ASSETS with the hashed file names.
const VERSION = "__VERSION__";
const ASSETS = ["/", "/index.html"].concat(__ASSETS__);
const SHELL = "shell-" + VERSION;
const DATA = "catalogue-v1";
// Page routes of the signed-in workspace (app::paths::WORKSPACE; a server
// test keeps the two lists equal). Its app lives under /ws/.
const WORKSPACE = ["/ca-nhan", "/nop-ho-so", "/can-bo", "/tra-cuu-ho-so"];
const inWorkspace = (path) => WORKSPACE.some((p) => path === p || path.startsWith(p + "/"));

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== DATA).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

async function networkFirst(request, cacheName, fallbackUrl) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(fallbackUrl ? fallbackUrl : request, response.clone());
    return response;
  } catch (e) {
    const hit = await cache.match(fallbackUrl ? fallbackUrl : request);
    if (hit) return hit;
    throw e;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Pages: fresh when online, the cached shell when not.
    event.respondWith(networkFirst(request, SHELL, inWorkspace(url.pathname) ? "/ws/index.html" : "/index.html"));
  } else if (url.pathname.startsWith("/api/procedures")) {
    // Catalogue answers: fresh when online, the last copy when not.
    event.respondWith(networkFirst(request, DATA));
  } else if (url.pathname.startsWith("/api/")) {
    return;
  } else {
    // Hashed assets never change: the cache is enough. The workspace's
    // files are kept the first time they are used.
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok && url.pathname.startsWith("/ws/")) {
        const copy = response.clone();
        caches.open(SHELL).then((c) => c.put(request, copy));
      }
      return response;
    })));
  }
});
