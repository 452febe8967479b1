#!/usr/bin/env node
// Event-to-mail latency of the notifications service: from an event's `occurredAt` to the moment the SMTP
// server has received the mail. Boots the built service (`node services/notifications/dist/main.js`) as its
// own process against real Postgres and Redis (its own schema and queue prefix), receives mail with an
// in-process SMTP server, and adds events to the service's event queue exactly as the outbox relay does
// (job id = event id). A third of the events each: identity.password-reset-requested (address in the
// event), appointment.booked by a guest (.ics attached, reminder scheduled), application.submitted (owner
// looked up in the recipient read model). Two phases of N events (default 1000):
//   burst: all N added at once (throughput-bound: the last mail waits for the ones before it);
//   paced: N events at RATE per second (default 100/s), the latency one event sees under steady load.
// The mail rate limit is lifted (MAIL_RATE_PER_MINUTE) so that the pipeline, not the throttle, is measured.
// Writes bench/results/notifications-latency.json.
//   node bench/notifications-latency.mjs [events] [rate]
// Needs Postgres (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) and Redis (REDIS_URL).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { v7 as uuidv7 } from 'uuid';
import { resultsDir } from './lib/results.mjs';
import { deleteRedisKeys } from '../tools/stack.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? 1000);
const RATE = Number(process.argv[3] ?? 100);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PORT = 28305;
const run = randomBytes(4).toString('hex');
const SCHEMA = `bench_notifications_${run}`;
const PREFIX = `bench:notifications:${run}`;

execFileSync('npx', ['nx', 'run', 'notifications:build', '--outputStyle=static'], {
  cwd: root,
  stdio: 'ignore',
});

// ------------------------------------------------------------------------------------------ SMTP server
/** recipient address → time the SMTP server had the whole mail */
const received = new Map();
let receivedCount = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      const at = Date.now();
      for (const rcpt of session.envelope.rcptTo) received.set(rcpt.address, at);
      receivedCount += 1;
      callback();
    });
  },
});
await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = smtp.server.address().port;

// ------------------------------------------------------------------------------------------ the service
const db = new pg.Client({ connectionString: DATABASE_URL });
await db.connect();
await db.query(`CREATE SCHEMA "${SCHEMA}"`);

// node flags as npm start and the image use them
const service = spawn(
  process.execPath,
  ['--expose-gc', path.join(root, 'services/notifications/dist/main.js')],
  {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL,
      DATABASE_SCHEMA: SCHEMA,
      REDIS_URL,
      QUEUE_PREFIX: PREFIX,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Bürgeramt <buergeramt@bench.example>',
      MAIL_RATE_PER_MINUTE: '1000000',
      FEEDBACK_TOKEN_SECRET: 'bench-feedback-token-secret-0123456789',
      PUBLIC_BASE_URL: 'https://buergeramt.example.org',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
const exited = new Promise((resolve) => service.once('exit', resolve));

async function ready() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('the notifications service did not become ready within 60 s');
}

// ------------------------------------------------------------------------------------------ events
const queue = new Queue('{notifications.events}', { connection: { url: REDIS_URL }, prefix: PREFIX });
const SOURCE = { identity: 'identity', appointment: 'appointments', application: 'applications' };

function envelope(type, subject, data) {
  return {
    id: uuidv7(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    source: SOURCE[type.split('.')[0]],
    subject,
    data,
    traceId: null,
  };
}

/** The relay's job options (libs/messaging eventJobOptions). */
const jobOptions = (event) => ({
  jobId: event.id,
  attempts: 1000,
  backoff: { type: 'event-consumer' },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
});

function eventFor(phase, i, owners) {
  const email = `${phase}-${i}@bench.example`;
  const kind = i % 3;
  if (kind === 0) {
    const userId = uuidv7();
    return envelope('identity.password-reset-requested', userId, {
      userId,
      email,
      givenName: 'Bench',
      locale: i % 2 ? 'de' : 'en',
      token: randomBytes(24).toString('base64url'),
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
  }
  if (kind === 1) {
    const appointmentId = uuidv7();
    const start = new Date(Date.now() + (3 + (i % 20)) * 24 * 3600_000);
    return envelope('appointment.booked', appointmentId, {
      appointmentId,
      reference: `B-${i}`,
      serviceId: uuidv7(),
      locationId: uuidv7(),
      start: start.toISOString(),
      end: new Date(start.getTime() + 15 * 60_000).toISOString(),
      userId: null,
      contact: { name: 'Bench Guest', email, locale: 'de' },
      manageToken: randomBytes(24).toString('base64url'),
    });
  }
  const ownerId = owners.get(email);
  const applicationId = uuidv7();
  return envelope('application.submitted', applicationId, {
    applicationId,
    serviceId: uuidv7(),
    ownerId,
    reference: `ESS-2026-${String(i).padStart(6, '0')}`,
    documentIds: [],
  });
}

/** Publishes the profiles of the application owners first (not measured): they are in the read model. */
async function preparePhase(phase) {
  const owners = new Map();
  const profiles = [];
  for (let i = 0; i < N; i++) {
    if (i % 3 !== 2) continue;
    const email = `${phase}-${i}@bench.example`;
    const userId = uuidv7();
    owners.set(email, userId);
    profiles.push(
      envelope('identity.profile-changed', userId, {
        userId,
        email,
        givenName: 'Bench',
        familyName: 'Owner',
        locale: 'de',
        roles: ['citizen'],
      }),
    );
  }
  await queue.addBulk(profiles.map((e) => ({ name: e.type, data: e, opts: jobOptions(e) })));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).every((n) => n === 0)) break;
    if (Date.now() > deadline) throw new Error('profiles were not consumed within 120 s');
    await sleep(50);
  }
  return owners;
}

async function waitForMails(expectedTotal, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (receivedCount < expectedTotal) {
    if (Date.now() > deadline)
      throw new Error(`only ${receivedCount} of ${expectedTotal} mails within ${timeoutMs} ms`);
    await sleep(20);
  }
}

function stats(latencies, startedAt, finishedAt) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const pick = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return {
    events: sorted.length,
    p50Ms: pick(0.5),
    p95Ms: pick(0.95),
    p99Ms: pick(0.99),
    maxMs: sorted[sorted.length - 1],
    meanMs: Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    durationS: Number(((finishedAt - startedAt) / 1000).toFixed(2)),
    mailsPerS: Number((sorted.length / ((finishedAt - startedAt) / 1000)).toFixed(1)),
  };
}

