// Cuts the app's wasm into the module a first visit needs and one module per lazy page
// (src/ui/app.rs), in Trunk's staging folder. Called by post-build.mjs before anything
// lists or hashes the build's files.
//
// Trunk 0.21 cannot split a wasm (trunk-rs/trunk#1022), so this redoes its last steps:
// 1. wasm-split-cli (crate wasm_split_cli_support, installed by scripts/install-tools.sh)
//    cuts cargo's wasm, linked with its relocations kept (build.rs, feature `split`), into
//    the main module, one module per lazy page, shared chunks and the JS that loads them.
//    It needs cargo's output: wasm-bindgen drops the relocations.
// 2. wasm-bindgen makes the main module's JS under the name Trunk gave it, keeping the
//    function table export the loader hands to the lazy modules (--keep-lld-exports).
// 3. wasm-opt -Oz optimizes every module (release builds).
// 4. The loader fetches a module again when it did not arrive (RETRIED), and starts a
//    module's fetches one task at a time (STAGGERED).
// 5. The loader and the modules go into a folder named like the main JS
//    (packwright-<hash>/), so a new build never meets an old build's modules in a cache,
//    and index.html's integrity hashes are made to match the new files.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOADER = '__wasm_split.js';

// Appended to the loader: a module that did not arrive (a flaky network) is fetched again
// before its load is reported failed, which would stop the app (Leptos' lazy functions have
// no way to fail gracefully).
const RETRIED = `
async function retried(load) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await load();
    } catch (error) {
      if (attempt === 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}
`;

// Replaces the loader's start of every dependency of a module in one go: starting a page's
// sixteen modules in one task kept the main thread busy for 30 ms on this machine (some
// 120 ms on a phone), long enough to delay a tap. Between two starts the browser may run
// anything waiting; the fetches still overlap.
const STAGGERED_FROM = 'const parallelStuff = deps.map(d => d());';
const STAGGERED_TO = 'const parallelStuff = [];\n        for (const dep of deps) { parallelStuff.push(dep()); await yieldToBrowser(); }';
const YIELD = `
function yieldToBrowser() {
  if (globalThis.scheduler && scheduler.yield) return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}
`;

function run(command, args) {
  execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
}

function sri(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

// Replaces every `from` in `text`; fails when there is none, so that a change in a tool's
// output is noticed instead of shipped.
function replaceAll(text, from, to, what) {
  if (!text.includes(from)) throw new Error(`split-wasm: ${what} has no ${from}`);
  return text.split(from).join(to);
}

export async function splitWasm(staging) {
  const profile = process.env.TRUNK_PROFILE === 'debug' ? 'debug' : 'release';
  const targetDir = process.env.CARGO_TARGET_DIR ?? 'target';
  const cargoWasm = join(targetDir, 'wasm32-unknown-unknown', profile, 'packwright.wasm');
  const stem = (await readdir(staging)).find((file) => /^packwright-[0-9a-f]+\.js$/.test(file))?.slice(0, -3);
  if (!stem) throw new Error(`split-wasm: no packwright-<hash>.js in ${staging}`);

  const work = await mkdtemp(join(tmpdir(), 'packwright-split-'));
  try {
    const split = join(work, 'split');
    const bound = join(work, 'bound');
    run('wasm-split-cli', ['--target', 'web', '--out-name', stem, cargoWasm, split]);
    run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', '--out-dir', bound, '--out-name', stem, join(split, `${stem}.wasm`)]);

    const folder = join(staging, stem);
    await mkdir(folder, { recursive: true });
    const modules = (await readdir(split)).filter((file) => file.endsWith('.wasm') && file !== `${stem}.wasm`);
    const optimize = async (from, to) => {
      if (profile === 'release') run('wasm-opt', ['-Oz', '--enable-reference-types', from, '-o', to]);
      else await copyFile(from, to);
    };
    await optimize(join(bound, `${stem}_bg.wasm`), join(staging, `${stem}_bg.wasm`));
    for (const module of modules) await optimize(join(split, module), join(folder, module));

    // The main JS imports the loader from the folder (the wasm's import module keeps its
    // name); the loader imports the main JS back.
    const mainJs = replaceAll(await readFile(join(bound, `${stem}.js`), 'utf8'), `from "./${LOADER}"`, `from "./${stem}/split.js"`, 'the main JS');
    let loader = replaceAll(await readFile(join(split, LOADER), 'utf8'), `"./${stem}.js"`, `"../${stem}.js"`, 'the split loader');
    loader = replaceAll(loader, 'const thisLoad = loader();', 'const thisLoad = retried(loader);', 'the split loader') + RETRIED;
    loader = replaceAll(loader, STAGGERED_FROM, STAGGERED_TO, 'the split loader') + YIELD;
    await writeFile(join(staging, `${stem}.js`), mainJs);
    await writeFile(join(folder, 'split.js'), loader);

    const indexPath = join(staging, 'index.html');
    let html = await readFile(indexPath, 'utf8');
    for (const file of [`${stem}.js`, `${stem}_bg.wasm`]) {
      const pattern = new RegExp(`(href="\\./${file}"[^>]*integrity=")[^"]*(")`);
      if (!pattern.test(html)) throw new Error(`split-wasm: index.html has no integrity for ${file}`);
      html = html.replace(pattern, `$1${sri(await readFile(join(staging, file)))}$2`);
    }
    await writeFile(indexPath, html);
    console.log(`split-wasm: ${stem}_bg.wasm and ${modules.length} lazy modules in ${stem}/`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
