#!/usr/bin/env node
// `npm start`: builds what is stale (Nx cache), finds or starts Postgres, checks Redis, runs the gateway
// and every service, and waits until http://localhost:8080/api/v1/health says all are up.
// `npm run dev` (--watch): the same, with SWC watching the sources and Node restarting on changes, and
// each web app served by Vite with hot reload (proxying /api to the gateway).
// Ctrl-C stops every process (and the embedded Postgres when one was started). Once the platform is up, a
// service that exits is started again (at most 5 times a minute; a crash during start-up stops everything).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { startDevMailbox } from './dev-mailbox.mjs';
import { ROOT, resolvePostgres, resolveRedis, stopEmbeddedPostgres } from './infra.mjs';
import { installationSecrets } from './secrets.mjs';

const watch = process.argv.includes('--watch');
// BUERGERAMT_PORT_BASE runs a second copy beside a first (the end-to-end test does): gateway on the base
// port, the services on the ports after it. BUERGERAMT_SCHEMA_PREFIX gives that copy its own schemas.
const PORT_BASE = process.env.BUERGERAMT_PORT_BASE ? Number(process.env.BUERGERAMT_PORT_BASE) : undefined;
const SCHEMA_PREFIX = process.env.BUERGERAMT_SCHEMA_PREFIX ?? '';
const GATEWAY_PORT = PORT_BASE ?? Number(process.env.PORT || 8080);
const children = new Set();
let stopping = false;
/** When the platform became healthy (null before): crashes during start-up stop everything at once. */
let upSince = null;
let mailbox = null;

function projectsIn(dir) {
  const base = path.join(ROOT, dir);
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((name) => existsSync(path.join(base, name, 'project.json')))
    .map((name) => ({
      dir: path.join(base, name),
      ...JSON.parse(readFileSync(path.join(base, name, 'project.json'), 'utf8')),
    }));
}

const services = projectsIn('services').filter((p) => p.tags?.includes('type:service'));
const frontends = projectsIn('frontends').filter((p) => p.targets?.build);
const libs = projectsIn('libs');

const COLORS = [36, 35, 33, 32, 34, 31, 96];
function run(name, command, args, options = {}) {
  const color = COLORS[children.size % COLORS.length];
  const tag = process.stdout.isTTY ? `\x1b[${color}m${name.padEnd(13)}\x1b[0m` : name.padEnd(13);
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  children.add(child);
  const prefix = (stream, out) => {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) out.write(`${tag} ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (stopping || options.critical === false) return;
    if (options.restart && upSince !== null && restartAllowed(name)) {
      // after the platform was up, a service that dies is started again, as an orchestrator would
      // (outbox, inbox and retries make sure nothing is lost meanwhile); one that keeps dying stops all
      console.error(`${tag} exited (${signal ?? code}); starting it again.`);
      setTimeout(() => {
        if (!stopping) options.restart();
      }, 1000);
      return;
    }
    console.error(`${tag} exited (${signal ?? code}); stopping everything.`);
    void shutdown(1);
  });
  return child;
}

const restarts = new Map();
/** At most 5 restarts of one service within a minute. */
function restartAllowed(name) {
  const now = Date.now();
  const recent = (restarts.get(name) ?? []).filter((t) => now - t < 60_000);
  recent.push(now);
  restarts.set(name, recent);
  return recent.length <= 5;
}

function runToEnd(command, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code})`)),
    );
  });
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (children.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const child of children) child.kill('SIGKILL');
  await mailbox?.stop().catch(() => {});
  await stopEmbeddedPostgres().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

async function waitForHealth(timeoutMs) {
  const url = `http://127.0.0.1:${GATEWAY_PORT}/api/v1/health`;
  const started = Date.now();
  let last = '';
  while (Date.now() - started < timeoutMs && !stopping) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      last = await res.text();
      if (res.status === 200) return { ok: true, seconds: (Date.now() - started) / 1000 };
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { ok: false, last };
}

