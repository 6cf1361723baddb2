// dist/ on a loopback static host, for the scripts that drive the built app: files under
// `prefix` (a sub-path, as on a shared host), unknown paths answered with 404.html.
import { createServer } from 'node:http';
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

export async function serve(folder, prefix = '/') {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const relative = path.startsWith(prefix) ? normalize(path.slice(prefix.length)) : null;
    const file = relative === null || relative.startsWith('..') ? null
      : join(folder, relative.endsWith('/') || relative === '.' ? join(relative, 'index.html') : relative);
    try {
      if (!file) throw new Error('outside the app folder');
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
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
