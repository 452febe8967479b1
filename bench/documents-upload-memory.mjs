#!/usr/bin/env node
// Memory of uploads (issue 6): the documents service, and the gateway in front of it, must stream an upload
// end to end, so a 20 MB upload may raise neither process's memory by more than a few MB. Boots the built
// documents service (`node services/documents/dist/main.js`, filesystem driver, real Postgres and Redis in
// their own schema/prefix) and the built gateway (`services/gateway/dist/main.js`) as their own processes,
// with a small in-process JWKS standing in for identity.
//
// Warm-up first (WARMUP bytes, default one 1 MB upload, direct and through the gateway: code paths loaded,
// pools open). Then RUNS rounds; each round uploads every size of SIZES (default 5, 20 and 50 MB, the order
// rotated per round so no size is always first after the warm-up) directly and through the gateway,
// sampling each process's RSS from /proc/<pid>/status every 5 ms. Growth of one upload = peak RSS during
// it − RSS just before it. Buffering would make that scale with the size (a 50 MB file needs ≥ 50 MB held);
// streaming keeps it flat. Also reported: each process's RSS after the warm-up and its maximum over all
// measured uploads (the total growth after warm-up). Target: ≤ TARGET_MB (8) per upload and process.
// Reported next to it, not the target: each uploaded file downloaded again the same way right after its
// upload (decrypted and authenticated by documents, counted by the gateway's response path), and per round
// CONCURRENT (4) uploads of 20 MB at once through the gateway.
//
// Before each upload both processes are settled (a full GC through a small probe loaded with `--import`,
// talking over IPC), so the baseline holds no garbage of the previous upload. The probe also samples
// `process.memoryUsage()` every 5 ms, so each upload reports peak heapUsed/arrayBuffers growth next to RSS,
// and after the upload it settles again: `retainedMb` = what the upload left behind once garbage is collected.
//
// Two phases, each with freshly started processes. `deployed`: the services as `npm start` and the image run
// them (`--expose-gc`, CHUNK_RECLAIM_BYTES at its default, or as set in this bench's environment), so the
// platform's ChunkReclaimer runs a minor GC after every 2 MiB streamed; this phase decides the target.
// `withoutReclaim` (CHUNK_RECLAIM_BYTES=0): the baseline the reclaimer exists for. Node allocates a fresh
// ArrayBuffer for every socket read / parsed body chunk / cipher output; V8 frees them only at the next
// scavenge, which it forces only once the young generation's backing stores reach 2 × its default max
// semi-space (`--trace-gc`: "external memory pressure"), so up to ~20–30 MB of already-forwarded chunks wait.
// Writes bench/results/documents-upload-memory.json (only with the default sizes and warm-up, ≥ 3 runs);
// exits 1 when the deployed phase misses the target.
//   node bench/documents-upload-memory.mjs [runs=3] [sizes=5000000,20000000,50000000] [warmup=1000000]
// Needs Postgres (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) and Redis (REDIS_URL).
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { streamUpload } from './lib/multipart-upload.mjs';
import { resultsDir } from './lib/results.mjs';
import { startTokenIssuer } from './lib/token-issuer.mjs';
import { deleteRedisKeys } from '../tools/stack.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_SIZES = '5000000,20000000,50000000';
const DEFAULT_WARMUP = '1000000';
const RUNS = Number(process.argv[2] ?? 3);
const SIZES = (process.argv[3] ?? DEFAULT_SIZES).split(',').map(Number);
const WARMUP = Number(process.argv[4] ?? DEFAULT_WARMUP);
const TARGET_MB = 8;
const CONCURRENT = 4;
const MAX_SIZE = Math.max(...SIZES);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DOCS_PORT = 28304;
const GATEWAY_PORT = 28380;
const run = randomBytes(4).toString('hex');
const SCHEMA = `bench_documents_${run}`;
const PREFIX = `bench:documents:${run}`;
const storageDir = mkdtempSync(path.join(os.tmpdir(), 'bench-documents-'));
// Loaded into both services: settle (full GC) and peak memoryUsage() sampling on request over IPC.
const PROBE = `
const FIELDS = ['rss', 'heapUsed', 'external', 'arrayBuffers'];
let peak = {};
let timer;
const sample = () => {
  const m = process.memoryUsage();
  for (const k of FIELDS) peak[k] = Math.max(peak[k] ?? 0, m[k]);
};
process.on('message', (msg) => {
  if (!msg || typeof msg.probe !== 'string') return;
  if (msg.probe === 'settle') {
    globalThis.gc();
    globalThis.gc();
    const m = process.memoryUsage();
    process.send({ probe: 'settled', memory: Object.fromEntries(FIELDS.map((k) => [k, m[k]])) });
  } else if (msg.probe === 'start') {
    peak = {};
    sample();
    timer = setInterval(sample, 5);
    process.send({ probe: 'started' });
  } else if (msg.probe === 'stop') {
    clearInterval(timer);
    sample();
    process.send({ probe: 'stopped', memory: peak });
  }
});
`;
const PROBE_ARGS = ['--expose-gc', '--import', `data:text/javascript,${encodeURIComponent(PROBE)}`];

