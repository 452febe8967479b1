import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A free local TCP port (bound and released; the kernel does not hand it out again at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address && typeof address === 'object' ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Answers PING over RESP within `timeoutMs`. */
function pings(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString();
      if (data.includes('+PONG')) done(true);
      else if (data.startsWith('-')) done(false); // e.g. -LOADING while it reads its AOF
    });
  });
}

/**
 * A redis-server of a test's own (never the shared one on 6379), on its own port and data directory, so
 * that it can be stopped and started during a run (the fault suite, the messaging library's job tests).
 * Persistence as a production Redis for BullMQ has it (AOF, `noeviction`): a stop (SIGTERM, Redis's own
 * clean shutdown) and start keeps the queues, as a restart of a real Redis does.
 */
export class RedisServer {
  private child: ChildProcess | null = null;

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts one on a free port in a new temporary directory; `dispose()` stops it and removes the directory. */
  static async temporary(): Promise<RedisServer & { dispose(): Promise<void> }> {
    const dir = await mkdtemp(path.join(tmpdir(), 'redis-'));
    const server = new RedisServer(await freePort(), dir);
    await server.start();
    return Object.assign(server, {
      async dispose(): Promise<void> {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    });
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
        '--logfile',
        path.join(this.dir, 'redis.log'),
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + 15_000;
    while (!(await pings(this.port))) {
      if (this.child !== child) throw new Error(`redis-server on port ${this.port} exited at start`);
      if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not answer PING`);
      await sleep(50);
    }
  }

  /** SIGKILL, synchronously (for `process.on('exit')`). */
  killNow(): void {
    this.child?.kill('SIGKILL');
  }

  /** SIGTERM (Redis writes its AOF and exits), SIGKILL after 10 s; resolves once the process is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }
}
