// Cold loads of the built app (dist/) from a loopback static host in headless Chromium;
// prints the median of several runs of:
//   - the app shell interactive: a first visit (new browser context: no HTTP cache, no
//     service worker, an empty IndexedDB) until the header's navigation is on the page;
//   - a 20,000-account workspace on screen: HTTP cache, service worker and its caches
//     cleared, the workspace already in IndexedDB, /accounts loaded until the list says
//     "20000 of 20000 accounts";
//   - with that workspace open: from a click on "Activity" to its first sentence, and from a
//     click on a pack's name to its install-base chart;
//   - on Activity, from typing one account's name into the account filter to its newest
//     sentence (an account's few events lie far back in the log);
//   - on Account Groups with 1,000 groups (a workspace of its own), from submitting a new
//     group to its "Created" notice and the next frame;
//   - on the 20,000-account list, how many elements one incoming change replaces: another
//     tab renames an account of the page shown, and a MutationObserver counts the elements
//     taken off the list (each with its descendants) until the new name is on screen.
//   - the same at 100,000 accounts (500,000 instances; a second file): importing it, a cold
//     load until the list says "100000 of 100000 accounts", the JS heap after that load
//     and the IndexedDB size, Activity, a pack's chart, and from typing one account's name
//     into the pack's install list filter to the filtered count (also at 20,000), and from
//     a click on the pack to its install list's rows (a big pack lists them after painting
//     the rest of its page); that file's first pack is in a testing period with 10,000
//     reports (`large_workspace … 100000 10000`): from a click on it to its counts, and
//     from choosing "Needs attention" in its install list to the count (half of those
//     10,000 early appliers have the new release's field to fill in).
// Times are the page's performance.now() (from navigation start), taken by a
// MutationObserver the moment the element appears.
// Usage (what `make bench-load` runs):
//   node scripts/bench-load.mjs <large-workspace.json> [<100,000-account workspace.json>]
import { createRequire } from 'node:module';
import { serve } from './static-host.mjs';

const require = createRequire(new URL('../tools/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const RUNS = Number(process.env.RUNS ?? 7);
const workspaceFile = process.argv[2];
const hugeFile = process.argv[3];
if (!workspaceFile) throw new Error('usage: node scripts/bench-load.mjs <large-workspace.json> [<huge-workspace.json>]');
const dist = new URL('../dist/', import.meta.url).pathname;
const host = await serve(dist, '/packwright/');

const marks = (expected) => {
  window.__marks = {};
  const check = () => {
    const now = performance.now();
    if (!window.__marks.shell && document.querySelector('header nav a')) window.__marks.shell = now;
    const count = document.querySelector('[data-testid=account-count]');
    if (!window.__marks.accounts && count && count.textContent.includes(`${expected} of ${expected} accounts`)) {
      window.__marks.accounts = now;
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
};

// Keeps the first wasm module's memory (the app's), whose size the JS heap does not count.
const keepWasmMemory = () => {
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async (...args) => {
      const result = await original.apply(WebAssembly, args);
      window.__wasmMemory ??= result.instance?.exports.memory;
      return result;
    };
  }
};
const median = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

async function timeTo(page, mark, url) {
  await page.goto(url);
  await page.waitForFunction((mark) => window.__marks && window.__marks[mark] !== undefined, mark, { timeout: 120_000, polling: 50 });
  return page.evaluate((mark) => window.__marks[mark], mark);
}

// A cold load of /accounts with the workspace in IndexedDB (HTTP cache, service worker and
// its caches cleared) until the list shows all `expected` accounts: the page, its CDP
// session and that instant.
async function coldLoad(context, expected) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('Storage.clearDataForOrigin', { origin: host.origin, storageTypes: 'service_workers,cache_storage' });
  await page.addInitScript(marks, expected);
  await page.addInitScript(keepWasmMemory);
  const shown = await timeTo(page, 'accounts', host.url('accounts'));
  return { page, cdp, shown };
}

const shell = [];
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(marks);
  shell.push(await timeTo(page, 'shell', host.url('')));
  await context.close();
}

const context = await browser.newContext();
const setup = await context.newPage();
await setup.goto(host.url('settings'));
await setup.getByLabel('Import workspace…').setInputFiles(workspaceFile);
await setup.getByText(/^Imported /).waitFor({ timeout: 300_000 });
await setup.close();
const accounts = [];
for (let run = 0; run < RUNS; run++) {
  const { page, shown } = await coldLoad(context, 20000);
  accounts.push(shown);
  await page.close();
}

// One change from another tab while the account list is on screen: the elements the list
// replaces for it (the changed row is 7: its tr, 3 tds, the link and its text's parents).
const replaced = [];
for (let run = 0; run < RUNS; run++) {
  const list = await context.newPage();
  await list.goto(host.url('accounts'));
  await list.locator('[data-testid=account-count]', { hasText: '20000 of 20000 accounts' }).waitFor({ timeout: 120_000 });
  const renamed = (await list.locator('[data-testid=account-list] tbody a').nth(3 + run).textContent()).trim();
  await list.evaluate(() => {
    window.__replaced = 0;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.removedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE) window.__replaced += 1 + node.querySelectorAll('*').length;
        }
      }
    }).observe(document.querySelector('[data-testid=account-list]').closest('section'), { subtree: true, childList: true });
  });
  const other = await context.newPage();
  await other.goto(host.url('accounts'));
  await other.getByRole('link', { name: renamed, exact: true }).click();
  await other.getByRole('button', { name: 'Rename', exact: true }).click();
  await other.getByLabel('New name').fill(`Renamed ${renamed}`);
  await other.getByRole('button', { name: 'Save name', exact: true }).click();
  await list.locator('[data-testid=account-list] a', { hasText: `Renamed ${renamed}` }).waitFor({ timeout: 60_000 });
  await list.waitForTimeout(200);
  replaced.push(await list.evaluate(() => window.__replaced));
  await other.close();
  await list.close();
}

