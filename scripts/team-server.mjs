// The Content-Security-Policy in index.html lets the app connect to its own origin only
// (`connect-src 'self'`). Team sync talks to the team's CouchDB server from the browser,
// so that server must be named there, and nothing else:
//
//   PACKWRIGHT_TEAM_SERVER=https://couch.example.org make build     (at build time), or
//   node scripts/team-server.mjs dist https://couch.example.org     (on a finished build)
//
// Several servers are separated by spaces. The second form rewrites index.html and
// 404.html in the folder and writes sw.js again (its version hashes every file).
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeServiceWorker } from './precache.mjs';

/** Checks each address (scheme, host, optional port; nothing else) and returns them. */
export function serverOrigins(text) {
  const servers = (text || '').split(/\s+/).filter(Boolean);
  for (const server of servers) {
    const url = new URL(server);
    if (!['https:', 'http:'].includes(url.protocol) || url.origin !== server.replace(/\/$/, '')) {
      throw new Error(`${server}: give a server as https://host[:port], nothing after it`);
    }
  }
  return servers.map((server) => new URL(server).origin);
}

/** The page with `origins` added to its CSP's connect-src. */
export function allowServers(html, origins) {
  if (origins.length === 0) return html;
  const marker = "connect-src 'self'";
  if (!html.includes(marker)) throw new Error(`index.html's CSP has no "${marker}"`);
  return html.replace(marker, `${marker} ${origins.join(' ')}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [folder, ...servers] = process.argv.slice(2);
  if (!folder || servers.length === 0) {
    throw new Error('usage: node scripts/team-server.mjs <dist folder> <https://couch.example.org>...');
  }
  const origins = serverOrigins(servers.join(' '));
  for (const page of ['index.html', '404.html']) {
    const path = join(folder, page);
    await writeFile(path, allowServers(await readFile(path, 'utf8'), origins));
  }
  await writeServiceWorker(folder);
  console.log(`connect-src now allows ${origins.join(' ')}`);
}