async function main() {
  let redisUrl;
  let database;
  try {
    redisUrl = await resolveRedis();
    database = await resolvePostgres();
  } catch (error) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }

  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL || `http://localhost:${GATEWAY_PORT}`,
    JWT_ISSUER: process.env.JWT_ISSUER || `http://localhost:${GATEWAY_PORT}`,
    // demo settings of a local run, each overridable: demo accounts and data, no TOTP for staff (the
    // identity service warns about it at start), refresh cookie without Secure on plain-http localhost
    DEMO_SEED: process.env.DEMO_SEED ?? 'true',
    MFA_REQUIRED: process.env.MFA_REQUIRED ?? 'false',
    COOKIE_SECURE: process.env.COOKIE_SECURE ?? 'false',
    // this installation's own secrets (generated on the first start into .data/secrets.json)
    ...installationSecrets(path.join(ROOT, '.data', 'secrets.json')),
  };
  delete env.PORT; // each service has its own default port; PORT above is the gateway's

  // mails go to the local mailbox unless SMTP_URL names a server (docker compose uses Mailpit)
  if (!process.env.SMTP_URL) {
    const smtpPort = PORT_BASE === undefined ? 1025 : PORT_BASE + 6;
    const httpPort = PORT_BASE === undefined ? 8025 : PORT_BASE + 7;
    try {
      mailbox = await startDevMailbox({ smtpPort, httpPort, dir: path.join(ROOT, '.data', 'mails') });
      env.SMTP_URL = mailbox.smtpUrl;
    } catch (error) {
      // most likely a Mailpit or another mail catcher listens there already: send to it
      console.log(`Local mailbox not started (${error.message}); mails go to smtp://127.0.0.1:${smtpPort}.`);
      env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
    }
  }

  const projects = [...services, ...frontends].map((p) => p.name);
  console.log(`Building ${projects.join(', ')} (unchanged projects come from the Nx cache) ...`);
  await runToEnd(
    'npx',
    ['nx', 'run-many', '-t', 'build', `--projects=${projects.join(',')}`, '--outputStyle=static'],
    env,
  );

  const started = Date.now();
  if (watch) {
    for (const p of [...libs, ...services]) {
      run(
        `swc:${p.name}`,
        'npx',
        [
          'swc',
          'src',
          '-d',
          'dist',
          '--strip-leading-paths',
          '--config-file',
          '../../.swcrc',
          '--ignore',
          '**/*.spec.ts',
          '-w',
          '-q',
        ],
        { cwd: p.dir, env, critical: false },
      );
    }
  }
  const domainServices = services.filter((s) => s.name !== 'gateway');
  const portOf = (name) =>
    PORT_BASE === undefined ? undefined : PORT_BASE + 1 + domainServices.findIndex((s) => s.name === name);
  if (portOf('identity') !== undefined) env.JWKS_URL = `http://127.0.0.1:${portOf('identity')}/auth/jwks`;
  const gatewayEnv = { ...env, PORT: String(GATEWAY_PORT) };
  for (const s of domainServices) {
    if (portOf(s.name) !== undefined)
      gatewayEnv[`${s.name.toUpperCase()}_URL`] = `http://127.0.0.1:${portOf(s.name)}`;
  }
  for (const service of services) {
    const serviceEnv =
      service.name === 'gateway'
        ? gatewayEnv
        : {
            ...env,
            ...(portOf(service.name) !== undefined ? { PORT: String(portOf(service.name)) } : {}),
            ...(SCHEMA_PREFIX ? { DATABASE_SCHEMA: `${SCHEMA_PREFIX}${service.name}` } : {}),
          };
    const args = [
      ...(watch ? ['--watch'] : []),
      '--enable-source-maps',
      // the platform's ChunkReclaimer frees streamed chunks with minor GCs (docs/decisions.md §13)
      '--expose-gc',
      path.join(service.dir, 'dist', 'main.js'),
    ];
    const start = () => run(service.name, process.execPath, args, { env: serviceEnv, restart: start });
    start();
  }

  // npm run dev: each web app from Vite's dev server with hot reload, its /api proxied to the gateway
  const devServers = [];
  if (watch) {
    for (const app of frontends) {
      const port = app.name === 'citizen' ? 5173 : 5174;
      run(
        `vite:${app.name}`,
        'npx',
        ['vite', '--config', 'vite.config.mts', '--port', String(port), '--strictPort'],
        {
          cwd: app.dir,
          env: { ...env, API_PROXY_TARGET: `http://127.0.0.1:${GATEWAY_PORT}` },
          critical: false,
        },
      );
      devServers.push(
        `  ${app.name.padEnd(13)} http://localhost:${port}${app.name === 'citizen' ? '/' : '/backoffice/'}   (hot reload)`,
      );
    }
  }

  const health = await waitForHealth(120_000);
  if (!health.ok) {
    console.error(
      `\nThe platform did not become healthy within 120 s. Last answer of /api/v1/health:\n${health.last}\n`,
    );
    return shutdown(1);
  }
  upSince = Date.now();
  const base = `http://localhost:${GATEWAY_PORT}`;
  console.log(
    [
      '',
      `Digitales Bürgeramt is up (${((Date.now() - started) / 1000).toFixed(1)} s after the services started).`,
      `  Citizen app   ${base}/`,
      `  Back office   ${base}/backoffice/`,
      `  API           ${base}/api/v1   (health: ${base}/api/v1/health)`,
      ...devServers,
      `  API docs      ${base}/api/docs`,
      `  Mails         ${mailbox ? mailbox.webUrl : env.SMTP_URL}`,
      `  Database      ${database.embedded ? 'embedded Postgres (.data/postgres)' : new URL(database.url).host}, Redis ${new URL(redisUrl).host}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error);
  void shutdown(1);
});
