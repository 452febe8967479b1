#!/usr/bin/env node
// `npm run bench`: every benchmark of bench/, then bench/results/SUMMARY.md (machine, date, the figures,
// each target, and each ratio beside the floor it is measured against).
//   npm run bench                          full run (≈ 10–15 min on 2 idle cores)
//   npm run bench -- --quick               smoke run with small sizes (≈ 2–3 min), written to bench/results/quick/
//   npm run bench -- --only a,b            only these (names below); the summary still lists the others
//                                          from their last result in the same folder
//   npm run bench -- --out DIR             results (and SUMMARY.md) to DIR instead
// Order: cold starts (footprint) first; then ONE platform (tools/stack.mjs, rate limits off, mails to a
// sink) for the benchmarks that run against a platform: gateway overhead, booking rush with its bare-pg
// floor, mixed load, parallel uploads, and its idle RSS before and after; it is stopped before the
// standalone scripts run as child processes (each starts the one built service it measures).
// Benchmarks measure; they never fail a build: a missed target is reported, not an exit code. The exit
// code is 1 only when a benchmark could not run at all.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run as bookingRush } from './booking-rush.mjs';
import { runFloor } from './booking-floor.mjs';
import {
  coldStarts,
  DEFAULTS as FOOTPRINT_DEFAULTS,
  footprintSample,
  platformRss,
  summarizeFootprint,
} from './footprint.mjs';
import { run as gatewayOverhead } from './gateway-overhead.mjs';
import { round } from './lib/load.mjs';
import { resolveDatabases, startPlatform, stopOnSignals } from './lib/platform.mjs';
import { machine, parseArgs, resultsDir, ROOT, writeResult } from './lib/results.mjs';
import { writeSummary } from './lib/summary.mjs';
import { run as mixedLoad } from './mixed-load.mjs';
import { run as uploadParallel } from './upload-parallel.mjs';

const args = parseArgs();
const quick = Boolean(args.quick);
const mode = quick ? 'quick' : 'full';

/**
 * Every benchmark: `platform` ones run in this process against the shared platform, `child` ones are
 * scripts started with `args` (per mode; null = not in that mode).
 */
const BENCHMARKS = [
  { name: 'footprint', kind: 'footprint' },
  { name: 'gateway-overhead', kind: 'platform', run: gatewayOverhead },
  { name: 'booking-rush', kind: 'platform', run: bookingRush },
  { name: 'mixed-load', kind: 'platform', run: mixedLoad },
  { name: 'upload-parallel', kind: 'platform', run: uploadParallel },
  { name: 'booking-floor', kind: 'floor' },
  {
    name: 'appointments-slots',
    kind: 'child',
    script: 'appointments-slots.mjs',
    args: { quick: ['100', '1'], full: ['500', '1'] },
  },
  {
    name: 'notifications-latency',
    kind: 'child',
    script: 'notifications-latency.mjs',
    args: { quick: ['200', '100'], full: ['1000', '100'] },
  },
  {
    name: 'appointments-booking-rush',
    kind: 'child',
    script: 'appointments-booking-rush.mjs',
    args: { quick: null, full: ['1000', '4', '10'] },
  },
  {
    name: 'documents-upload-memory',
    kind: 'child',
    script: 'documents-upload-memory.mjs',
    args: { quick: null, full: [] },
  },
  {
    name: 'citizen-web',
    kind: 'child',
    script: 'citizen-web.mjs',
    args: { quick: null, full: ['3'] },
    needs: () =>
      existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium') ||
      'no Chromium (/usr/bin/chromium or CHROMIUM_PATH)',
  },
];

