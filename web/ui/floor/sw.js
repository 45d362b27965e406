/*
 * The floor terminal's service worker: keeps the terminal's own files so
 * that the page loads, and the offline queue survives a reload, without a
 * network. Network first (a new build is seen at once), the cache when
 * there is no reply. The API is never cached. FILES must list every file
 * the floor loads (the UI lint checks it).
 */
const CACHE = 'depot-floor-v1';
const FILES = [
  '/floor/',
  '/ui/floor/floor.css',
  '/ui/floor/floor.js',
  '/ui/floor/pick.js',
  '/ui/floor/lookup.js',
  '/ui/floor/queue.js',
  '/ui/floor/feedback.js',
  '/ui/floor/flow.js',
  '/ui/floor/receive.js',
  '/ui/floor/putaway.js',
  '/ui/floor/pack.js',
  '/ui/floor/count.js',
  '/ui/floor/move.js',
  '/ui/floor/station.js',
  '/ui/floor/returns.js',
  '/ui/lib/api.js',
  '/ui/lib/i18n.js',
  '/ui/lib/dom.js',
  '/ui/i18n/en.json',
  '/ui/i18n/zh-CN.json',
];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const page = e.request.mode === 'navigate' && url.pathname.startsWith('/floor/');
  if (!page && !url.pathname.startsWith('/ui/')) return;
  const key = page ? '/floor/' : e.request;
  e.respondWith(fetch(e.request).then((res) => {
    if (res.ok) {
      const copy = res.clone();
      caches.open(CACHE).then((c) => c.put(key, copy));
    }
    return res;
  }).catch(() => caches.match(key)));
});
