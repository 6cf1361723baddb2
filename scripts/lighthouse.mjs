// A first visit on a phone, as Lighthouse (mobile profile, its default throttling) sees it:
// dist/ served gzipped from a loopback host under a folder, Debian's Chromium. Prints the
// four category scores, the Largest Contentful Paint and when the app itself is interactive
// (its code downloaded and started: index.html's static frame is painted long before) of
// each run, then the medians.
// Usage (what `make lighthouse` runs): node scripts/lighthouse.mjs
import { createRequire } from 'node:module';
import { serve } from './static-host.mjs';

const require = createRequire(new URL('../tools/lighthouse/package.json', import.meta.url));
const { default: lighthouse } = await import(require.resolve('lighthouse'));
const chromeLauncher = await import(require.resolve('chrome-launcher'));

const RUNS = Number(process.env.RUNS ?? 3);
const dist = new URL('../dist/', import.meta.url).pathname;
const host = await serve(dist, '/packwright/', { gzip: true });
const median = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];

const results = [];
for (let run = 0; run < RUNS; run++) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const { lhr } = await lighthouse(host.url(''), {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
  });
  await chrome.kill();
  const score = (id) => lhr.categories[id].score;
  const result = {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    lcp: lhr.audits['largest-contentful-paint'].numericValue,
    fcp: lhr.audits['first-contentful-paint'].numericValue,
    tbt: lhr.audits['total-blocking-time'].numericValue,
    // When the app itself runs (its code downloaded and started), beside what is painted.
    interactive: lhr.audits['interactive'].numericValue,
    cls: lhr.audits['cumulative-layout-shift'].numericValue,
  };
  results.push(result);
  console.log(`run ${run + 1}: ${JSON.stringify(result)}`);
}
await host.close();
const pick = (key) => median(results.map((r) => r[key]));
console.log(
  `Lighthouse mobile, median of ${RUNS}: performance ${pick('performance')}, accessibility ${pick('accessibility')}, ` +
  `best practices ${pick('bestPractices')}, SEO ${pick('seo')}, LCP ${(pick('lcp') / 1000).toFixed(2)} s, ` +
  `FCP ${(pick('fcp') / 1000).toFixed(2)} s, TBT ${pick('tbt').toFixed(0)} ms, CLS ${pick('cls')}, ` +
  `time to interactive ${(pick('interactive') / 1000).toFixed(2)} s`,
);
