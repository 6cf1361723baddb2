// Serves dist/ on loopback, loads the demo workspace in headless Chromium, and saves a
// screenshot of every page (desktop and 360 px wide) to screenshots/.
// Usage: node scripts/screenshots.mjs   (after `make build`)
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { serve } from './static-host.mjs';

const require = createRequire(new URL('../tools/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const dist = new URL('../dist/', import.meta.url).pathname;
const out = new URL('../screenshots/', import.meta.url).pathname;
const host = await serve(dist);
const base = host.origin;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
await mkdir(out, { recursive: true });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const problems = [];
page.on('pageerror', (error) => problems.push(error.message));
page.on('console', (message) => {
  if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
});
// Deep links are answered by 404.html with status 404, as on a static host: not a problem.
page.on('response', (response) => {
  if (response.status() >= 400 && response.request().resourceType() !== 'document') problems.push(`${response.status()} ${response.url()}`);
});

await page.goto(`${base}/settings`);
await page.getByRole('button', { name: 'Load demo workspace' }).click();
const replace = page.getByRole('button', { name: 'Replace with the demo' });
if (await replace.isVisible().catch(() => false)) await replace.click();
await page.getByText('Loaded the demo workspace.').waitFor();

const shots = [
  ['packs', '/packs'],
  ['components', '/components'],
  ['groups', '/groups'],
  ['accounts', '/accounts'],
  ['activity', '/activity'],
  ['settings', '/settings'],
];
for (const [name, path] of shots) {
  await page.goto(`${base}${path}`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
}
await page.goto(`${base}/packs`);
for (const pack of ['NetSuite Invoice Bridge', 'Salesforce Order Sync']) {
  await page.getByRole('link', { name: pack }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, `pack-${pack.split(' ')[0].toLowerCase()}.png`), fullPage: true });
  await page.goto(`${base}/packs`);
}
await page.getByRole('link', { name: 'Salesforce Order Sync' }).click();
await page.getByRole('link', { name: 'Release Integration Pack' }).click();
await page.waitForTimeout(300);
await page.screenshot({ path: join(out, 'wizard-1.png'), fullPage: true });
await page.getByRole('button', { name: 'Next' }).click();
await page.waitForTimeout(300);
await page.screenshot({ path: join(out, 'wizard-2.png'), fullPage: true });
await page.goto(`${base}/accounts`);
await page.getByRole('link', { name: 'Alder Outfitters' }).click();
await page.waitForTimeout(400);
await page.screenshot({ path: join(out, 'account.png'), fullPage: true });
// The testing period from both sides (issue 26), at 1280 and 360 px: an early applier's
// report form, and the pack page's pending release with its counts and problems.
const testingPeriod = async (suffix) => {
  await page.goto(`${base}/accounts`);
  await page.getByRole('link', { name: 'Alder Outfitters' }).click();
  await page.getByRole('button', { name: /^Report on this update/ }).first().click();
  await page.locator('[data-testid=report-form]').waitFor();
  await page.waitForTimeout(300);
  await page.locator('[data-testid=report-form]').screenshot({ path: join(out, `report-form${suffix}.png`) });
  await page.goto(`${base}/packs`);
  await page.getByRole('link', { name: 'NetSuite Invoice Bridge' }).click();
  await page.locator('[data-testid=testing-verdicts]').waitFor();
  await page.waitForTimeout(300);
  await page.locator('[data-testid=pending-release]').screenshot({ path: join(out, `testing-period${suffix}.png`) });
};
// Extension values (issue 27): an early applier's settings with the field its release
// added, and the wizard's configuration impact for releasing the pending versions now.
const configuration = async (suffix) => {
  await page.goto(`${base}/accounts`);
  await page.getByRole('link', { name: 'Kestrel Cycles' }).click();
  await page.getByRole('button', { name: 'Settings of NetSuite Invoice Bridge' }).click();
  await page.locator('[data-testid=instance-settings]').waitFor();
  await page.waitForTimeout(300);
  await page.locator('[data-testid=instance-settings]').screenshot({ path: join(out, `settings${suffix}.png`) });
  await page.goto(`${base}/packs`);
  await page.getByRole('link', { name: 'NetSuite Invoice Bridge' }).click();
  await page.getByRole('link', { name: 'Release Integration Pack' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.locator('[data-testid=impact-configuration]').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `wizard-impact${suffix}.png`), fullPage: true });
};
await testingPeriod('');
await configuration('');
await page.setViewportSize({ width: 360, height: 780 });
await testingPeriod('-360');
await configuration('-360');
await page.goto(`${base}/packs`);
await page.waitForTimeout(400);
await page.screenshot({ path: join(out, 'packs-360.png'), fullPage: true });

// Import from Boomi, in a browser context of its own (an empty workspace): the preview,
// then the imported pack with its pending release's requests.
const boomi = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
boomi.on('pageerror', (error) => problems.push(error.message));
await boomi.goto(`${base}/settings`);
await boomi.locator('#clock-input').fill('2026-11-26T12:00');
await boomi.getByRole('button', { name: 'Set simulated time' }).click();
await boomi.getByText('Simulated time is now').waitFor();
const fixtures = new URL('../tests/fixtures/boomi/', import.meta.url).pathname;
const { readdir } = await import('node:fs/promises');
const responses = (await readdir(fixtures)).filter((name) => name !== 'openapi-excerpt.json').map((name) => join(fixtures, name));
await boomi.locator('input[type=file][multiple]').setInputFiles(responses);
await boomi.getByRole('heading', { name: 'What the import will do' }).waitFor();
await boomi.screenshot({ path: join(out, 'boomi-preview.png'), fullPage: true });
await boomi.getByRole('button', { name: 'Import from Boomi' }).click();
await boomi.getByText('Imported from Boomi:').waitFor();
await boomi.getByRole('link', { name: 'Integration Packs' }).first().click();
await boomi.getByRole('link', { name: 'Order Management' }).click();
await boomi.getByRole('button', { name: 'Boomi requests' }).click();
await boomi.waitForTimeout(300);
await boomi.screenshot({ path: join(out, 'boomi-requests.png'), fullPage: true });
await boomi.setViewportSize({ width: 360, height: 780 });
await boomi.waitForTimeout(300);
await boomi.screenshot({ path: join(out, 'boomi-requests-360.png'), fullPage: true });

await browser.close();
await host.close();
if (problems.length) {
  console.error('The page reported errors:\n' + problems.join('\n'));
  process.exit(1);
}
console.log(`Screenshots saved to ${out}`);
