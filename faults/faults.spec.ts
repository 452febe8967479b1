import { defined, TcpProxy } from '@buergeramt/testing';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { latestDeliveryAfterOutage } from './support/backoff';
import type { Attempt } from './support/client';
import { DrainCheck } from './support/drain';
import { Mailbox } from './support/mailbox';
import { freePort, Platform, ROOT } from './support/platform';
import { RedisServer } from './support/redis-server';
import { type Intent, tally, type Tally, Workload } from './support/workload';

/**
 * The fault suite of issue 14: the whole platform running for real (gateway and five services from their
 * builds), a stream of bookings and submissions through the public API while a dependency fails:
 * Redis stopped and started, a service SIGKILLed and started again, the SMTP server away, the Postgres
 * connections cut. Each scenario counts what was sent, confirmed, stored and delivered, and asserts that
 * nothing was lost and nothing duplicated once the platform has drained.
 *
 * Isolation: its own redis-server (own port and data directory), its own schemas (`faults_<run>_*`) and
 * queue prefix, a TCP proxy in front of Postgres for the services, an in-process SMTP server.
 */

const env = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of milliseconds or a count`);
  return n;
};
const SMTP_OUTAGE_MS = env('FAULT_SMTP_OUTAGE_MS', 120_000);
const REDIS_OUTAGE_MS = env('FAULT_REDIS_OUTAGE_MS', 15_000);
const PG_OUTAGE_MS = env('FAULT_PG_OUTAGE_MS', 10_000);
/** notifications' retry settings for this run: the first retry after 4 s, doubling, 8 tries (about 8.5 min) */
const MAIL_BACKOFF_MS = env('FAULT_MAIL_BACKOFF_MS', 4_000);
const MAIL_ATTEMPTS = env('FAULT_MAIL_ATTEMPTS', 8);
/** intents per scenario, and the pause between two of them */
const INTENTS = env('FAULT_INTENTS', 24);
const SPACING_MS = env('FAULT_SPACING_MS', 400);
const CITIZENS = 8;

const run = randomBytes(3).toString('hex');
const schemaPrefix = `faults_${run}_`;
const queuePrefix = `faults:${run}`;
const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

interface Row extends Tally {
  scenario: string;
  seconds: number;
  notes: string;
}
const rows: Row[] = [];

function printTable(title: string, list: Row[]): void {
  const head = [
    'scenario',
    'sent',
    'confirmed',
    'stored',
    'delivered',
    'lost',
    'duplicated',
    'resent*',
    'seconds',
    'notes',
  ];
  const cells = list.map((r) => [
    r.scenario,
    String(r.sent),
    String(r.confirmed),
    String(r.stored),
    String(r.delivered),
    String(r.lost),
    String(r.duplicated),
    String(r.resent),
    r.seconds.toFixed(0),
    r.notes,
  ]);
  // every row has a cell for each heading
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (c: string[]): string => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  process.stdout.write(
    [
      '',
      title,
      line(head),
      `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
      ...cells.map(line),
      '* resent: the same message (same Message-ID) accepted again by the SMTP server, the at-least-once',
      '  window of SMTP (a mail accepted just before its sender could record it); not a second mail.',
      '',
    ].join('\n') + '\n',
  );
}

/** 5xx answers and failed connections the client met between `from` and `to`, by kind. */
function errorsSeen(attempts: Attempt[], from = 0, to = Infinity): Record<string, number> {
  const seen: Record<string, number> = {};
  for (const a of attempts) {
    if (a.at < from || a.at > to) continue;
    const key =
      a.status === 'error'
        ? `no answer (${a.error?.replace(/^\w+: /, '').slice(0, 60) ?? 'still waiting'})`
        : a.status >= 500
          ? String(a.status)
          : null;
    if (key) seen[key] = (seen[key] ?? 0) + 1;
  }
  return seen;
}

const describeErrors = (seen: Record<string, number>): string =>
  Object.entries(seen)
    .map(([k, n]) => `${n}×${k}`)
    .join(', ') || 'none';