const names = BENCHMARKS.map((b) => b.name);
const only = typeof args.only === 'string' ? args.only.split(',').map((s) => s.trim()) : null;
/** A script's arguments in this mode; one a quick run leaves out runs at full size when asked for by name. */
const argsOf = (b) => b.args[mode] ?? (only?.includes(b.name) ? b.args.full : null);
for (const name of only ?? []) {
  if (!names.includes(name)) {
    console.error(`unknown benchmark "${name}"; known: ${names.join(', ')}`);
    process.exit(2);
  }
}
// the booking rush measures its floor in the same run; the floor alone only when asked for by itself
const selected = new Set(
  only ??
    names.filter((n) => {
      const b = BENCHMARKS.find((x) => x.name === n);
      return n !== 'booking-floor' && (b.kind !== 'child' || argsOf(b) !== null);
    }),
);
if (selected.has('booking-rush')) selected.delete('booking-floor');

if (args.out) process.env.BENCH_RESULTS_DIR = path.resolve(String(args.out));
else if (quick && !process.env.BENCH_RESULTS_DIR)
  process.env.BENCH_RESULTS_DIR = path.join(ROOT, 'bench/results/quick');
const dir = resultsDir();
const shown = (file) => (file.startsWith(`${ROOT}/`) ? path.relative(ROOT, file) : file);
mkdirSync(dir, { recursive: true });
// smoke-run results stay out of git
if (dir === path.join(ROOT, 'bench/results/quick')) writeFileSync(path.join(dir, '.gitignore'), '*\n');

const started = Date.now();
const status = {}; // name → { status: 'ok' | 'failed' | 'skipped', seconds, detail? }
const log = (line) => console.log(`\n== ${line}`);

async function timed(name, fn) {
  const t = performance.now();
  try {
    await fn();
    status[name] = { status: 'ok', seconds: round((performance.now() - t) / 1000, 1) };
  } catch (error) {
    console.error(`${name} failed:`, error);
    status[name] = {
      status: 'failed',
      seconds: round((performance.now() - t) / 1000, 1),
      detail: String(error?.message ?? error).slice(0, 500),
    };
  }
}

