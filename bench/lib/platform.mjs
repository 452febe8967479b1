// A whole platform for the benchmarks: tools/stack.mjs (`npm start` on its own ports, schemas and Redis
// prefix) with rate limits off, mails going to an SMTP sink in this process, documents stored in a
// temporary folder, plus what the benchmarks need around it: the processes (pid, port) of the gateway and
// each service, the demo admin's token, citizen accounts made through the API (register, the mailed
// verification link, log in), and a Postgres pool for checks.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { resolvePostgres, resolveRedis } from '../../tools/infra.mjs';
import { startStack } from '../../tools/stack.mjs';
import { httpClient, mapLimit } from './load.mjs';

/** Settings every benchmark platform runs with (besides `npm start`'s own). */
export const BENCH_ENV = {
  // per-IP limits would throttle a load generator on one address (API.md: the per-account lockout is
  // what stops password guessing, not these)
  RATE_LIMIT_GLOBAL: '0',
  RATE_LIMIT_AUTH: '0',
  RATE_LIMIT_BOOKING: '0',
  // verification mails of hundreds of bench accounts should not wait for the 600/min mail throttle
  MAIL_RATE_PER_MINUTE: '1000000',
  // tokens made at the start of a long run stay valid to its end (identity's maximum)
  ACCESS_TOKEN_TTL_SECONDS: '3600',
};

export const DEMO_ADMIN = { email: 'admin@demo.esslingen.de', password: 'Neckarufer-Admin-2026' };
const ACCOUNT_DOMAIN = 'accounts.bench.example';

/**
 * An SMTP server that accepts every mail. It counts them and keeps the first mail to each address of the
 * bench accounts' domain, so `waitFor(address)` can read a verification link.
 */
