#!/usr/bin/env node
// How long `npm start` takes from launch to GET /api/v1/health = 200 once everything is built (the
// target is 60 s on a 2-core machine). Runs the start script N times (default 3) on spare ports with its
// own schemas and queue prefix, stops it with SIGINT, and writes bench/results/startup.json.
//   node bench/startup.mjs [runs]
import { spawn, execFileSync } from 'node:child_process';
import { ephemeralSecrets } from '../tools/secrets.mjs';
import { resultsDir } from './lib/results.mjs';
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 3);
const portBase = 28080;

execFileSync(
  'npx',
  ['nx', 'run-many', '-t', 'build', '--projects=tag:type:service', '--outputStyle=static'],
  { cwd: root, stdio: 'ignore' },
);

async function once(i) {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'tools/start.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      BUERGERAMT_PORT_BASE: String(portBase),
      BUERGERAMT_SCHEMA_PREFIX: 'bench_',
      QUEUE_PREFIX: `bench:${i}`,
      LOG_LEVEL: 'warn',
      ...ephemeralSecrets(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let healthyAfter;
  for await (const chunk of child.stdout) {
    if (chunk.toString().includes('Digitales Bürgeramt is up')) {
      healthyAfter = (performance.now() - started) / 1000;
      break;
    }
  }
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  return healthyAfter;
}

const seconds = [];
for (let i = 0; i < runs; i++) {
  const s = await once(i);
  if (s === undefined) throw new Error('the platform did not come up');
  seconds.push(Number(s.toFixed(2)));
  console.log(`run ${i + 1}: healthy after ${s.toFixed(2)} s`);
}
const sorted = [...seconds].sort((a, b) => a - b);
const result = {
  benchmark: 'startup: npm start (built) to /api/v1/health 200',
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version },
  runs: seconds,
  median: sorted[Math.floor(sorted.length / 2)],
  max: sorted[sorted.length - 1],
  target: 60,
};
mkdirSync(resultsDir(), { recursive: true });
writeFileSync(path.join(resultsDir(), 'startup.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`median ${result.median} s, max ${result.max} s (target ${result.target} s)`);