// History pages with the workspace open: from the click on a link to the page's content.
const clickToContent = async (page, linkName, selector) => {
  const link = page.getByRole('link', { name: linkName, exact: true }).first();
  await link.waitFor();
  // The content counts as shown at the first animation frame after it is on the page: a
  // main thread still busy after inserting it holds that frame back too.
  await page.evaluate((selector) => {
    window.__shown = undefined;
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      requestAnimationFrame(() => { window.__shown = performance.now(); });
    });
    observer.observe(document, { subtree: true, childList: true });
    window.__clicked = performance.now();
  }, selector);
  await link.click();
  await page.waitForFunction(() => window.__shown !== undefined, null, { timeout: 60_000, polling: 20 });
  return page.evaluate(() => window.__shown - window.__clicked);
};
// The Activity page filtered to one account: from the typed name to its newest sentence.
const filterToContent = async (page, name) => {
  await page.locator('[data-testid=activity] li').first().waitFor({ timeout: 60_000 });
  await page.evaluate(() => { window.__typed = performance.now(); });
  await page.locator('#activity-account').fill(name);
  await page.locator('[data-testid=activity] li', { hasText: name }).first().waitFor({ timeout: 60_000 });
  return page.evaluate(() => performance.now() - window.__typed);
};
// The pack page's install list, filtered to one account: from the typed name to the count
// of its instances.
const filterInstalls = async (page, name) => {
  const count = page.locator('[data-testid=instance-count]');
  await count.waitFor({ timeout: 60_000 });
  await page.evaluate(() => { window.__typed = performance.now(); });
  await page.locator('#instance-account-filter').fill(name);
  await count.filter({ hasText: /^1 of / }).waitFor({ timeout: 60_000 });
  return page.evaluate(() => performance.now() - window.__typed);
};
// The install list filtered to the instances that need attention (fields new since their
// previous release, neither set nor kept): from the choice to the count.
const filterConfiguration = async (page) => {
  const count = page.locator('[data-testid=instance-count]');
  await page.locator('#instance-account-filter').fill('');
  await count.filter({ hasText: /^50000 of 50000 / }).waitFor({ timeout: 60_000 });
  await page.evaluate(() => { window.__typed = performance.now(); });
  await page.locator('#instance-configuration-filter').selectOption('attention');
  await count.filter({ hasText: /^5000 of / }).waitFor({ timeout: 60_000 });
  return page.evaluate(() => performance.now() - window.__typed);
};
// With a workspace open in `context`: Activity, the first pack's chart, its install list
// filtered to one account, and Activity filtered to one account, RUNS times each.
// With `reports`, the first pack is in a testing period: the click to its counts too.
async function historyClicks(context, reports = false) {
  const times = { activity: [], packPage: [], installList: [], installFilter: [], oneAccount: [], testing: [], configuration: [] };
  for (let run = 0; run < RUNS; run++) {
    const page = await context.newPage();
    await page.goto(host.url('packs'));
    await page.locator('[data-testid=pack-list]').waitFor({ timeout: 120_000 });
    times.activity.push(await clickToContent(page, 'Activity', '[data-testid=activity] li'));
    await page.getByRole('link', { name: 'Integration Packs', exact: true }).first().click();
    await page.locator('[data-testid=pack-list]').waitFor();
    const firstPack = await page.locator('[data-testid=pack-list] tbody a').first().textContent();
    times.packPage.push(await clickToContent(page, firstPack.trim(), '[data-testid=install-base-chart]'));
    if (reports) {
      await page.getByRole('link', { name: 'Integration Packs', exact: true }).first().click();
      await page.locator('[data-testid=pack-list]').waitFor();
      times.testing.push(await clickToContent(page, firstPack.trim(), '[data-testid=testing-verdicts]'));
    }
    // A big pack's install list follows its chart: the click again, to the list's rows.
    await page.getByRole('link', { name: 'Integration Packs', exact: true }).first().click();
    await page.locator('[data-testid=pack-list]').waitFor();
    times.installList.push(await clickToContent(page, firstPack.trim(), '[data-testid=install-list] tbody tr'));
    const account = `Account ${String(1000 + run).padStart(5, '0')}`;
    times.installFilter.push(await filterInstalls(page, account));
    if (reports) times.configuration.push(await filterConfiguration(page));
    await page.getByRole('link', { name: 'Activity', exact: true }).first().click();
    times.oneAccount.push(await filterToContent(page, account));
    await page.close();
  }
  return times;
}
const large = await historyClicks(context);

