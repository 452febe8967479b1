import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * How a cut proxy treats new connections:
 * - `refuse`: the listening socket is closed, so connecting fails at once with ECONNREFUSED
 *   (a crashed or stopped server);
 * - `blackhole`: connections are accepted but nothing is forwarded or answered (a network partition:
 *   clients hang until their own timeouts).
 */
export type CutMode = 'refuse' | 'blackhole';

interface Pair {
  client: Socket;
  upstream: Socket;
}

/**
 * A real TCP proxy in front of `host:port`, for making a dependency (Redis, SMTP, ...) unreachable for
 * real: `cut()` destroys every live connection and refuses (or black-holes) new ones until `restore()`.
 * The proxy keeps its local port across cut/restore, so clients reconnect to the same address.
 */
export class TcpProxy {
  private server: Server | null = null;
  private localPort = 0;
  private cutMode: CutMode | null = null;
  private readonly pairs = new Set<Pair>();
  private readonly held = new Set<Socket>();
  /** connections accepted since start (forwarded ones only) */
  private accepted = 0;

  constructor(
    readonly targetHost: string,
    readonly targetPort: number,
    private readonly options: { listenHost?: string; listenPort?: number } = {},
  ) {}

  /** A proxy in front of the host and port of `url` (e.g. `redis://127.0.0.1:6379/0`). */
  static forUrl(url: string, defaultPort?: number): TcpProxy {
    const parsed = new URL(url);
    const port = parsed.port ? Number(parsed.port) : defaultPort;
    if (!port) throw new Error(`TcpProxy.forUrl: no port in ${parsed.protocol}// URL and no default given`);
    return new TcpProxy(parsed.hostname.replace(/^\[|\]$/g, ''), port);
  }

  get host(): string {
    return this.options.listenHost ?? '127.0.0.1';
  }

  /** the local port; 0 before `start()` */
  get port(): number {
    return this.localPort;
  }

  get isCut(): boolean {
    return this.cutMode !== null;
  }

  /** number of connections currently forwarded */
  get connectionCount(): number {
    return this.pairs.size;
  }

  /** number of connections forwarded since start */
  get acceptedCount(): number {
    return this.accepted;
  }

  /** `url` with its host and port replaced by the proxy's, keeping scheme, credentials, path and query. */
  urlFor(url: string): string {
    if (!this.localPort) throw new Error('TcpProxy: start() it first');
    const parsed = new URL(url);
    parsed.hostname = this.host;
    parsed.port = String(this.localPort);
    return parsed.toString();
  }

  /** Starts listening (on a free port unless one was given) and resolves with the local port. */
  async start(): Promise<number> {
    if (this.server) return this.localPort;
    await this.listen(this.options.listenPort ?? 0);
    return this.localPort;
  }

  /**
   * Makes the upstream unreachable through the proxy: destroys all live connections and refuses
   * (default) or black-holes new ones.
   */
  async cut(mode: CutMode = 'refuse'): Promise<void> {
    if (!this.localPort) throw new Error('TcpProxy: start() it first');
    this.cutMode = mode;
    this.destroyAll();
    if (mode === 'refuse') {
      await this.closeServer();
    } else if (!this.server) {
      await this.listen(this.localPort);
    }
  }

  /** Forwards again, on the same local port. Black-holed connections are closed so clients reconnect. */
  async restore(): Promise<void> {
    if (!this.localPort) throw new Error('TcpProxy: start() it first');
    this.cutMode = null;
    for (const socket of this.held) socket.destroy();
    this.held.clear();
    if (!this.server) await this.listen(this.localPort);
  }

  /** Closes every connection and the listening socket. */
  async stop(): Promise<void> {
    this.cutMode = null;
    this.destroyAll();
    for (const socket of this.held) socket.destroy();
    this.held.clear();
    await this.closeServer();
  }

  private destroyAll(): void {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  private listen(port: number): Promise<void> {
    const server = createServer((client) => this.onConnection(client));
    return new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host: this.host, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', () => undefined);
        const address = server.address();
        if (address && typeof address === 'object') this.localPort = address.port;
        this.server = server;
        resolve();
      });
    });
  }

  private closeServer(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onConnection(client: Socket): void {
    client.on('error', () => undefined);
    if (this.cutMode === 'blackhole') {
      this.held.add(client);
      client.on('close', () => this.held.delete(client));
      client.pause();
      return;
    }
    if (this.cutMode === 'refuse') {
      client.destroy();
      return;
    }
    this.accepted += 1;
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    const pair: Pair = { client, upstream };
    this.pairs.add(pair);
    const teardown = (): void => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', teardown);
    client.on('error', teardown);
    upstream.on('close', teardown);
    client.on('close', teardown);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
