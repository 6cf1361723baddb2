// Writes <folder>/sw.js: scripts/service-worker.js, preceded by the list of every file in
// the folder and a version hashed from all of their bytes, so that any change to any file
// is a new version. Called by post-build.mjs; `node scripts/precache.mjs <folder>` runs it
// on a finished build (the offline tests use it to make a changed deployment).
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

async function filesUnder(folder) {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(folder, entry.name);
      return entry.isDirectory() ? filesUnder(path) : [path];
    }),
  );
  return nested.flat();
}

export async function writeServiceWorker(folder) {
  const files = (await filesUnder(folder))
    .map((path) => relative(folder, path).split(sep).join('/'))
    .filter((file) => file !== 'sw.js')
    .sort();
  const version = createHash('sha256');
  for (const file of files) {
    version.update(file).update('\0').update(await readFile(join(folder, file))).update('\0');
  }
  const build = { version: version.digest('hex').slice(0, 16), files };
  const template = await readFile(new URL('./service-worker.js', import.meta.url), 'utf8');
  await writeFile(join(folder, 'sw.js'), `const BUILD = ${JSON.stringify(build, null, 2)};\n${template}`);
  console.log(`sw.js: version ${build.version}, ${files.length} files precached`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = process.argv[2];
  if (!folder) throw new Error('usage: node scripts/precache.mjs <folder>');
  await writeServiceWorker(folder);
}