// Account Groups with a thousand groups: every save wakes the page.
const groupsContext = await browser.newContext();
const groupsPage = await groupsContext.newPage();
await groupsPage.goto(host.url('packs'));
await groupsPage.getByRole('link', { name: 'Account Groups', exact: true }).first().click();
await groupsPage.locator('#group-name').waitFor({ state: 'attached' });
const createGroup = (name) => groupsPage.evaluate((name) => new Promise((done) => {
  const input = document.querySelector('#group-name');
  const card = input.closest('details');
  card.open = true;
  input.value = name;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  const submitted = performance.now();
  input.form.requestSubmit();
  (function look() {
    const notice = card.querySelector('.notice');
    if (notice && notice.textContent.includes(name)) {
      return requestAnimationFrame(() => setTimeout(() => done(performance.now() - submitted)));
    }
    setTimeout(look, 1);
  })();
}), name);
for (let index = 0; index < 1000; index++) await createGroup(`Group ${String(index).padStart(4, '0')}`);
const groupSaves = [];
for (let run = 0; run < RUNS; run++) groupSaves.push(await createGroup(`Timed ${run}`));
await groupsContext.close();

// The same at 100,000 accounts, in a context of its own: the import, cold loads with the
// heap after each, and the clicks.
let huge = null;
if (hugeFile) {
  const hugeContext = await browser.newContext();
  const importing = await hugeContext.newPage();
  await importing.goto(host.url('settings'));
  const importStarted = Date.now();
  await importing.getByLabel('Import workspace…').setInputFiles(hugeFile);
  await importing.getByText(/^Imported /).waitFor({ timeout: 900_000 });
  const importMs = Date.now() - importStarted;
  const stored = await importing.evaluate(() => navigator.storage.estimate().then((estimate) => estimate.usage));
  await importing.close();
  const loads = [];
  const heaps = [];
  for (let run = 0; run < RUNS; run++) {
    const { page, cdp, shown } = await coldLoad(hugeContext, 100000);
    loads.push(shown);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    heaps.push({ usedSize, wasm: await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0) });
    await page.close();
  }
  huge = { importMs, stored, loads, heaps, clicks: await historyClicks(hugeContext, true) };
  await hugeContext.close();
}

await browser.close();
await host.close();

const show = (samples) => `median ${median(samples).toFixed(0)} ms (runs: ${samples.map((s) => s.toFixed(0)).join(', ')})`;
console.log(`Cold load, app shell interactive:            ${show(shell)}`);
console.log(`Cold load, 20,000-account workspace on screen: ${show(accounts)}`);
const showClicks = (clicks) => {
  console.log(`  Click to Activity's first sentence:            ${show(clicks.activity)}`);
  console.log(`  Click to a pack page's install-base chart:     ${show(clicks.packPage)}`);
  console.log(`  Click to that pack's install list (its first rows): ${show(clicks.installList)}`);
  console.log(`  Install list filtered to one account, typed to its count: ${show(clicks.installFilter)}`);
  console.log(`  Activity filtered to one account, typed to its newest sentence: ${show(clicks.oneAccount)}`);
  if (clicks.testing.length) {
    console.log(`  Click to the pack's testing period (10,000 reports on 50,000 instances): ${show(clicks.testing)}`);
    console.log(`  Install list filtered to "Needs attention" (5,000 of 50,000), chosen to its count: ${show(clicks.configuration)}`);
  }
};
console.log('With the 20,000-account workspace open:');
showClicks(large);
console.log(`A group created with 1,000 groups, submit to its notice: ${show(groupSaves)}`);
console.log(`Elements the 20,000-account list replaces for one change from another tab: median ${median(replaced)} (runs: ${replaced.join(', ')})`);
if (huge) {
  const megabytes = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
  console.log(`100,000 accounts, 500,000 instances: import ${(huge.importMs / 1000).toFixed(1)} s; IndexedDB after it ${megabytes(huge.stored)}`);
  console.log(`Cold load, 100,000-account workspace on screen: ${show(huge.loads)}`);
  const heapUsed = huge.heaps.map((heap) => heap.usedSize);
  const wasm = huge.heaps.map((heap) => heap.wasm);
  console.log(`  JS heap after the load: median ${megabytes(median(heapUsed))} (runs: ${heapUsed.map(megabytes).join(', ')}); the wasm module's memory: median ${megabytes(median(wasm))} (runs: ${wasm.map(megabytes).join(', ')})`);
  console.log('With the 100,000-account workspace open:');
  showClicks(huge.clicks);
}
