// A whole platform of its own, started the way a newcomer starts it (`tools/start.mjs`, i.e. `npm start`)
// but on its own ports, Postgres schemas and Redis prefix, so it never disturbs a platform a developer
// already runs: for the end-to-end and browser tests, the API client generator and the benchmarks.
// `stop()` ends every process and removes the schemas and Redis keys the run made.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ROOT, resolvePostgres, resolveRedis } from './infra.mjs';
import { servicePid } from './processes.cjs';
import { ephemeralSecrets } from './secrets.mjs';

/**
 * @param {{ env?: Record<string, string>, timeoutMs?: number, log?: (line: string) => void }} [options]
 * @returns {Promise<{ base: string, mailbox: string, portBase: number, run: string, output: () => string,
 *   process: import('node:child_process').ChildProcess, kill: (service: string, signal?: NodeJS.Signals) =>
 *   Promise<number>, stop: () => Promise<void> }>}
 */
export async function startStack(options = {}) {
  // resolved here, so the stack and the clean-up use the same servers (an embedded Postgres, if one is
  // needed, lives in this process and ends with it)
  const redisUrl = await resolveRedis();
  const databaseUrl = (await resolvePostgres(process.env, { log: () => {} })).url;
  const portBase = 18080 + Math.floor(Math.random() * 400) * 10;
  const run = randomBytes(3).toString('hex');
  const schemaPrefix = `stack_${run}_`;
  const queuePrefix = `stack:${run}`;
  const child = spawn(process.execPath, [path.join(ROOT, 'tools/start.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      // secrets of this run only: the developer's .data/secrets.json is neither read nor written
      ...ephemeralSecrets(),
      ...options.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      BUERGERAMT_PORT_BASE: String(portBase),
      BUERGERAMT_SCHEMA_PREFIX: schemaPrefix,
      QUEUE_PREFIX: queuePrefix,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    options.log?.(chunk.toString());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      // the timer goes with the exit: left running it kept the caller (Jest, a benchmark) alive for 20 s
      let timer;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 20_000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await cleanUp({ databaseUrl, redisUrl, schemaPrefix, queuePrefix });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 240_000);
  while (!output.includes('Digitales Bürgeramt is up')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the platform did not come up:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  /** Sends `signal` to one service's process (start.mjs starts a service that dies again). */
  const kill = async (service, signal = 'SIGKILL') => {
    const pid = await servicePid(child.pid, service);
    if (pid === null) throw new Error(`no running process of ${service}`);
    process.kill(pid, signal);
    return pid;
  };
  return {
    base: `http://127.0.0.1:${portBase}`,
    mailbox: `http://127.0.0.1:${portBase + 7}`,
    portBase,
    run,
    output: () => output,
    process: child,
    kill,
    stop,
  };
}

/** Drops the run's schemas (same database as everything else) and deletes its Redis keys. */
async function cleanUp({ databaseUrl, redisUrl, schemaPrefix, queuePrefix }) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [
      `${schemaPrefix}%`,
    ]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
  } finally {
    await client.end().catch(() => {});
  }
  await deleteRedisKeys(redisUrl, queuePrefix);
}

/** Deletes every Redis key that starts with `prefix` (a run's queues: QUEUE_PREFIX). */
export async function deleteRedisKeys(redisUrl, prefix) {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