/** A script of bench/ as a child process; rejects on a non-zero exit (with the output's tail). */
function child(benchmark) {
  return new Promise((resolve, reject) => {
    const proc = (running = spawn(
      process.execPath,
      [path.join(ROOT, 'bench', benchmark.script), ...argsOf(benchmark)],
      {
        cwd: ROOT,
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ));
    let tail = '';
    const forward = (stream, out) => {
      let rest = '';
      stream.on('data', (chunk) => {
        tail = (tail + chunk.toString()).slice(-2000);
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) out.write(`  [${benchmark.name}] ${line}\n`);
      });
    };
    forward(proc.stdout, process.stdout);
    forward(proc.stderr, process.stderr);
    const timer = setTimeout(() => proc.kill('SIGINT'), 20 * 60_000);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(new Error(`exited with ${signal ?? code}: ${tail.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
}

let platform;
// a platform of this process stops itself on SIGINT/SIGTERM (bench/lib/platform.mjs); a running child
// script is told as well
let running;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => running?.kill(signal));
stopOnSignals();

const startMachine = machine();
console.log(
  `Benchmarks (${mode}): ${[...selected].join(', ')}\nresults in ${shown(dir)}; ${startMachine.cores} cores, ${startMachine.cpu}, Node ${startMachine.node}, load ${startMachine.loadAverage.join(' ')}`,
);
await resolveDatabases();

log('build (unchanged projects come from the Nx cache)');
execFileSync(
  'npx',
  [
    'nx',
    'run-many',
    '-t',
    'build',
    '-p',
    'gateway,identity,appointments,applications,documents,notifications,citizen',
    '--outputStyle=static',
  ],
  { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NX_DAEMON: 'false' } },
);

// ---------------------------------------------------------------------------------- cold starts
const footprintOptions = { ...FOOTPRINT_DEFAULTS[mode] };
const onPlatform = BENCHMARKS.filter((b) => b.kind === 'platform' && selected.has(b.name));
let footprintSamples = [];
if (selected.has('footprint')) {
  // the shared platform is one more sample (when it runs); in a quick run it is the only one
  const extra = footprintOptions.runs - (onPlatform.length > 0 ? 1 : 0);
  if (extra > 0) {
    log(`footprint: ${extra} cold start(s)`);
    await timed('footprint', async () => {
      footprintSamples = await coldStarts(extra, footprintOptions.settle);
    });
  }
}

// ---------------------------------------------------------------------------------- one platform
if (onPlatform.length > 0) {
  log('starting the platform for the benchmarks against a platform');
  try {
    platform = await startPlatform();
    console.log(`platform up after ${platform.startSeconds} s at ${platform.base}`);
    if (selected.has('footprint')) {
      const t = performance.now();
      footprintSamples.push(await footprintSample(platform, footprintOptions.settle));
      const before = status.footprint?.seconds ?? 0;
      status.footprint = {
        status: status.footprint?.status ?? 'ok',
        seconds: round(before + (performance.now() - t) / 1000, 1),
      };
    }
    for (const benchmark of onPlatform) {
      log(benchmark.name);
      await timed(benchmark.name, () => benchmark.run(platform, { quick }));
    }
    if (selected.has('footprint')) {
      await new Promise((resolve) => setTimeout(resolve, footprintOptions.settle * 1000));
      const afterLoad = platformRss(platform);
      const result = summarizeFootprint(footprintSamples, {
        settle: footprintOptions.settle,
        afterLoad: { rssMb: afterLoad, after: onPlatform.map((b) => b.name) },
      });
      writeResult('footprint', result);
      console.log(
        `footprint: healthy after ${result.startSeconds.median} s (median of ${footprintSamples.length}), idle RSS ${result.totalIdleRssMb} MB in all`,
      );
    }
  } catch (error) {
    console.error('the platform failed:', error);
    for (const b of [...onPlatform.map((x) => x.name), 'footprint'])
      if (selected.has(b) && !status[b])
        status[b] = { status: 'failed', detail: String(error.message).slice(0, 500) };
  } finally {
    await platform?.stop().catch((error) => console.error('stopping the platform:', error));
    platform = undefined;
  }
} else if (selected.has('footprint') && footprintSamples.length > 0) {
  writeResult('footprint', summarizeFootprint(footprintSamples, { settle: footprintOptions.settle }));
}

// ---------------------------------------------------------------------------------- the floor alone
if (selected.has('booking-floor')) {
  log('booking-floor');
  await timed('booking-floor', async () => {
    writeResult(
      'booking-floor',
      await runFloor({
        databaseUrl: process.env.DATABASE_URL,
        ...(quick ? { clients: 100, counters: 4, starts: 5 } : { rounds: 3 }),
      }),
    );
  });
}

// ---------------------------------------------------------------------------------- standalone scripts
for (const benchmark of BENCHMARKS.filter((b) => b.kind === 'child' && selected.has(b.name))) {
  const ready = benchmark.needs?.() ?? true;
  if (ready !== true) {
    status[benchmark.name] = { status: 'skipped', detail: ready };
    continue;
  }
  if (argsOf(benchmark) === null) {
    status[benchmark.name] = { status: 'skipped', detail: `not part of a ${mode} run` };
    continue;
  }
  log(`${benchmark.name}: node bench/${benchmark.script} ${argsOf(benchmark).join(' ')}`);
  await timed(benchmark.name, () => child(benchmark));
}

// ---------------------------------------------------------------------------------- summary
const run = {
  mode,
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  date: new Date(started).toISOString(),
  minutes: round((Date.now() - started) / 60_000, 1),
  machine: { ...startMachine, loadAverageAtEnd: os.loadavg().map((l) => round(l)) },
  benchmarks: status,
};
writeResult('run', run);
const summary = writeSummary(dir, run);
console.log(`\n${shown(summary)} written (${run.minutes} min).`);
const failed = Object.entries(status).filter(([, s]) => s.status === 'failed');
if (failed.length) {
  console.error(`could not run: ${failed.map(([n]) => n).join(', ')}`);
  process.exit(1);
}
process.exit(0);
