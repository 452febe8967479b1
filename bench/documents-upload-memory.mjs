#!/usr/bin/env node
// Memory of a 20 MB upload (issue 6): the documents service, and the gateway in front of it, must stream an
// upload end to end, so a 20 MB file may raise neither process's memory by more than a few MB. Boots the
// built documents service (`node services/documents/dist/main.js`, filesystem driver, real Postgres and Redis
// in their own schema/prefix) and the built gateway (`services/gateway/dist/main.js`) as their own processes,
// with a small in-process JWKS standing in for identity. Uploads a generated 20,000,000-byte PDF (streamed
// from the client too) RUNS times directly and RUNS times through the gateway, sampling each process's RSS
// from /proc/<pid>/status every 5 ms. Baseline: the RSS just before the upload, after a 1 MB warm-up upload.
// Writes bench/results/documents-upload-memory.json.
//   node bench/documents-upload-memory.mjs [runs] [bytes]
// (a larger [bytes] raises the service's UPLOAD_MAX_BYTES to match: growth that does not scale with the
// size is a fixed cost, not buffering)
// Needs Postgres (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) and Redis (REDIS_URL).
import { execFileSync, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.argv[2] ?? 3);
const SIZE = Number(process.argv[3] ?? 20_000_000);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DOCS_PORT = 28304;
const GATEWAY_PORT = 28380;
const run = randomBytes(4).toString('hex');
const SCHEMA = `bench_documents_${run}`;
const PREFIX = `bench:documents:${run}`;
const ISSUER = 'http://bench.buergeramt.local';
const storageDir = mkdtempSync(path.join(os.tmpdir(), 'bench-documents-'));

for (const project of ['documents', 'gateway']) {
  execFileSync('npx', ['nx', 'run', `${project}:build`, '--outputStyle=static'], {
    cwd: root,
    stdio: 'ignore',
  });
}

// ------------------------------------------------------------------------------------------ a JWKS
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwks = JSON.stringify({
  keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'bench', alg: 'ES256', use: 'sig' }],
});
const jwksServer = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(jwks));
await new Promise((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
const JWKS_URL = `http://127.0.0.1:${jwksServer.address().port}/jwks`;
const token = jwt.sign(
  { sub: '0195a000-0000-7000-8000-00000000be11', typ: 'user', roles: ['citizen'] },
  privateKey,
  {
    algorithm: 'ES256',
    keyid: 'bench',
    issuer: ISSUER,
    audience: 'buergeramt',
    expiresIn: 3600,
  },
);

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
  JWKS_URL,
  JWT_ISSUER: ISSUER,
  JWT_AUDIENCE: 'buergeramt',
};
const documents = spawn(process.execPath, [path.join(root, 'services/documents/dist/main.js')], {
  cwd: root,
  env: {
    ...common,
    PORT: String(DOCS_PORT),
    DATABASE_URL,
    DATABASE_SCHEMA: SCHEMA,
    STORAGE_DIR: storageDir,
    UPLOAD_MAX_BYTES: String(Math.max(20 * 1024 ** 2, SIZE)),
    STORAGE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SIGNING_KEY: randomBytes(32).toString('base64'),
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const gateway = spawn(process.execPath, [path.join(root, 'services/gateway/dist/main.js')], {
  cwd: root,
  env: {
    ...common,
    PORT: String(GATEWAY_PORT),
    DOCUMENTS_URL: `http://127.0.0.1:${DOCS_PORT}`,
    UPLOAD_BODY_LIMIT: String(Math.max(25 * 1024 ** 2, SIZE + 1024 ** 2)),
    RATE_LIMIT_GLOBAL: '0',
    RATE_LIMIT_AUTH: '0',
    RATE_LIMIT_BOOKING: '0',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

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
  return new Promise((resolve, reject) => {
    const boundary = `----bench${randomBytes(8).toString('hex')}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="gross.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const hash = createHash('sha256');
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + size + tail.length,
        },
      },
      (res) => {
        const parts = [];
        res.on('data', (c) => parts.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            body: Buffer.concat(parts).toString(),
            sha256: hash.digest('hex'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.write(head);
    const block = randomBytes(64 * 1024);
    const first = Buffer.from('%PDF-1.7\n');
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        let chunk = block.subarray(0, Math.min(block.length, size - sent));
        if (sent === 0) chunk = Buffer.concat([first, chunk.subarray(first.length)]);
        hash.update(chunk);
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    pump();
  });
}

async function measure(label, port, pathname, pids) {
  await upload(port, pathname, 1_000_000); // warm-up: code paths loaded, pools open
  await sleep(300);
  const baseline = Object.fromEntries(pids.map(([name, pid]) => [name, rssKb(pid)]));
  const peak = { ...baseline };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const [name, pid] of pids) peak[name] = Math.max(peak[name], rssKb(pid));
      await sleep(5);
    }
  })();
  const started = Date.now();
  const result = await upload(port, pathname, SIZE);
  const ms = Date.now() - started;
  sampling = false;
  await sampler;
  if (result.status !== 201) throw new Error(`${label}: ${result.status} ${result.body}`);
  const body = JSON.parse(result.body);
  if (body.sha256 !== result.sha256 || body.size !== SIZE) throw new Error(`${label}: stored file differs`);
  const growthMb = Object.fromEntries(
    pids.map(([name]) => [name, +((peak[name] - baseline[name]) / 1024).toFixed(2)]),
  );
  const row = { path: label, ms, baselineMb: {}, peakMb: {}, growthMb };
  for (const [name] of pids) {
    row.baselineMb[name] = +(baseline[name] / 1024).toFixed(1);
    row.peakMb[name] = +(peak[name] / 1024).toFixed(1);
  }
  console.log(`${label}: ${ms} ms, RSS growth ${JSON.stringify(growthMb)} MB`);
  return row;
}

let exitCode = 0;
const results = [];
try {
  await ready(`http://127.0.0.1:${DOCS_PORT}/health/ready`, 'documents');
  await ready(`http://127.0.0.1:${GATEWAY_PORT}/health/live`, 'gateway');
  for (let i = 0; i < RUNS; i++) {
    results.push(await measure('direct', DOCS_PORT, '/documents', [['documents', documents.pid]]));
  }
  for (let i = 0; i < RUNS; i++) {
    results.push(
      await measure('via gateway', GATEWAY_PORT, '/api/v1/documents', [
        ['documents', documents.pid],
        ['gateway', gateway.pid],
      ]),
    );
  }
  const worst = {};
  for (const row of results) {
    for (const [name, mb] of Object.entries(row.growthMb)) worst[name] = Math.max(worst[name] ?? 0, mb);
  }
  const output = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    uploadBytes: SIZE,
    runs: results,
    worstRssGrowthMb: worst,
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  if (SIZE === 20_000_000)
    writeFileSync(
      path.join(root, 'bench/results/documents-upload-memory.json'),
      `${JSON.stringify(output, null, 2)}\n`,
    );
  console.log(`worst RSS growth over ${RUNS} runs each: ${JSON.stringify(worst)} MB`);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  documents.kill('SIGTERM');
  gateway.kill('SIGTERM');
  await sleep(1000);
  await db.query(`DROP SCHEMA "${SCHEMA}" CASCADE`);
  await db.end();
  jwksServer.close();
  rmSync(storageDir, { recursive: true, force: true });
}
process.exit(exitCode);
