#!/usr/bin/env node
// The citizen app as a resident's browser meets it: the start page's initial JavaScript and Lighthouse's
// scores for the start page, a service page and the booking page, against a platform this script starts
// (tools/stack.mjs: `npm start` on its own ports, schemas and Redis prefix) with the app built for
// production. Writes bench/results/citizen-web.json.
//   node bench/citizen-web.mjs [runs]    (Lighthouse runs per page, default 3; the median is reported)
//
// Initial JavaScript: every script the start page loads until the network is idle, in Debian's Chromium
// (playwright-core). Reported as gzip (level 9, the budget's measure: ≤ 120 KB) and as the brotli bytes the
// gateway actually sends. Lighthouse 12 with its default mobile emulation and simulated throttling,
// Chromium headless; targets: accessibility 100, performance ≥ 90.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startStack } from '../tools/stack.mjs';
import { resultsDir } from './lib/results.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 3);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const BUDGET_GZIP_BYTES = 120 * 1024;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function initialJavaScript(base) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await (await browser.newContext()).newPage();
    const scripts = [];
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      const body = await response.body();
      const sizes = await response.request().sizes();
      scripts.push({
        url: new URL(response.url()).pathname,
        rawBytes: body.length,
        gzipBytes: gzipSync(body, { level: 9 }).length,
        transferBytes: sizes.responseBodySize,
        encoding: (await response.allHeaders())['content-encoding'] ?? 'identity',
      });
    });
    await page.goto(`${base}/`, { waitUntil: 'networkidle' });
    await page.waitForSelector('h1');
    const sum = (key) => scripts.reduce((total, s) => total + s[key], 0);
    return {
      files: scripts.sort((a, b) => b.rawBytes - a.rawBytes),
      rawBytes: sum('rawBytes'),
      gzipBytes: sum('gzipBytes'),
      transferBytes: sum('transferBytes'),
      budgetGzipBytes: BUDGET_GZIP_BYTES,
      withinBudget: sum('gzipBytes') <= BUDGET_GZIP_BYTES,
    };
  } finally {
    await browser.close();
  }
}

async function lighthouseScores(url) {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const scores = [];
  for (let i = 0; i < runs; i++) {
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
      });
      const { categories, audits } = result.lhr;
      scores.push({
        performance: Math.round(categories.performance.score * 100),
        accessibility: Math.round(categories.accessibility.score * 100),
        bestPractices: Math.round(categories['best-practices'].score * 100),
        firstContentfulPaintMs: Math.round(audits['first-contentful-paint'].numericValue),
        largestContentfulPaintMs: Math.round(audits['largest-contentful-paint'].numericValue),
        totalBlockingTimeMs: Math.round(audits['total-blocking-time'].numericValue),
        cumulativeLayoutShift: Number(audits['cumulative-layout-shift'].numericValue.toFixed(3)),
        failedAccessibilityAudits: Object.values(audits)
          .filter((a) => categories.accessibility.auditRefs.some((r) => r.id === a.id) && a.score === 0)
          .map((a) => a.id),
      });
    } finally {
      await chrome.kill();
    }
  }
  const pick = (key) => median(scores.map((s) => s[key]));
  return {
    url: new URL(url).pathname,
    runs: scores.length,
    performance: pick('performance'),
    accessibility: pick('accessibility'),
    bestPractices: pick('bestPractices'),
    firstContentfulPaintMs: pick('firstContentfulPaintMs'),
    largestContentfulPaintMs: pick('largestContentfulPaintMs'),
    totalBlockingTimeMs: pick('totalBlockingTimeMs'),
    cumulativeLayoutShift: pick('cumulativeLayoutShift'),
    failedAccessibilityAudits: [...new Set(scores.flatMap((s) => s.failedAccessibilityAudits))],
    all: scores,
  };
}

async function main() {
  console.log('Building the citizen app for production ...');
  execFileSync('npx', ['nx', 'run', 'citizen:build', '--outputStyle=static'], {
    cwd: root,
    stdio: 'inherit',
  });
  console.log('Starting a platform of its own ...');
  const stack = await startStack();
  try {
    const js = await initialJavaScript(stack.base);
    console.log(
      `start page initial JS: ${(js.gzipBytes / 1024).toFixed(1)} KB gzip (${(js.transferBytes / 1024).toFixed(1)} KB as sent, ${(js.rawBytes / 1024).toFixed(1)} KB raw), budget ${BUDGET_GZIP_BYTES / 1024} KB`,
    );
    const pages = [];
    for (const pagePath of ['/', '/leistungen/personalausweis', '/termin/personalausweis']) {
      const scores = await lighthouseScores(`${stack.base}${pagePath}`);
      console.log(
        `${pagePath}: performance ${scores.performance}, accessibility ${scores.accessibility}, best practices ${scores.bestPractices} (median of ${scores.runs})`,
      );
      pages.push(scores);
    }
    const result = {
      benchmark: 'citizen-web',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
      lighthouse: '12.2.3, default mobile emulation, simulated throttling, headless Chromium',
      initialJavaScript: js,
      pages,
      targets: {
        initialJsGzipBytes: `<= ${BUDGET_GZIP_BYTES}`,
        accessibility: 100,
        performance: '>= 90',
      },
      met: js.withinBudget && pages.every((p) => p.accessibility === 100 && p.performance >= 90),
    };
    mkdirSync(resultsDir(), { recursive: true });
    writeFileSync(path.join(resultsDir(), 'citizen-web.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `targets ${result.met ? 'met' : 'NOT met'}; written to ${path.join(resultsDir(), 'citizen-web.json')}`,
    );
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
