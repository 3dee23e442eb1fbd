/*
 * e1000 IRQ Lab: a small hand-written service worker so the built app works
 * offline after its first load, from whatever path it is served under.
 *
 * `sw-manifest.js` (written by the build, see vite.config.ts) lists every
 * built file and a version. Install caches them all; activate drops caches
 * of other versions. A new deployment changes sw-manifest.js, which the
 * browser's update check compares byte for byte, so the new version is
 * installed on the next visit.
 *
 * Pages (navigations) come from the network first, so an online visit
 * always gets the newest page, and from the cache when offline. Everything
 * else (hashed assets, the worker, the shipped captures) comes from the
 * cache first. Requests to other origins (ui.perfetto.dev) are left alone.
 */
/* global self, caches, importScripts */
importScripts('./sw-manifest.js');

const PRECACHE = self.__E1000_PRECACHE || { version: 'none', files: [] };
const PREFIX = 'e1000-irq-lab-';
const CACHE = PREFIX + PRECACHE.version;
const INDEX = new URL('./index.html', self.location.href).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(PRECACHE.files.map((f) => new Request(new URL(f, self.location.href).href, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

async function fromNetworkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(INDEX, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(INDEX);
    if (cached) return cached;
    throw error;
  }
}

async function fromCacheFirst(request) {
  const cache = await caches.open(CACHE);
  // ignoreVary: static hosts (and vite preview) send `Vary: Origin`, and a module
  // script's request carries an Origin header the cached request did not.
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Only what lies under the app's own path.
  if (!url.href.startsWith(new URL('./', self.location.href).href)) return;
  if (request.mode === 'navigate') event.respondWith(fromNetworkFirst(request));
  else event.respondWith(fromCacheFirst(request));
});