async function phase(name, paced) {
  const owners = await preparePhase(name);
  const events = Array.from({ length: N }, (_, i) => eventFor(name, i, owners));
  const before = receivedCount;
  const startedAt = Date.now();
  if (!paced) {
    // occurredAt is stamped now, just before the add: the latency includes the whole backlog
    for (const e of events) e.occurredAt = new Date().toISOString();
    await queue.addBulk(events.map((e) => ({ name: e.type, data: e, opts: jobOptions(e) })));
  } else {
    const interval = 1000 / RATE;
    for (let i = 0; i < events.length; i++) {
      const due = startedAt + i * interval;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      events[i].occurredAt = new Date().toISOString();
      await queue.add(events[i].type, events[i], jobOptions(events[i]));
    }
  }
  await waitForMails(before + N, 300_000);
  const finishedAt = Date.now();
  const latencies = events.map((e) => {
    const email =
      e.data.email ?? e.data.contact?.email ?? [...owners].find(([, id]) => id === e.data.ownerId)[0];
    return received.get(email) - Date.parse(e.occurredAt);
  });
  // where the time went: events handled (delivery rows written) vs. mails handed to the SMTP server
  const { rows } = await db.query(
    `SELECT count(*)::int AS n, max(created_at) AS handled, max(sent_at) AS sent
       FROM "${SCHEMA}".deliveries WHERE recipient_email LIKE $1`,
    [`${name}-%`],
  );
  const stages = {
    deliveriesWritten: rows[0].n,
    allEventsHandledAfterS: Number(((rows[0].handled.getTime() - startedAt) / 1000).toFixed(2)),
    allMailsSentAfterS: Number(((rows[0].sent.getTime() - startedAt) / 1000).toFixed(2)),
  };
  const byType = {};
  for (const type of new Set(events.map((e) => e.type))) {
    const own = latencies.filter((_, i) => events[i].type === type).sort((a, b) => a - b);
    byType[type] = {
      p50Ms: own[Math.ceil(0.5 * own.length) - 1],
      p95Ms: own[Math.ceil(0.95 * own.length) - 1],
    };
  }
  return { ...stats(latencies, startedAt, finishedAt), stages, byType };
}

let result;
try {
  await ready();
  // warm-up (not measured): JIT, connection pools, prepared templates
  await phase('warmup', false).catch((error) => {
    throw new Error(`warm-up failed: ${error.message}`);
  });
  const burst = await phase('burst', false);
  console.log(
    `burst: ${N} events at once: p50 ${burst.p50Ms} ms, p95 ${burst.p95Ms} ms (${burst.mailsPerS} mails/s)`,
  );
  const paced = await phase('paced', true);
  console.log(`paced: ${N} events at ${RATE}/s: p50 ${paced.p50Ms} ms, p95 ${paced.p95Ms} ms`);
  result = {
    benchmark: 'notifications: event occurredAt → mail received by the SMTP server',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    setup: {
      events: N,
      pacedRatePerS: RATE,
      mix: ['identity.password-reset-requested', 'appointment.booked (guest, .ics)', 'application.submitted'],
      service:
        'built service process, defaults except MAIL_RATE_PER_MINUTE=1000000 (MAIL_CONCURRENCY 4, EVENT_CONCURRENCY 4, DATABASE_POOL_SIZE 10)',
      warmup: `${N} events, not measured`,
    },
    burst,
    paced,
  };
} finally {
  service.kill('SIGINT');
  await Promise.race([exited, sleep(15_000)]);
  if (service.exitCode === null) service.kill('SIGKILL');
  await queue.close();
  await db.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await db.end();
  await deleteRedisKeys(REDIS_URL, `${PREFIX}:`);
  await new Promise((resolve) => smtp.close(resolve));
}

mkdirSync(resultsDir(), { recursive: true });
writeFileSync(path.join(resultsDir(), 'notifications-latency.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`written to ${path.join(resultsDir(), 'notifications-latency.json')}`);