/** Sends a probe command to a service and resolves with its answer. */
function probe(child, command, extra = {}) {
  return new Promise((resolve, reject) => {
    const onMessage = (msg) => {
      if (!msg || typeof msg.probe !== 'string') return;
      child.off('message', onMessage);
      resolve(msg.memory);
    };
    child.on('message', onMessage);
    child.send({ probe: command, ...extra }, (error) => error && reject(error));
  });
}

for (const project of ['documents', 'gateway']) {
  execFileSync('npx', ['nx', 'run', `${project}:build`, '--outputStyle=static'], {
    cwd: root,
    stdio: 'ignore',
  });
}

// ------------------------------------------------------------------------------------------ a JWKS
const issuer = await startTokenIssuer();
const token = issuer.token('0195a000-0000-7000-8000-00000000be11', ['citizen']);

// ------------------------------------------------------------------------------------------ processes
const db = new pg.Client({ connectionString: DATABASE_URL });
await db.connect();
await db.query(`CREATE SCHEMA "${SCHEMA}"`);

const common = {
  ...process.env,
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  REDIS_URL,
  QUEUE_PREFIX: PREFIX,
  JWKS_URL: issuer.jwksUrl,
  JWT_ISSUER: issuer.issuer,
  JWT_AUDIENCE: 'buergeramt',
};
const ENCRYPTION_KEY = randomBytes(32).toString('base64');
const SIGNING_KEY = randomBytes(32).toString('base64');
/** Starts documents and the gateway in front of it with CHUNK_RECLAIM_BYTES = `reclaimBytes` (undefined: default). */
function startServices(reclaimBytes) {
  const env = { ...common };
  if (reclaimBytes !== undefined) env.CHUNK_RECLAIM_BYTES = String(reclaimBytes);
  const documents = spawn(
    process.execPath,
    [...PROBE_ARGS, path.join(root, 'services/documents/dist/main.js')],
    {
      cwd: root,
      env: {
        ...env,
        PORT: String(DOCS_PORT),
        DATABASE_URL,
        DATABASE_SCHEMA: SCHEMA,
        STORAGE_DIR: storageDir,
        UPLOAD_MAX_BYTES: String(Math.max(20 * 1024 ** 2, MAX_SIZE)),
        STORAGE_ENCRYPTION_KEY: ENCRYPTION_KEY,
        SIGNING_KEY,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const gateway = spawn(process.execPath, [...PROBE_ARGS, path.join(root, 'services/gateway/dist/main.js')], {
    cwd: root,
    env: {
      ...env,
      PORT: String(GATEWAY_PORT),
      DOCUMENTS_URL: `http://127.0.0.1:${DOCS_PORT}`,
      UPLOAD_BODY_LIMIT: String(Math.max(25 * 1024 ** 2, MAX_SIZE + 1024 ** 2)),
      RATE_LIMIT_GLOBAL: '0',
      RATE_LIMIT_AUTH: '0',
      RATE_LIMIT_BOOKING: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return { documents, gateway };
}

/** Stops both processes and waits for their exit. */
async function stopServices({ documents, gateway }) {
  const exited = [documents, gateway].map(
    (child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve))),
  );
  documents.kill('SIGTERM');
  gateway.kill('SIGTERM');
  await Promise.race([Promise.all(exited), sleep(10_000)]);
}

async function ready(url, what) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${what} did not become ready within 60 s`);
}

function rssKb(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : NaN;
}

/** Streams a multipart upload of a generated PDF of `size` bytes; resolves with status, body and SHA-256. */
function upload(port, pathname, size) {
  return streamUpload({ port, path: pathname, size, token });
}

/** An upload that must be stored intact; resolves with the stored document's id. */
async function checkedUpload(port, pathname, size) {
  const result = await upload(port, pathname, size);
  if (result.status !== 201) throw new Error(`upload: ${result.status} ${result.body}`);
  const body = JSON.parse(result.body);
  if (body.sha256 !== result.sha256 || body.size !== size) throw new Error('upload: stored file differs');
  return { id: body.id, sha256: body.sha256 };
}

/** Downloads a document's content, reading it as it comes; it must be `size` bytes with `sha256`. */
function checkedDownload(port, pathname, size, sha256) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: pathname, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        const hash = createHash('sha256');
        let length = 0;
        res.on('data', (chunk) => {
          length += chunk.length;
          hash.update(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`download: ${res.statusCode}`));
          if (length !== size || hash.digest('hex') !== sha256)
            return reject(new Error('download: file differs'));
          resolve();
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const mb = (kb) => +(kb / 1024).toFixed(2);

/**
 * One measured transfer (`transfer()`: an upload, a download or several at once, which throws when the
 * answer is wrong) of `size` bytes. Before it, every process of `procs` is settled (full GC); during it, RSS is
 * sampled from /proc and memoryUsage() in the process every 5 ms; after it, each process is settled again
 * to see what the upload left behind.
 */
async function measure(kind, label, size, procs, transfer) {
  await sleep(300);
  const settledBefore = {};
  for (const [name, child] of procs) settledBefore[name] = await probe(child, 'settle');
  await sleep(50);
  const baseline = Object.fromEntries(procs.map(([name, child]) => [name, rssKb(child.pid)]));
  const peak = { ...baseline };
  for (const [, child] of procs) await probe(child, 'start');
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const [name, child] of procs) peak[name] = Math.max(peak[name], rssKb(child.pid));
      await sleep(5);
    }
  })();
  const started = Date.now();
  let outcome;
  try {
    outcome = await transfer();
  } finally {
    sampling = false;
  }
  const ms = Date.now() - started;
  await sampler;
  for (const [name, child] of procs) peak[name] = Math.max(peak[name], rssKb(child.pid));
  const inProcessPeak = {};
  for (const [name, child] of procs) inProcessPeak[name] = await probe(child, 'stop');
  const settledAfter = {};
  for (const [name, child] of procs) settledAfter[name] = await probe(child, 'settle');
  const row = {
    kind,
    path: label,
    bytes: size,
    ms,
    baselineMb: {},
    peakMb: {},
    growthMb: {},
    peakGrowthMb: {},
    retainedMb: {},
    outcome,
  };
  const bytesMb = (bytes) => +(bytes / 1024 ** 2).toFixed(2);
  for (const [name] of procs) {
    row.baselineMb[name] = mb(baseline[name]);
    row.peakMb[name] = mb(peak[name]);
    row.growthMb[name] = mb(peak[name] - baseline[name]);
    // in-process view: peak during the upload minus the settled state before it
    row.peakGrowthMb[name] = Object.fromEntries(
      ['heapUsed', 'external', 'arrayBuffers'].map((k) => [
        k,
        bytesMb(inProcessPeak[name][k] - settledBefore[name][k]),
      ]),
    );
    // after a forced full GC: what the upload left behind
    row.retainedMb[name] = Object.fromEntries(
      ['rss', 'heapUsed', 'external', 'arrayBuffers'].map((k) => [
        k,
        bytesMb(settledAfter[name][k] - settledBefore[name][k]),
      ]),
    );
  }
  const detail = Object.entries(row.peakGrowthMb)
    .map(([name, v]) => `${name} arrayBuffers +${v.arrayBuffers} heapUsed +${v.heapUsed}`)
    .join(', ');
  console.log(
    `  ${kind} ${label} ${(size / 1e6).toFixed(0)} MB: ${ms} ms, RSS growth ${JSON.stringify(row.growthMb)} MB (${detail})`,
  );
  return row;
}

/** Per process: the largest value of `pick(row)[name]` over `rows`. */
function worst(rows, pick) {
  const result = {};
  for (const row of rows) {
    for (const [name, value] of Object.entries(pick(row)))
      result[name] = Math.max(result[name] ?? -Infinity, value);
  }
  return result;
}

/** Per size of SIZES and process: the largest value of `pick(row)[name]` over `rows`. */
function worstBySize(rows, pick) {
  return Object.fromEntries(
    SIZES.map((size) => [
      size,
      worst(
        rows.filter((r) => r.bytes === size),
        pick,
      ),
    ]),
  );
}

/** One phase: fresh processes with CHUNK_RECLAIM_BYTES = `reclaimBytes`, warm-up, RUNS rounds; its summary. */
async function phase(name, reclaimBytes) {
  console.log(`${name} (CHUNK_RECLAIM_BYTES ${reclaimBytes ?? 'default'}):`);
  const services = startServices(reclaimBytes);
  const { documents, gateway } = services;
  const docsOnly = [['documents', documents]];
  const both = [
    ['documents', documents],
    ['gateway', gateway],
  ];
  try {
    await ready(`http://127.0.0.1:${DOCS_PORT}/health/ready`, 'documents');
    await ready(`http://127.0.0.1:${GATEWAY_PORT}/health/live`, 'gateway');
    // warm-up: not measured
    for (const [port, pathname] of [
      [DOCS_PORT, '/documents'],
      [GATEWAY_PORT, '/api/v1/documents'],
    ]) {
      const warm = await upload(port, pathname, WARMUP);
      if (warm.status !== 201) throw new Error(`warm-up: ${warm.status} ${warm.body}`);
    }
    await sleep(500);
    const afterWarmup = { documents: rssKb(documents.pid), gateway: rssKb(gateway.pid) };
    const rows = [];
    const paths = [
      ['direct', DOCS_PORT, '/documents', docsOnly],
      ['via gateway', GATEWAY_PORT, '/api/v1/documents', both],
    ];
    for (let round = 0; round < RUNS; round++) {
      const order = SIZES.map((_, i) => SIZES[(i + round) % SIZES.length]);
      for (const size of order) {
        for (const [label, port, base, procs] of paths) {
          const up = await measure('upload', label, size, procs, () => checkedUpload(port, base, size));
          rows.push({ round: round + 1, ...up });
          // the same file back (decrypted, authenticated, through the gateway's counted response path)
          const { id, sha256 } = up.outcome;
          rows.push({
            round: round + 1,
            ...(await measure('download', label, size, procs, () =>
              checkedDownload(port, `${base}/${id}/content`, size, sha256),
            )),
          });
        }
      }
    }
    // several residents at once: CONCURRENT uploads of 20 MB through the gateway share one process budget
    const concurrentRows = [];
    for (let round = 0; round < RUNS; round++) {
      concurrentRows.push({
        round: round + 1,
        ...(await measure('concurrent', `${CONCURRENT} × via gateway`, 20e6, both, () =>
          Promise.all(
            Array.from({ length: CONCURRENT }, () => checkedUpload(GATEWAY_PORT, '/api/v1/documents', 20e6)),
          ),
        )),
      });
    }
    const uploads = rows.filter((r) => r.kind === 'upload');
    const downloads = rows.filter((r) => r.kind === 'download');
    const maxGrowthMbBySize = worstBySize(uploads, (row) => row.growthMb);
    const downloadMaxGrowthMbBySize = worstBySize(downloads, (row) => row.growthMb);
    const concurrentWorstGrowthMb = worst(concurrentRows, (row) => row.growthMb);
    const inProcess = (key) => (row) =>
      Object.fromEntries(Object.entries(row.peakGrowthMb).map(([proc, v]) => [proc, v[key]]));
    const retained = (key) => (row) =>
      Object.fromEntries(Object.entries(row.retainedMb).map(([proc, v]) => [proc, v[key]]));
    const maxRssMb = worst(rows, (row) => row.peakMb);
    // MB/s of the largest size (median over rounds), per path: what the collections cost, if anything
    const throughputMBps = {};
    for (const label of ['direct', 'via gateway']) {
      const times = uploads
        .filter((r) => r.path === label && r.bytes === MAX_SIZE)
        .map((r) => r.ms)
        .sort((a, b) => a - b);
      throughputMBps[label] = +(MAX_SIZE / 1e6 / (times[Math.floor(times.length / 2)] / 1000)).toFixed(1);
    }
    const worstRssGrowthMb = worst(uploads, (row) => row.growthMb);
    const summary = {
      chunkReclaimBytes: reclaimBytes ?? 'default',
      rssAfterWarmupMb: { documents: mb(afterWarmup.documents), gateway: mb(afterWarmup.gateway) },
      maxGrowthMbBySize,
      worstRssGrowthMb,
      totalGrowthAfterWarmupMb: Object.fromEntries(
        Object.entries(maxRssMb).map(([proc, value]) => [
          proc,
          +(value - afterWarmup[proc] / 1024).toFixed(2),
        ]),
      ),
      // in-process view: RSS growth tracks arrayBuffers (chunks waiting for a GC), not heapUsed
      maxArrayBuffersGrowthMbBySize: worstBySize(uploads, inProcess('arrayBuffers')),
      maxHeapUsedGrowthMbBySize: worstBySize(uploads, inProcess('heapUsed')),
      // after a forced full GC: ≈ 0 when nothing of the upload is kept
      maxRetainedMbBySize: {
        heapUsed: worstBySize(rows, retained('heapUsed')),
        arrayBuffers: worstBySize(rows, retained('arrayBuffers')),
      },
      // reported, not the target: the same files downloaded, and CONCURRENT uploads at once
      downloadMaxGrowthMbBySize,
      downloadWorstRssGrowthMb: worst(downloads, (row) => row.growthMb),
      concurrentWorstGrowthMb,
      throughputMBps,
      met: Object.values(worstRssGrowthMb).every((value) => value <= TARGET_MB),
      runs: [...rows, ...concurrentRows],
    };
    console.log(`  worst RSS growth per upload and size: ${JSON.stringify(maxGrowthMbBySize)} MB`);
    console.log(`  worst RSS growth per download and size: ${JSON.stringify(downloadMaxGrowthMbBySize)} MB`);
    console.log(
      `  worst RSS growth, ${CONCURRENT} concurrent 20 MB uploads: ${JSON.stringify(concurrentWorstGrowthMb)} MB`,
    );
    console.log(
      `  worst arrayBuffers growth per size: ${JSON.stringify(summary.maxArrayBuffersGrowthMbBySize)} MB`,
    );
    console.log(`  ${MAX_SIZE / 1e6} MB uploads: ${JSON.stringify(throughputMBps)} MB/s (median)`);
    return summary;
  } finally {
    await stopServices(services);
  }
}

let exitCode = 0;
try {
  const deployed = await phase('deployed', process.env.CHUNK_RECLAIM_BYTES);
  const withoutReclaim = await phase('withoutReclaim', 0);
  const output = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    command: `node bench/documents-upload-memory.mjs ${RUNS} ${SIZES.join(',')} ${WARMUP}`,
    method:
      'two phases with fresh processes each: deployed (services as npm start runs them: --expose-gc, CHUNK_RECLAIM_BYTES default) and withoutReclaim (CHUNK_RECLAIM_BYTES=0); per phase one warm-up upload per path, then RUNS rounds of every size (order rotated per round), direct and via the gateway; before each upload both processes are settled (full GC); growth of one upload = peak RSS (/proc, every 5 ms) during it minus RSS just before it; peakGrowthMb = peak process.memoryUsage() (every 5 ms, in the process) minus the settled state before; retainedMb = settled state after minus settled state before',
    warmupBytes: WARMUP,
    sizes: SIZES,
    target: {
      rule: `a 20 MB upload must not raise a process's memory by more than a few MB: ≤ ${TARGET_MB} MB RSS per upload and process after warm-up, for every size, as deployed`,
      maxGrowthMb: TARGET_MB,
      met: deployed.met,
    },
    deployed,
    withoutReclaim,
  };
  mkdirSync(resultsDir(), { recursive: true });
  if (SIZES.join(',') === DEFAULT_SIZES && String(WARMUP) === DEFAULT_WARMUP && RUNS >= 3)
    writeFileSync(
      path.join(resultsDir(), 'documents-upload-memory.json'),
      `${JSON.stringify(output, null, 2)}\n`,
    );
  console.log(
    `target ≤ ${TARGET_MB} MB RSS per upload and process: deployed ${deployed.met ? 'met' : 'NOT met'} (worst ${JSON.stringify(deployed.worstRssGrowthMb)} MB); without reclaiming ${withoutReclaim.met ? 'met' : 'not met'} (worst ${JSON.stringify(withoutReclaim.worstRssGrowthMb)} MB)`,
  );
  if (!deployed.met) exitCode = 1;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await db.query(`DROP SCHEMA "${SCHEMA}" CASCADE`);
  await deleteRedisKeys(REDIS_URL, PREFIX);
  await db.end();
  await issuer.close();
  rmSync(storageDir, { recursive: true, force: true });
}
process.exit(exitCode);
