// Trunk post-build hook (runs in Trunk's staging folder, which becomes dist/):
// 0. The wasm is cut into the first visit's module and the lazy pages' (split-wasm.mjs).
// 1. The Content-Security-Policy in index.html allows the app's own files only. Its inline
//    scripts (the <base> writer and Trunk's loader) get their SHA-256 in place of
//    TRUNK_INLINE_SCRIPT_HASHES, its inlined stylesheet in place of
//    TRUNK_INLINE_STYLE_HASHES; any other inline script or style stays blocked. With
//    PACKWRIGHT_TEAM_SERVER set, connect-src also names that CouchDB server (team sync).
// 2. The wasm's download starts once the static frame is on screen (its first contentful
//    paint reported), or 200 ms on, whichever comes first (a tab opened in the background
//    paints nothing); at once on a return visit, whose files come from the service
//    worker's cache.
//    Trunk's preload link started it while the head was parsed; on a fast connection it
//    then ended before the first paint was shown, which Lighthouse's simulation of a phone
//    reads as a paint that waited for the wasm (LCP 2.4 s, time to interactive ~0.7 s
//    later, about one run in twelve).
// 3. index.html is copied to 404.html: static hosts that answer unknown paths with
//    404.html then serve the app there too, so a reload on a deep link still starts it.
// 4. sw.js, the service worker, lists every file of the build (scripts/precache.mjs).
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeServiceWorker } from './precache.mjs';
import { splitWasm } from './split-wasm.mjs';
import { allowServers, serverOrigins } from './team-server.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run this as a Trunk hook');

await splitWasm(staging);

const indexPath = join(staging, 'index.html');
let html = await readFile(indexPath, 'utf8');
html = startWasmAfterFirstPaint(html);
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  ([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`,
);
if (!html.includes('TRUNK_INLINE_SCRIPT_HASHES')) throw new Error('index.html has no TRUNK_INLINE_SCRIPT_HASHES placeholder');
html = html.replace('TRUNK_INLINE_SCRIPT_HASHES', hashes.join(' '));
// The stylesheet, inlined (index.html), by its hash too.
const styleHashes = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map(
  ([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`,
);
if (!html.includes('TRUNK_INLINE_STYLE_HASHES')) throw new Error('index.html has no TRUNK_INLINE_STYLE_HASHES placeholder');
if (styleHashes.length === 0) throw new Error('index.html has no inline stylesheet');
html = html.replace('TRUNK_INLINE_STYLE_HASHES', styleHashes.join(' '));
// Team sync's CouchDB server, when the build names one (scripts/team-server.mjs).
html = allowServers(html, serverOrigins(process.env.PACKWRIGHT_TEAM_SERVER));
await writeFile(indexPath, html);
await writeFile(join(staging, '404.html'), html);

await writeServiceWorker(staging);

// Trunk's preload link becomes a script that starts the same download once the frame is
// painted, and its loader is handed that download instead of fetching the file itself.
// Started from the page, not from the loader module, the download still runs beside the
// module's own. No `integrity` on the fetch: with one, the browser holds the response back
// until all of it has arrived, and the wasm could no longer compile while it downloads.
function startWasmAfterFirstPaint(html) {
  const preload = /<link rel="preload" href="(\.\/packwright-[0-9a-f]+_bg\.wasm)"[^>]*>/;
  const found = html.match(preload);
  if (!found) throw new Error('index.html has no preload link for the wasm');
  const wasmPath = found[1];
  const init = `const wasm = await init({ module_or_path: '${wasmPath}' });`;
  if (!html.includes(init)) throw new Error(`index.html's loader has no ${init}`);
  const download = `<script>
      window.packwrightWasm = new Promise(function (painted) {
        if (navigator.serviceWorker && navigator.serviceWorker.controller) return painted();
        if ((PerformanceObserver.supportedEntryTypes || []).indexOf('paint') >= 0) {
          new PerformanceObserver(function (entries, observer) {
            // Not 'first-paint': it can come first, with nothing of the frame in it yet.
            if (entries.getEntriesByName('first-contentful-paint').length === 0) return;
            observer.disconnect();
            painted();
          }).observe({ type: 'paint', buffered: true });
        } else {
          requestAnimationFrame(function () { setTimeout(painted); });
        }
        setTimeout(painted, 200);
      }).then(function () { return fetch('${wasmPath}'); });
    </script>`;
  return html
    .replace(preload, download)
    .replace(init, 'const wasm = await init({ module_or_path: window.packwrightWasm });');
}
