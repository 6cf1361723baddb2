// Renders the app's PNG icons from their SVGs with headless Chromium:
// `node scripts/icons.mjs` (from the crate root, after `make browser-tools`).
// The PNGs are committed; run this again only when an SVG changes.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

// playwright-core lives in tools/node_modules (see tools/package.json).
const require = createRequire(new URL('../tools/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const icons = [
  { svg: 'assets/icons/icon.svg', png: 'assets/icons/icon-192.png', size: 192 },
  { svg: 'assets/icons/icon.svg', png: 'assets/icons/icon-512.png', size: 512 },
  { svg: 'assets/icons/maskable.svg', png: 'assets/icons/maskable-512.png', size: 512 },
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const { svg, png, size } of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const markup = await readFile(svg, 'utf8');
    await page.setContent(
      `<html><body style="margin:0;background:transparent">` +
        markup.replace('<svg ', `<svg width="${size}" height="${size}" `) +
        `</body></html>`,
    );
    await page.screenshot({ path: png, omitBackground: true });
    await page.close();
    console.log(`${png}: ${size}×${size}`);
  }
} finally {
  await browser.close();
}
