// dist/ on a loopback static host, for the scripts that drive the built app: files under
// `prefix` (a sub-path, as on a shared host), unknown paths answered with 404.html.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

// `gzip`: answer with gzip-compressed bodies when the browser accepts them, as real static
// hosts do (what a first visit downloads is then the gzipped size).
export async function serve(folder, prefix = '/', { gzip = false } = {}) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const relative = path.startsWith(prefix) ? normalize(path.slice(prefix.length)) : null;
    const file = relative === null || relative.startsWith('..') ? null
      : join(folder, relative.endsWith('/') || relative === '.' ? join(relative, 'index.html') : relative);
    try {
      if (!file) throw new Error('outside the app folder');
      const body = await readFile(file);
      const headers = { 'content-type': types[extname(file)] ?? 'application/octet-stream' };
      if (gzip && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
        headers['content-encoding'] = 'gzip';
        response.writeHead(200, headers);
        response.end(gzipSync(body, { level: 9 }));
      } else {
        response.writeHead(200, headers);
        response.end(body);
      }
    } catch {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end(await readFile(join(folder, '404.html')));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (path = '') => `${origin}${prefix}${path.replace(/^\//, '')}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