export async function startMailSink() {
  const firstMail = new Map();
  const waiters = new Map();
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    hideSTARTTLS: true,
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, session, callback) {
      const keep = session.envelope.rcptTo
        .map((r) => r.address.toLowerCase())
        .filter((a) => a.endsWith(`@${ACCOUNT_DOMAIN}`) && !firstMail.has(a));
      const chunks = [];
      stream.on('data', (chunk) => keep.length && chunks.push(chunk));
      stream.on('end', () => {
        count += 1;
        for (const address of keep) {
          const raw = Buffer.concat(chunks);
          firstMail.set(address, raw);
          waiters.get(address)?.(raw);
          waiters.delete(address);
        }
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${server.server.address().port}`,
    count: () => count,
    /** The first mail to `address` (parsed), as soon as it arrives. */
    async waitFor(address, timeoutMs = 120_000) {
      const key = address.toLowerCase();
      const raw =
        firstMail.get(key) ??
        (await new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            waiters.delete(key);
            reject(new Error(`no mail to ${address} within ${timeoutMs} ms`));
          }, timeoutMs);
          waiters.set(key, (value) => {
            clearTimeout(timer);
            resolve(value);
          });
        }));
      return simpleParser(raw);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Resident set size of a process in MB (from /proc), or null once it is gone. */
export function rssMb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number((Number(match[1]) / 1024).toFixed(1)) : null;
  } catch {
    return null;
  }
}

/**
 * Samples the RSS of `pids` ({name: pid}) every `intervalMs`; `stop()` resolves with each one's first
 * sample (baseline) and peak in MB.
 */
export function sampleRss(pids, intervalMs = 10) {
  const baseline = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rssMb(pid)]));
  const peak = { ...baseline };
  const timer = setInterval(() => {
    for (const [name, pid] of Object.entries(pids)) {
      const value = rssMb(pid);
      if (value !== null) peak[name] = Math.max(peak[name] ?? 0, value);
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      for (const [name, pid] of Object.entries(pids)) {
        const value = rssMb(pid);
        if (value !== null) peak[name] = Math.max(peak[name] ?? 0, value);
      }
      return { baselineMb: baseline, peakMb: peak };
    },
  };
}

/** CPU time (user + system) of a process in seconds, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** CPU time of every process of a server on this machine (Postgres: the postmaster and its backends) by pid. */
function serverCpu(command) {
  const byPid = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith(command)) continue;
      const seconds = cpuSeconds(entry);
      if (seconds !== null) byPid.set(entry, seconds);
    } catch {
      // gone meanwhile
    }
  }
  return byPid;
}

const postgresCpu = () => serverCpu('postgres');
/** A Redis on this machine (none when REDIS_URL points elsewhere: its share is then left out). */
const redisCpu = () => serverCpu('redis-server');

/** CPU seconds a server's processes used since `before` (a snapshot by pid; a process started since counts whole). */
function cpuSince(before, snapshot) {
  let seconds = 0;
  for (const [pid, now] of snapshot) seconds += now - (before.get(pid) ?? 0);
  return seconds;
}

/** Busy and total clock ticks of the whole machine (all cores), from /proc/stat. */
function machineTicks() {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const ticks = cpu.split(/\s+/).slice(1).map(Number);
  const idle = ticks[3] + ticks[4];
  const total = ticks.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/**
 * CPU used by `pids` ({name: pid}), by Postgres and by this process from now until `stop()`, in % of one
 * core, and how busy the whole machine was (% of all its cores): where the time of a phase went (which
 * process is the bottleneck, and whether the machine had any left).
 */
export function cpuSampler(pids) {
  const started = performance.now();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const postgresBefore = postgresCpu();
  const redisBefore = redisCpu();
  const machineBefore = machineTicks();
  const own = process.cpuUsage();
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000;
      const percent = {};
      for (const [name, pid] of Object.entries(pids)) {
        const now = cpuSeconds(pid);
        if (now !== null && before[name] !== null)
          percent[name] = Math.round(((now - before[name]) / seconds) * 100);
      }
      const mine = process.cpuUsage(own);
      percent['load generator'] = Math.round(((mine.user + mine.system) / 1e6 / seconds) * 100);
      percent.postgres = Math.round((cpuSince(postgresBefore, postgresCpu()) / seconds) * 100);
      if (redisBefore.size > 0)
        percent.redis = Math.round((cpuSince(redisBefore, redisCpu()) / seconds) * 100);
      const machine = machineTicks();
      percent['machine busy (% of all cores)'] = Math.round(
        ((machine.busy - machineBefore.busy) / (machine.total - machineBefore.total)) * 100,
      );
      return percent;
    },
  };
}

/**
 * Counts round trips while it runs: the SQL statements each service sent (`db_statements_total` on its
 * metrics listener, METRICS_PORT or PORT + 1000) and the commands Redis processed (`INFO stats`, everyone's:
 * the services' queues and relays, and anything else using that Redis meanwhile). Unlike CPU time these do
 * not vary with the machine's speed, so they show whether a change saved work. `processes`: as
 * `platform.processes()` gives them. `stop()` resolves with
 * `{ statements: { <service>: n, total }, redisCommands }`.
 */
export async function roundTripSampler(processes, redisUrl = process.env.REDIS_URL) {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const redisCommands = async () =>
    Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))?.[1] ?? NaN);
  const statements = async () => {
    const counts = {};
    await Promise.all(
      processes.map(async ({ name, metricsPort }) => {
        const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
        const text = await res.text();
        const match = /^db_statements_total(?:\{[^}]*\})? (\d+)$/m.exec(text);
        if (match) counts[name] = Number(match[1]);
      }),
    );
    return counts;
  };
  const before = { statements: await statements(), redis: await redisCommands() };
  return {
    async stop() {
      const after = { statements: await statements(), redis: await redisCommands() };
      redis.disconnect();
      const sent = {};
      let total = 0;
      for (const [name, count] of Object.entries(after.statements)) {
        const n = count - (before.statements[name] ?? 0);
        if (n > 0) sent[name] = n;
        total += n;
      }
      // the sampler's first INFO is counted between the two snapshots (a command is counted once it has run)
      return { statements: { ...sent, total }, redisCommands: after.redis - before.redis - 1 };
    },
  };
}

/**
 * Waits until the machine is quiet (less than `busyPercent` of all its cores busy over `windowMs`), at
 * most `maxMs`: what the previous phase left behind (mails of the bookings, the outbox relay, Postgres'
 * writes) must not run during the next measured phase, or that phase (e.g. a floor) measures less than it
 * is. Resolves with the seconds waited and whether it got quiet.
 */
export async function waitForQuiet({ busyPercent = 15, windowMs = 250, maxMs = 20_000 } = {}) {
  const started = performance.now();
  for (;;) {
    const before = machineTicks();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = machineTicks();
    const busy = ((after.busy - before.busy) / (after.total - before.total)) * 100;
    const waited = (performance.now() - started) / 1000;
    if (busy < busyPercent) return { seconds: Math.round(waited * 10) / 10, quiet: true };
    if (waited * 1000 >= maxMs) return { seconds: Math.round(waited * 10) / 10, quiet: false };
  }
}

/**
 * Waits until the mail sink has received no mail for `quietMs` (at most `maxMs`): the mails of what came
 * before (a previous rush's confirmations, new accounts' mails) are sent, not still being sent while the next
 * measurement runs. Resolves with the seconds waited and whether it settled.
 */
export async function waitForMailsSettled(sink, { quietMs = 1000, stepMs = 100, maxMs = 60_000 } = {}) {
  const started = performance.now();
  let last = sink.count();
  let since = performance.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, stepMs));
    const now = performance.now();
    const count = sink.count();
    if (count !== last) {
      last = count;
      since = now;
    }
    const waited = Math.round((now - started) / 100) / 10;
    if (now - since >= quietMs) return { seconds: waited, settled: true };
    if (now - started >= maxMs) return { seconds: waited, settled: false };
  }
}

/** The direct children of `pid` that run a service's dist/main.js: `[{ name, pid, port }]`. */
function serviceProcesses(parentPid) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const main = cmdline.find((arg) => /services\/[^/]+\/dist\/main\.js$/.test(arg));
      if (!main) continue;
      const name = /services\/([^/]+)\/dist\/main\.js$/.exec(main)[1];
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      const port = Number(environ.find((v) => v.startsWith('PORT='))?.slice(5));
      const metricsPort = Number(
        environ.find((v) => v.startsWith('METRICS_PORT='))?.slice(13) ?? port + 1000,
      );
      found.push({ name, pid: Number(entry), port, metricsPort });
    } catch {
      // gone meanwhile
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** Platforms running in this process: a SIGINT or SIGTERM stops them (schemas and keys removed) first. */
const live = new Set();
let signalsHandled = false;
export function stopOnSignals() {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      if (live.size) console.error(`\n${signal}: stopping the platform ...`);
      await Promise.all([...live].map((platform) => platform.stop().catch(() => undefined)));
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/**
 * Settles DATABASE_URL and REDIS_URL in this process's environment (as `npm start` finds them), so that
 * every platform, child benchmark and check of this run uses the same servers (an embedded Postgres is
 * started once, in this process).
 */
export async function resolveDatabases() {
  if (!process.env.DATABASE_URL)
    process.env.DATABASE_URL = (await resolvePostgres(process.env, { log: () => {} })).url;
  if (!process.env.REDIS_URL) process.env.REDIS_URL = await resolveRedis();
}

/**
 * Starts the platform; resolves once `/api/v1/health` is 200. `env` is added to BENCH_ENV.
 * `startSeconds`: launch to healthy as `npm start` does it (build check included);
 * `servicesToHealthySeconds`: from the services' launch to healthy, as the start script reports it.
 */
export async function startPlatform({ env = {}, log } = {}) {
  await resolveDatabases();
  const sink = await startMailSink();
  const storageDir = mkdtempSync(path.join(os.tmpdir(), 'bench-documents-'));
  const launched = performance.now();
  let stack;
  try {
    stack = await startStack({
      env: { ...BENCH_ENV, SMTP_URL: sink.url, STORAGE_DIR: storageDir, ...env },
      log,
    });
  } catch (error) {
    await sink.close();
    rmSync(storageDir, { recursive: true, force: true });
    throw error;
  }
  const startSeconds = (performance.now() - launched) / 1000;
  const reported = /is up \(([\d.]+) s after the services started\)/.exec(stack.output());
  const client = httpClient(stack.base, { connections: 64 });
  let pool;
  let adminToken;
  const accounts = [];
  const password = `Bench-${randomBytes(6).toString('hex')}-Neckarufer`;

  async function api(method, url, { token, body, headers, expect } = {}) {
    const res = await client.request(method, url, { token, body, headers });
    if (expect !== undefined && ![expect].flat().includes(res.status))
      throw new Error(`${method} ${url}: ${res.status} ${res.text.slice(0, 300)}`);
    return res;
  }

  async function login(email, secret) {
    const res = await api('POST', '/api/v1/auth/login', { body: { email, password: secret }, expect: 200 });
    const body = res.json();
    return { token: body.accessToken, userId: body.user.id };
  }

  /** One citizen made like a resident does it: register, open the mailed link, log in. */
  async function createCitizen(index) {
    const email = `c${index}-${stack.run}@${ACCOUNT_DOMAIN}`;
    const mail = sink.waitFor(email);
    mail.catch(() => undefined);
    await api('POST', '/api/v1/auth/register', {
      body: { email, password, givenName: 'Bench', familyName: 'Bürger', locale: 'de' },
      expect: 202,
    });
    const text = `${(await mail).text ?? ''}`;
    const link = /https?:\/\/\S*\/konto\/bestaetigen\?\S+/.exec(text)?.[0];
    const token = link && new URL(link).searchParams.get('token');
    if (!token) throw new Error(`no verification link in the mail to ${email}`);
    await api('POST', '/api/v1/auth/verify-email', { body: { token }, expect: 204 });
    return { email, ...(await login(email, password)) };
  }

  const platform = {
    base: stack.base,
    run: stack.run,
    stack,
    sink,
    startSeconds: Number(startSeconds.toFixed(2)),
    servicesToHealthySeconds: reported ? Number(reported[1]) : null,
    api,
    /** The Postgres schema of a service in this platform. */
    schema: (service) => `stack_${stack.run}_${service}`,
    db() {
      pool ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
      return pool;
    },
    databaseUrl: process.env.DATABASE_URL,
    /** `[{ name, pid, port }]` of the gateway and every service. */
    processes: () => serviceProcesses(stack.process.pid),
    launcherPid: stack.process.pid,
    serviceUrl(name) {
      const proc = serviceProcesses(stack.process.pid).find((p) => p.name === name);
      if (!proc) throw new Error(`no process of ${name}`);
      return `http://127.0.0.1:${proc.port}`;
    },
    async adminToken() {
      adminToken ??= (await login(DEMO_ADMIN.email, DEMO_ADMIN.password)).token;
      return adminToken;
    },
    /** `n` verified citizens with access tokens (made once, reused by later benchmarks). */
    async citizens(n, { concurrency = 16 } = {}) {
      if (accounts.length < n) {
        const indexes = Array.from({ length: n - accounts.length }, (_, i) => accounts.length + i);
        accounts.push(...(await mapLimit(indexes, concurrency, createCitizen)));
      }
      return accounts.slice(0, n);
    },
    async stop() {
      live.delete(platform);
      client.close();
      await pool?.end().catch(() => undefined);
      await stack.stop();
      await sink.close();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
  live.add(platform);
  stopOnSignals();
  return platform;
}

/** For a script run on its own: a platform for `fn(platform)`, stopped afterwards. */
export async function withPlatform(fn, options) {
  console.log('Starting a platform of its own (tools/stack.mjs) ...');
  const platform = await startPlatform(options);
  console.log(`platform up after ${platform.startSeconds} s at ${platform.base}`);
  try {
    return await fn(platform);
  } finally {
    await platform.stop();
  }
}