describe('fault suite (issue 14): nothing lost, nothing duplicated', () => {
  let tmp: string;
  let redis: RedisServer;
  let proxy: TcpProxy;
  let mailbox: Mailbox;
  let platform: Platform;
  let db: Client;
  let workload: Workload;
  let drain: DrainCheck;
  const allIntents: Intent[] = [];
  // a test run that ends abruptly leaves no process behind
  const killAll = (): void => {
    platform?.killNow();
    redis?.killNow();
  };

  beforeAll(async () => {
    process.once('exit', killAll);
    tmp = await mkdtemp(path.join(tmpdir(), `faults-${run}-`));
    const logDir = path.join(ROOT, 'reports', 'faults');
    await mkdir(logDir, { recursive: true });
    await mkdir(path.join(tmp, 'redis'));
    redis = new RedisServer(await freePort(), path.join(tmp, 'redis'));
    await redis.start();
    proxy = TcpProxy.forUrl(adminUrl, 5432);
    await proxy.start();
    mailbox = await Mailbox.start();
    db = new Client({ connectionString: adminUrl });
    await db.connect();
    platform = await Platform.create({
      databaseUrl: proxy.urlFor(adminUrl),
      redisUrl: redis.url,
      smtpUrl: mailbox.url,
      schemaPrefix,
      queuePrefix,
      logDir,
      storageDir: path.join(tmp, 'documents'),
      env: {
        MAIL_BACKOFF_MS: String(MAIL_BACKOFF_MS),
        MAIL_ATTEMPTS: String(MAIL_ATTEMPTS),
        // the pool must find out about dead connections, not wait for the OS (TCP keepalive)
        DATABASE_POOL_SIZE: '10',
      },
    });
    process.stdout.write(
      `\nfault suite run ${run}: gateway ${platform.base}, Redis ${redis.url}, Postgres via proxy :${proxy.port}, ` +
        `SMTP ${mailbox.url}; logs in ${path.relative(ROOT, logDir)}/\n`,
    );
    await platform.startAll();
    workload = new Workload(platform.base, db, mailbox, schemaPrefix, run);
    drain = new DrainCheck(db, redis.url, queuePrefix, schemaPrefix);
    await workload.registerCitizens(CITIZENS);
    await workload.loadSlots();
  }, 300_000);

  afterAll(async () => {
    process.off('exit', killAll);
    if (rows.length > 0) printTable('Fault suite: every intent exactly once', rows);
    await platform?.stopAll().catch(() => undefined);
    await drain?.close().catch(() => undefined);
    await proxy?.stop().catch(() => undefined);
    await mailbox?.stop().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
    if (db) {
      try {
        const { rows: schemas } = await db.query<{ nspname: string }>(
          'SELECT nspname FROM pg_namespace WHERE nspname LIKE $1',
          [`${schemaPrefix}%`],
        );
        for (const { nspname } of schemas) await db.query(`DROP SCHEMA "${nspname}" CASCADE`);
      } finally {
        await db.end().catch(() => undefined);
      }
    }
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }, 120_000);

  /**
   * Runs the stream with `fault` played beside it, then waits (bounded) until every intent is stored
   * and mailed and the platform has drained, and records the scenario's row.
   */
  async function scenario(
    name: string,
    fault: (stream: { intents: Intent[]; started: number }) => Promise<string>,
    options: { deadlineMs: number; spacingMs?: number },
  ): Promise<Row> {
    const started = Date.now();
    const stream = workload.stream(name, INTENTS, options.spacingMs ?? SPACING_MS);
    allIntents.push(...stream.intents);
    const [notes] = await Promise.all([fault({ intents: stream.intents, started }), stream.done]);
    const deadline = started + options.deadlineMs;
    let result: Tally;
    let left: string[];
    for (;;) {
      result = tally(await workload.check(stream.intents));
      left = await drain.leftovers().catch((error: unknown) => [`drain check failed: ${String(error)}`]);
      if ((result.lost === 0 && left.length === 0) || Date.now() > deadline) break;
      await sleep(500);
    }
    // late duplicates: look once more after a moment of quiet
    await sleep(2000);
    result = tally(await workload.check(stream.intents));
    const row: Row = { scenario: name, ...result, seconds: (Date.now() - started) / 1000, notes };
    rows.push(row);
    printTable(`Fault scenario: ${name}`, [row]);
    const list = (items: string[]): string =>
      `\n    ${items.slice(0, 10).join('\n    ')}${items.length > 10 ? `\n    … and ${items.length - 10} more` : ''}\n`;
    if (result.missing.length) process.stdout.write(`  incomplete:${list(result.missing)}`);
    if (result.duplicates.length) process.stdout.write(`  duplicated:${list(result.duplicates)}`);
    if (result.resends.length) process.stdout.write(`  resent (same Message-ID):${list(result.resends)}`);
    if (left.length) process.stdout.write(`  not drained: ${left.join('; ')}\n`);
    expect({ lost: result.lost, duplicated: result.duplicated, notDrained: left }).toEqual({
      lost: 0,
      duplicated: 0,
      notDrained: [],
    });
    expect(result.confirmed).toBe(result.sent);
    return row;
  }

  it('Redis stopped and started during a stream of bookings and submissions', async () => {
    await scenario(
      'redis stop/start',
      async ({ started }) => {
        await sleep(Math.max(0, started + 2000 - Date.now()));
        const stopped = Date.now();
        await redis.stop();
        await sleep(REDIS_OUTAGE_MS);
        await redis.start();
        const back = Date.now();
        return `Redis down ${((back - stopped) / 1000).toFixed(0)} s; client saw ${describeErrors(
          errorsSeen(workload.client.attempts, stopped, back),
        )}`;
      },
      { deadlineMs: 180_000 },
    );
    expect(platform.unexpectedExits()).toEqual([]);
  });

  it('a service killed with SIGKILL while processing, and started again', async () => {
    const killed: string[] = [];
    await scenario(
      'SIGKILL + restart',
      async ({ started }) => {
        // appointments and applications while requests to them are in flight; notifications while it
        // is sending this stream's mails
        // appointments and applications while requests to them are in flight; notifications while it
        // works through this stream's events and mails (at a moment not tied to any one SMTP exchange)
        const deliveries = async (): Promise<number> =>
          Number(
            defined(
              (
                await db.query<{ n: string }>(
                  `SELECT count(*) AS n FROM "${schemaPrefix}notifications".deliveries WHERE created_at >= $1`,
                  [new Date(started)],
                )
              ).rows[0],
              'the count of deliveries',
            ).n,
          );
        const victims = [
          { name: 'appointments', busy: () => workload.client.inFlight('/appointments') > 0 },
          { name: 'applications', busy: () => workload.client.inFlight('/applications') > 0 },
          { name: 'notifications', busy: async () => (await deliveries()) >= 3 },
        ] as const;
        for (const victim of victims) {
          const deadline = Date.now() + 30_000;
          while (!(await victim.busy()) && Date.now() < deadline) await sleep(20);
          if (victim.name === 'notifications') await sleep(Math.random() * 300);
          const pid = platform.pid(victim.name);
          const busy = await victim.busy();
          await platform.kill(victim.name, 'SIGKILL');
          killed.push(`${victim.name} (pid ${pid}${busy ? ', busy' : ', idle'})`);
          await sleep(1000);
          platform.spawn(victim.name);
          await platform.waitReady(victim.name);
        }
        return `killed ${killed.join(', ')}; client saw ${describeErrors(errorsSeen(workload.client.attempts, started))}`;
      },
      { deadlineMs: 240_000 },
    );
    expect(platform.unexpectedExits()).toEqual([]);
  });

  it('the SMTP server away for FAULT_SMTP_OUTAGE_MS (two minutes)', async () => {
    const streamMs = INTENTS * 500 + 30_000;
    const latest = latestDeliveryAfterOutage(SMTP_OUTAGE_MS, streamMs, MAIL_BACKOFF_MS, MAIL_ATTEMPTS);
    // the service's own defaults (30 s, 8 tries: about an hour) outlast a two-minute outage by far
    expect(latestDeliveryAfterOutage(120_000, streamMs, 30_000, 8)).not.toBeNull();
    if (latest === null) {
      throw new Error(
        `MAIL_ATTEMPTS=${MAIL_ATTEMPTS} with MAIL_BACKOFF_MS=${MAIL_BACKOFF_MS} give up before a ${SMTP_OUTAGE_MS} ms outage ends`,
      );
    }
    let since = new Date();
    const row = await scenario(
      'SMTP away',
      async () => {
        since = new Date();
        const stopped = Date.now();
        await mailbox.stop();
        await sleep(SMTP_OUTAGE_MS);
        await mailbox.start();
        return `SMTP down ${((Date.now() - stopped) / 1000).toFixed(0)} s (MAIL_BACKOFF_MS=${MAIL_BACKOFF_MS}, MAIL_ATTEMPTS=${MAIL_ATTEMPTS})`;
      },
      { deadlineMs: latest + 60_000, spacingMs: 500 },
    );
    const retried = await drain.retriedMails(since);
    row.notes += `; ${retried} mails needed retries`;
    // the outage was real: the mails of the stream were tried while the server was away
    expect(retried).toBeGreaterThan(0);
    expect(platform.unexpectedExits()).toEqual([]);
  });

  it('the Postgres connections cut: 503 problem+json, nothing half written, recovery without a restart', async () => {
    const pids = Object.fromEntries(
      (['gateway', 'identity', 'appointments', 'applications', 'documents', 'notifications'] as const).map(
        (s) => [s, platform.pid(s)],
      ),
    );
    let window = { from: 0, to: 0 };
    let healthDuringCut = 0;
    const since = new Date();
    await scenario(
      'Postgres cut',
      async ({ started }) => {
        await sleep(Math.max(0, started + 3000 - Date.now()));
        window = { from: Date.now(), to: Infinity };
        await proxy.cut('refuse');
        await sleep(Math.min(2000, PG_OUTAGE_MS / 2));
        healthDuringCut = (await fetch(`${platform.base}/api/v1/health`)).status;
        await sleep(Math.max(0, window.from + PG_OUTAGE_MS - Date.now()));
        await proxy.restore();
        window.to = Date.now();
        return `Postgres cut ${((window.to - window.from) / 1000).toFixed(0)} s; client saw ${describeErrors(
          errorsSeen(workload.client.attempts, window.from, window.to),
        )}`;
      },
      { deadlineMs: 180_000 },
    );

    // while cut: every error answer is 503 problem+json, nothing else (no 500, no hanging request)
    const during = workload.client.attempts.filter(
      (a) => a.at >= window.from && a.at <= window.to && a.status !== 'error' && a.status >= 500,
    );
    expect(during.length).toBeGreaterThan(0);
    expect(
      during.filter((a) => a.status !== 503 || !a.contentType?.includes('application/problem+json')),
    ).toEqual([]);
    expect(healthDuringCut).toBe(503);

    // recovery without a restart: the same processes, healthy again
    expect(
      Object.fromEntries(
        (['gateway', 'identity', 'appointments', 'applications', 'documents', 'notifications'] as const).map(
          (s) => [s, platform.pid(s)],
        ),
      ),
    ).toEqual(pids);
    expect(platform.unexpectedExits()).toEqual([]);
    expect((await fetch(`${platform.base}/api/v1/health`)).status).toBe(200);

    // nothing half written: every change has its event and every event its change; no idempotency key
    // claimed without the answer stored
    const q = async (sql: string): Promise<number> =>
      Number(defined((await db.query<{ n: string }>(sql, [since])).rows[0], `the count of ${sql}`).n);
    const s = (service: string): string => `"${schemaPrefix}${service}"`;
    expect({
      appointmentsWithoutEvent: await q(
        `SELECT count(*) AS n FROM ${s('appointments')}.appointments a WHERE a.created_at >= $1 AND NOT EXISTS
         (SELECT 1 FROM ${s('appointments')}.outbox o WHERE o.type = 'appointment.booked' AND o.subject = a.id::text)`,
      ),
      eventsWithoutAppointment: await q(
        `SELECT count(*) AS n FROM ${s('appointments')}.outbox o WHERE o.created_at >= $1 AND o.type = 'appointment.booked'
         AND NOT EXISTS (SELECT 1 FROM ${s('appointments')}.appointments a WHERE a.id::text = o.subject)`,
      ),
      bookingKeysWithoutAnswer: await q(
        `SELECT count(*) AS n FROM ${s('appointments')}.idempotency_keys WHERE created_at >= $1 AND status_code = 0`,
      ),
      submissionsWithoutEvent: await q(
        `SELECT count(*) AS n FROM ${s('applications')}.applications a WHERE a.submitted_at >= $1 AND
         (a.reference IS NULL OR NOT EXISTS (SELECT 1 FROM ${s('applications')}.outbox o
          WHERE o.type = 'application.submitted' AND o.subject = a.id::text))`,
      ),
      submitEventsWithoutSubmission: await q(
        `SELECT count(*) AS n FROM ${s('applications')}.outbox o WHERE o.created_at >= $1 AND o.type = 'application.submitted'
         AND NOT EXISTS (SELECT 1 FROM ${s('applications')}.applications a WHERE a.id::text = o.subject AND a.status <> 'draft')`,
      ),
      submitKeysWithoutAnswer: await q(
        `SELECT count(*) AS n FROM ${s('applications')}.idempotency_keys WHERE created_at >= $1 AND status_code IS NULL`,
      ),
    }).toEqual({
      appointmentsWithoutEvent: 0,
      eventsWithoutAppointment: 0,
      bookingKeysWithoutAnswer: 0,
      submissionsWithoutEvent: 0,
      submitEventsWithoutSubmission: 0,
      submitKeysWithoutAnswer: 0,
    });
  });

  it('all scenarios together: every intent still exactly once at the end', async () => {
    const result = tally(await workload.check(allIntents));
    const row: Row = { scenario: 'all (final recount)', ...result, seconds: 0, notes: '' };
    rows.push(row);
    expect({
      lost: result.lost,
      duplicated: result.duplicated,
      missing: result.missing,
      duplicates: result.duplicates,
    }).toEqual({ lost: 0, duplicated: 0, missing: [], duplicates: [] });
  });
});
