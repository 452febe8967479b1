import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@buergeramt/testing';

export const ROOT = path.resolve(__dirname, '../..');

export const DOMAIN_SERVICES = [
  'identity',
  'appointments',
  'applications',
  'documents',
  'notifications',
] as const;
export type DomainService = (typeof DOMAIN_SERVICES)[number];
export type ServiceName = DomainService | 'gateway';

export { freePort };

export interface PlatformOptions {
  /** Postgres as the services see it (the fault suite's proxy) */
  databaseUrl: string;
  redisUrl: string;
  smtpUrl: string;
  schemaPrefix: string;
  queuePrefix: string;
  logDir: string;
  storageDir: string;
  /** extra environment for every process (wins over the defaults) */
  env?: Record<string, string>;
}

interface Proc {
  name: ServiceName;
  port: number;
  child: ChildProcess | null;
  log: WriteStream;
  /** exits nobody asked for (a crash): [signal or code, when] */
  unexpectedExits: string[];
  expectingExit: boolean;
  starts: number;
}

/**
 * The gateway and the five services from their builds (`dist/main.js`), each its own process started the
 * way `tools/start.mjs` starts it, but managed one by one, so that a single service can be killed and
 * started again while the others keep running. Output goes to `<logDir>/<service>.log`.
 */
export class Platform {
  private readonly procs = new Map<ServiceName, Proc>();
  private readonly env: Record<string, string>;

  private constructor(
    private readonly options: PlatformOptions,
    ports: Record<ServiceName, number>,
  ) {
    for (const name of ['gateway', ...DOMAIN_SERVICES] as ServiceName[]) {
      this.procs.set(name, {
        name,
        port: ports[name],
        child: null,
        log: createWriteStream(path.join(options.logDir, `${name}.log`)),
        unexpectedExits: [],
        expectingExit: false,
        starts: 0,
      });
    }
    const base = `http://localhost:${ports.gateway}`;
    this.env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      METRICS_PORT: '0',
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: options.queuePrefix,
      PUBLIC_BASE_URL: base,
      JWT_ISSUER: base,
      JWKS_URL: `http://127.0.0.1:${ports.identity}/auth/jwks`,
      SMTP_URL: options.smtpUrl,
      DEMO_SEED: 'true',
      MFA_REQUIRED: 'false',
      COOKIE_SECURE: 'false',
      // the secrets of this run only
      MANAGE_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      FEEDBACK_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      IDENTITY_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      STORAGE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      SIGNING_KEY: randomBytes(32).toString('base64'),
      STORAGE_DIR: options.storageDir,
      // one test machine plays every resident from one address
      RATE_LIMIT_GLOBAL: '0',
      RATE_LIMIT_AUTH: '0',
      RATE_LIMIT_BOOKING: '0',
      // the suite runs for minutes without refreshing its tokens
      ACCESS_TOKEN_TTL_SECONDS: '3600',
      ...options.env,
    };
  }

  static async create(options: PlatformOptions): Promise<Platform> {
    const ports = {} as Record<ServiceName, number>;
    for (const name of ['gateway', ...DOMAIN_SERVICES] as ServiceName[]) ports[name] = await freePort();
    return new Platform(options, ports);
  }

  get base(): string {
    return `http://127.0.0.1:${this.port('gateway')}`;
  }

  port(name: ServiceName): number {
    return this.proc(name).port;
  }

  pid(name: ServiceName): number | undefined {
    return this.proc(name).child?.pid;
  }

  /** Exits of any process that nobody asked for, as `service: code/signal`. */
  unexpectedExits(): string[] {
    return [...this.procs.values()].flatMap((p) => p.unexpectedExits.map((e) => `${p.name}: ${e}`));
  }

  private proc(name: ServiceName): Proc {
    const proc = this.procs.get(name);
    if (!proc) throw new Error(`unknown service ${name}`);
    return proc;
  }

  private envOf(name: ServiceName): Record<string, string> {
    if (name === 'gateway') {
      const urls = Object.fromEntries(
        DOMAIN_SERVICES.map((s) => [`${s.toUpperCase()}_URL`, `http://127.0.0.1:${this.port(s)}`]),
      );
      return { ...this.env, ...urls, PORT: String(this.port('gateway')) };
    }
    return {
      ...this.env,
      PORT: String(this.port(name)),
      DATABASE_SCHEMA: `${this.options.schemaPrefix}${name}`,
    };
  }

  /** Spawns the service's process (does not wait for it to be ready). */
  spawn(name: ServiceName): void {
    const proc = this.proc(name);
    if (proc.child) throw new Error(`${name} is running already`);
    proc.starts += 1;
    proc.expectingExit = false;
    proc.log.write(`\n----- start #${proc.starts} at ${new Date().toISOString()}\n`);
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', '--expose-gc', path.join(ROOT, 'services', name, 'dist', 'main.js')],
      { cwd: ROOT, env: this.envOf(name), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    proc.child = child;
    child.stdout?.on('data', (chunk: Buffer) => proc.log.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => proc.log.write(chunk));
    child.once('exit', (code, signal) => {
      proc.log.write(`----- exited (${signal ?? code}) at ${new Date().toISOString()}\n`);
      if (proc.child === child) proc.child = null;
      if (!proc.expectingExit) proc.unexpectedExits.push(`${signal ?? code}`);
    });
  }

  /** Polls the service's own readiness (`/health/ready`: database and Redis), or the gateway's health. */
  async waitReady(name: ServiceName, timeoutMs = 120_000): Promise<void> {
    const url =
      name === 'gateway' ? `${this.base}/api/v1/health` : `http://127.0.0.1:${this.port(name)}/health/ready`;
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      if (!this.proc(name).child) throw new Error(`${name} exited while starting:\n${await this.tail(name)}`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
        last = `${res.status} ${await res.text()}`;
        if (res.status === 200) return;
      } catch (error) {
        last = String(error);
      }
      await sleep(250);
    }
    throw new Error(`${name} not ready within ${timeoutMs} ms (last: ${last})\n${await this.tail(name)}`);
  }

  /** Starts every process at once (as `npm start` does) and waits for the gateway's health to say all are up. */
  async startAll(timeoutMs = 180_000): Promise<void> {
    for (const name of DOMAIN_SERVICES) this.spawn(name);
    this.spawn('gateway');
    await this.waitReady('gateway', timeoutMs);
  }

  /** Kills the process with `signal` and waits until it is gone. */
  async kill(name: ServiceName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const proc = this.proc(name);
    const child = proc.child;
    if (!child) return;
    proc.expectingExit = true;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  /** SIGKILL to every process at once, synchronously (for `process.on('exit')`). */
  killNow(): void {
    for (const proc of this.procs.values()) {
      proc.expectingExit = true;
      proc.child?.kill('SIGKILL');
    }
  }

  /** SIGTERM to everything (the services drain their workers), SIGKILL what is left after 15 s. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.procs.keys()].map((name) => this.kill(name, 'SIGTERM')));
    await Promise.all(
      [...this.procs.values()].map((p) => new Promise<void>((resolve) => p.log.end(() => resolve()))),
    );
  }

  /** The end of a service's log, for error messages. */
  async tail(name: ServiceName, chars = 3000): Promise<string> {
    try {
      const text = await readFile(path.join(this.options.logDir, `${name}.log`), 'utf8');
      return text.slice(-chars);
    } catch {
      return '';
    }
  }
}
