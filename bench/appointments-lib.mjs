// Shared by the appointments benchmarks: boots the BUILT appointments service (services/appointments/dist)
// as its own process against real Postgres and Redis (own schema, own queue prefix), with a JWKS endpoint
// of its own so that requests carry genuine ES256 access tokens, and offers small HTTP helpers.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { resultsDir } from './lib/results.mjs';
import { startTokenIssuer } from './lib/token-issuer.mjs';
import { deleteRedisKeys } from '../tools/stack.mjs';
import { v7 as uuidv7 } from 'uuid';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index] * 100) / 100;
}

export function writeResult(name, result) {
  mkdirSync(resultsDir(), { recursive: true });
  writeFileSync(path.join(resultsDir(), `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

/** Builds and starts the service; returns helpers and `stop()`. */
export async function startAppointments(port) {
  execFileSync('npx', ['nx', 'run', 'appointments:build', '--outputStyle=static'], {
    cwd: root,
    stdio: 'ignore',
  });
  const run = randomBytes(4).toString('hex');
  const schema = `bench_appointments_${run}`;
  const prefix = `bench:appointments:${run}`;

  const issuer = await startTokenIssuer();
  const { token } = issuer;

  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  await db.query(`CREATE SCHEMA "${schema}"`);

  // node flags as npm start and the image use them
  const child = spawn(
    process.execPath,
    ['--expose-gc', path.join(root, 'services/appointments/dist/main.js')],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        DATABASE_URL,
        DATABASE_SCHEMA: schema,
        DATABASE_POOL_SIZE: '10',
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        JWKS_URL: issuer.jwksUrl,
        JWT_ISSUER: issuer.issuer,
        JWT_AUDIENCE: 'buergeramt',
        DEMO_SEED: 'false',
        MANAGE_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('the appointments service did not become ready within 60 s');
    await sleep(100);
  }

  const adminToken = token(uuidv7(), ['admin']);
  async function call(method, url, { body, bearer } = {}) {
    const started = performance.now();
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, ms: performance.now() - started, json: text ? JSON.parse(text) : null };
  }
  const admin = async (method, url, body) => {
    const res = await call(method, url, { body, bearer: adminToken });
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  };

  /** A location with `counters` counters, weekly `hours` and one offered service. */
  async function location({
    counters,
    hours,
    durationMinutes,
    slotIntervalMinutes,
    bookingWindowDays,
    minLeadMinutes,
  }) {
    const created = await admin('POST', '/admin/locations', {
      name: `Bench ${uuidv7().slice(-6)}`,
      address: { street: 'Rathausplatz 2', postalCode: '73728', city: 'Esslingen am Neckar' },
      slotIntervalMinutes,
      bookingWindowDays,
      minLeadMinutes,
    });
    const counterIds = [];
    for (let i = 1; i <= counters; i += 1) {
      counterIds.push(
        (await admin('POST', `/admin/locations/${created.id}/counters`, { name: `Schalter ${i}` })).id,
      );
    }
    await admin('PUT', `/admin/locations/${created.id}/opening-hours`, {
      ranges: hours.map(([weekday, opens, closes]) => ({ weekday, opens, closes })),
    });
    const serviceId = uuidv7();
    await admin('PUT', `/admin/locations/${created.id}/services/${serviceId}`, {
      durationMinutes,
      maxFutureBookingsPerPerson: 1,
    });
    return { id: created.id, serviceId, counterIds };
  }

  async function stop() {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    if (!process.env.BENCH_KEEP_SCHEMA) await db.query(`DROP SCHEMA "${schema}" CASCADE`);
    await deleteRedisKeys(REDIS_URL, prefix);
    await db.end();
    await issuer.close();
  }

  return { base, call, admin, location, token, db, schema, stop };
}
