// Packwright's service worker. scripts/post-build.mjs prepends `const BUILD = {version,
// files}`: the hash of this build and every file of dist/, listed at build time.
//
// - install: fetch every file of this build into a cache named after its version, with
//   the network's copy (not the HTTP cache's); if any file fails, this version is not
//   installed and the previous one keeps running.
// - activate (only on the first visit, or when the page asks after the user chose to
//   reload): delete older versions' caches, take over open pages.
// - fetch: answer from this version's cache; a page request (a deep link too) gets this
//   version's index.html. So a page runs one version's files, never a mix, and runs with
//   no network at all.
/* global BUILD */
const CACHE = `packwright-${BUILD.version}`;
const scope = new URL(self.registration.scope);
const url = (file) => new URL(file, scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(BUILD.files.map((file) => new Request(url(file), { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('packwright-') && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(scope.href)) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const wanted = request.mode === 'navigate' ? url('index.html') : request;
      const cached = await cache.match(wanted, { ignoreSearch: request.mode === 'navigate' });
      return cached || fetch(request);
    }),
  );
});
