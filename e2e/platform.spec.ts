import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { defined } from '@buergeramt/testing';
import { servicePid } from './support/processes';

/**
 * `npm start` as a newcomer runs it: the start script builds, starts the gateway and the five services,
 * and the platform answers on one origin. Runs on its own ports, schemas and queue prefix, so it does not
 * disturb a platform a developer already has running.
 */
const root = path.resolve(__dirname, '..');
const PORT_BASE = 18080 + Math.floor(Math.random() * 400) * 10;
const base = `http://127.0.0.1:${PORT_BASE}`;
/** The gateway's internal metrics listener: METRICS_PORT, by default its PORT + 1000 (docs/decisions.md §20). */
const metricsBase = `http://127.0.0.1:${PORT_BASE + 1000}`;
const run = randomBytes(3).toString('hex');

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start', () => {
  let start: ChildProcess;
  let output = '';

  beforeAll(async () => {
    start = spawn(process.execPath, [path.join(root, 'tools/start.mjs')], {
      cwd: root,
      env: {
        ...process.env,
        BUERGERAMT_PORT_BASE: String(PORT_BASE),
        BUERGERAMT_SCHEMA_PREFIX: `e2e_${run}_`,
        QUEUE_PREFIX: `e2e:${run}`,
        LOG_LEVEL: 'warn',
        // this run's own secrets (as tools/stack.mjs gives them): the checkout's .data/secrets.json is
        // neither read nor written (e2e/infra.spec.ts tests how npm start makes it)
        MANAGE_TOKEN_SECRET: randomBytes(32).toString('base64url'),
        FEEDBACK_TOKEN_SECRET: randomBytes(32).toString('base64url'),
        IDENTITY_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 200_000;
    while (!output.includes('Digitales Bürgeramt is up')) {
      if (start.exitCode !== null || Date.now() > deadline)
        throw new Error(`npm start did not come up:\n${output.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    if (start && start.exitCode === null) {
      start.kill('SIGINT');
      await new Promise((r) => start.once('exit', r));
    }
    // the run's schemas live in the same database as everything else: leave nothing behind
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE nspname LIKE $1',
      [`e2e_${run}_%`],
    );
    for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
    await client.end();
    // and its Redis keys (queues, locks, rate windows: all under the run's QUEUE_PREFIX)
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `e2e:${run}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  });

  it('reports every service up at /api/v1/health', async () => {
    const res = await fetch(`${base}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      services: {
        identity: 'up',
        appointments: 'up',
        applications: 'up',
        documents: 'up',
        notifications: 'up',
      },
    });
  });

  it('runs the services with streamed chunks reclaimed (node --expose-gc)', async () => {
    const metrics = await (await fetch(`${metricsBase}/metrics`)).text();
    expect(metrics).toMatch(/^chunk_reclaim_active\{service="gateway"\} 1$/m);
  });

  it('serves the metrics on the internal metrics port, never on the public one', async () => {
    const exposed = await fetch(`${base}/metrics`);
    expect(exposed.status).toBe(404);
    expect(await exposed.text()).not.toContain('process_cpu_seconds_total');
    // every service has its own listener, PORT + 1000 (the services follow the gateway on PORT_BASE + 1 …)
    for (let i = 1; i <= 5; i++) {
      const scrape = await fetch(`http://127.0.0.1:${PORT_BASE + 1000 + i}/metrics`);
      expect(scrape.status).toBe(200);
      expect(await scrape.text()).toContain('process_cpu_seconds_total');
    }
  });

  it('publishes one OpenAPI 3.1 document with every service in it', async () => {
    const res = await fetch(`${base}/api/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      info: unknown;
      paths: Record<string, unknown>;
    } & Record<string, unknown>;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toBeDefined();
    // every service's document was fetched and merged under /api/v1
    expect(doc['x-unavailable-services']).toEqual([]);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/auth/jwks', '/api/v1/health']),
    );
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/v1/'))).toBe(true);
    // every service's own paths are there, not only identity's
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/slots',
        '/api/v1/appointments',
        '/api/v1/locations/{id}/queue',
        '/api/v1/services',
        '/api/v1/applications/{id}/submit',
        '/api/v1/transparency',
        '/api/v1/documents',
        '/api/v1/verify/{code}',
        '/api/v1/notifications',
        '/api/v1/admin/notifications/deliveries',
      ]),
    );
    // and the whole document is valid OpenAPI 3.1 by the specification's own JSON Schema
    // (the validator is an ES module: it runs in its own Node process)
    const dir = await mkdtemp(path.join(tmpdir(), 'openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(doc));
      const script = `import { Validator } from '@seriousme/openapi-schema-validator';
        import { readFileSync } from 'node:fs';
        const result = await new Validator().validate(JSON.parse(readFileSync(process.argv[1], 'utf8')));
        console.log(JSON.stringify({ valid: result.valid, errors: result.errors ?? null }));`;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--input-type=module', '-e', script, file],
        { cwd: root, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      );
      const result = JSON.parse(stdout.trim()) as { valid: boolean; errors: unknown };
      expect(result).toEqual({ valid: true, errors: null });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const docs = await fetch(`${base}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
  });

  it('answers an unknown path with 404 problem+json', async () => {
    const res = await fetch(`${base}/api/v1/no-such-thing`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ type: 'not-found', status: 404 });
  });

  it('refuses a 2 MB JSON body with 413 problem+json', async () => {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x@example.org', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('sends the security headers', async () => {
    const res = await fetch(`${base}/api/v1/health`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('carries a resident from registration to a booked appointment, with the mails in the local mailbox', async () => {
    const mailbox = `http://127.0.0.1:${PORT_BASE + 7}`;
    interface Mail {
      to: string[];
      subject: string;
      text: string;
      attachments: { filename: string; contentType: string }[];
    }
    const mailTo = async (email: string, subject: RegExp): Promise<Mail> => {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const { items } = (await (await fetch(`${mailbox}/api/mails`)).json()) as { items: Mail[] };
        const mail = items.find((m) => m.to.some((t) => t.includes(email)) && subject.test(m.subject));
        if (mail) return mail;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`no mail "${String(subject)}" to ${email} in the mailbox`);
    };
    const json = (body: unknown) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

    const email = `e2e-${run}@example.org`;
    const password = 'Esslingen-am-Neckar-e2e';
    const registered = await fetch(
      `${base}/api/v1/auth/register`,
      json({ email, password, givenName: 'Erika', familyName: 'Muster', locale: 'de' }),
    );
    expect(registered.status).toBe(202);
    const verification = await mailTo(email, /bestätigen|E-Mail-Adresse/i);
    const link = /https?:\/\/\S*token=([\w-]+)/.exec(verification.text);
    expect(link).not.toBeNull();
    expect(link![0].startsWith(base.replace('127.0.0.1', 'localhost'))).toBe(true);
    expect((await fetch(`${base}/api/v1/auth/verify-email`, json({ token: link![1] }))).status).toBe(204);

    const login = await fetch(`${base}/api/v1/auth/login`, json({ email, password }));
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };

    const services = (await (await fetch(`${base}/api/v1/services?q=Perso`)).json()) as {
      items: { id: string; slug: string }[];
    };
    const service = services.items.find((s) => s.slug === 'personalausweis')!;
    expect(service).toBeDefined();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const slots = (await (
      await fetch(`${base}/api/v1/slots?serviceId=${service.id}&from=${day(2)}&to=${day(20)}`)
    ).json()) as { items: { locationId: string; start: string }[] };
    expect(slots.items.length).toBeGreaterThan(0);
    const slot = defined(slots.items[0], 'a free slot');
    const booked = await fetch(`${base}/api/v1/appointments`, {
      ...json({ serviceId: service.id, locationId: slot.locationId, start: slot.start }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    });
    expect(booked.status).toBe(201);
    expect(await booked.json()).toMatchObject({ status: 'confirmed', start: slot.start });

    const confirmation = await mailTo(email, /Termin ist bestätigt/);
    expect(confirmation.attachments).toEqual([
      expect.objectContaining({ contentType: expect.stringContaining('text/calendar') }),
    ]);
    const page = await fetch(mailbox);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('Ihr Termin ist bestätigt');
  });

  it('starts a service again that dies after the platform was up', async () => {
    const before = await servicePid(start.pid!, 'appointments');
    expect(before).not.toBeNull();
    process.kill(before!, 'SIGKILL');
    let after: number | null = null;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      after = await servicePid(start.pid!, 'appointments');
      const health = await fetch(`${base}/api/v1/health`).catch(() => null);
      if (after !== null && after !== before && health?.status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    expect(output).toMatch(/appointments\s+exited \(SIGKILL\); starting it again\./);
    expect(start.exitCode).toBeNull();
    expect((await fetch(`${base}/api/v1/health`)).status).toBe(200);
  });

  it('stops every process on Ctrl-C', async () => {
    start.kill('SIGINT');
    await new Promise((r) => start.once('exit', r));
    for (let port = PORT_BASE; port <= PORT_BASE + 7; port++) {
      expect(await portOpen(port)).toBe(false);
    }
    for (let port = PORT_BASE + 1000; port <= PORT_BASE + 1005; port++) {
      expect(await portOpen(port)).toBe(false);
    }
  });
});
