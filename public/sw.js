// Service worker: keeps the app shell so a second visit starts without the
// network, and the catalogue pages already seen readable offline.
// scripts/post-build fills in VERSION and ASSETS with the hashed file names.
const VERSION = "__VERSION__";
// offline.html: the page for a page never opened here, while offline.
const ASSETS = ["/", "/index.html", "/offline.html"].concat(__ASSETS__);
const SHELL = "shell-" + VERSION;
const DATA = "catalogue-v1";
// The signed-in person's own drafts and documents list, so a form opened
// before opens again without the network; emptied at sign-out.
const PERSONAL = "personal-v1";
// Page routes of the signed-in workspace (app::paths::WORKSPACE; a server
// test keeps the two lists equal). Its app lives under /ws/.
const WORKSPACE = ["/ca-nhan", "/nop-ho-so", "/can-bo", "/tra-cuu-ho-so", "/dang-nhap", "/co-quan", "/phan-anh-kien-nghi", "/thong-ke"];
const inWorkspace = (path) => WORKSPACE.some((p) => path === p || path.startsWith(p + "/"));

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== DATA && k !== PERSONAL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

async function networkFirst(request, cacheName, fallbackUrl) {
  const key = fallbackUrl ? fallbackUrl : request;
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      caches.open(cacheName).then((c) => c.put(key, copy));
    }
    return response;
  } catch (e) {
    const hit = await caches.match(key, { cacheName });
    if (hit) return hit;
    throw e;
  }
}

// The session decides what stays of the person on the device: kept while
// signed in, and everything personal removed as soon as the server says
// nobody is (sign-out, or the session ended).
async function sessionFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const info = await response.clone().json().catch(() => null);
      if (info && info.user) {
        const copy = response.clone();
        caches.open(PERSONAL).then((c) => c.put(request, copy));
      } else {
        await caches.delete(PERSONAL);
      }
    }
    return response;
  } catch (e) {
    const hit = await caches.match(request, { cacheName: PERSONAL });
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
    // Pages: fresh when online, the cached shell when not; a page whose
    // app was never loaded here (a workspace page first opened offline)
    // gets the portal's own offline page, not the browser's error.
    event.respondWith(networkFirst(request, SHELL, inWorkspace(url.pathname) ? "/ws/index.html" : "/index.html")
      .catch(() => caches.match("/offline.html", { cacheName: SHELL }).then((hit) => hit || Response.error())));
  } else if (url.pathname.startsWith("/api/procedures") || url.pathname.startsWith("/api/forms/")
    || url.pathname.startsWith("/api/places/") || url.pathname === "/api/documents/limits") {
    // Catalogue answers and e-form definitions: fresh when online, the last copy when not.
    event.respondWith(networkFirst(request, DATA));
  } else if (url.pathname === "/api/session") {
    event.respondWith(sessionFirst(request));
  } else if (url.pathname === "/api/me/drafts" || url.pathname === "/api/me/documents") {
    event.respondWith(networkFirst(request, PERSONAL));
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
