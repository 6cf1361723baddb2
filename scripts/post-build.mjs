// Trunk post-build hook (runs in Trunk's staging folder, which becomes dist/):
// 0. The wasm is cut into the first visit's module and the lazy pages' (split-wasm.mjs).
// 1. The Content-Security-Policy in index.html allows the app's own files only. Its inline
//    scripts (the <base> writer and Trunk's loader) get their SHA-256 in place of
//    TRUNK_INLINE_SCRIPT_HASHES, its inlined stylesheet in place of
//    TRUNK_INLINE_STYLE_HASHES; any other inline script or style stays blocked. With
//    PACKWRIGHT_TEAM_SERVER set, connect-src also names that CouchDB server (team sync).
// 2. index.html is copied to 404.html: static hosts that answer unknown paths with
//    404.html then serve the app there too, so a reload on a deep link still starts it.
// 3. sw.js, the service worker, lists every file of the build (scripts/precache.mjs).
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
