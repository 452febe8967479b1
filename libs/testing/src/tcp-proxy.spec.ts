import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { TcpProxy } from './tcp-proxy';
import { waitFor } from './wait';

function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    }),
  );
}

function connect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

function roundTrip(socket: Socket, text: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const timer = setTimeout(() => {
      socket.off('data', onData);
      reject(new Error(`no echo within ${timeoutMs} ms (got "${received}")`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      received += chunk.toString('utf8');
      if (received.length >= text.length) {
        clearTimeout(timer);
        socket.off('data', onData);
        resolve(received);
      }
    };
    socket.on('data', onData);
    socket.write(text);
  });
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.once('close', () => resolve());
  });
}

describe('TcpProxy', () => {
  let echo: { server: Server; port: number };
  let proxy: TcpProxy;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    echo = await echoServer();
    proxy = new TcpProxy('127.0.0.1', echo.port);
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await proxy.stop();
    await new Promise<void>((resolve) => echo.server.close(() => resolve()));
  });

  async function open(): Promise<Socket> {
    const socket = await connect(proxy.port);
    sockets.push(socket);
    return socket;
  }

  it('forwards both directions', async () => {
    const port = await proxy.start();
    expect(port).toBeGreaterThan(0);
    const socket = await open();
    await expect(roundTrip(socket, 'hello through the proxy')).resolves.toBe('hello through the proxy');
    expect(proxy.connectionCount).toBe(1);
  });

  it('cut() drops live connections and refuses new ones; restore() forwards again on the same port', async () => {
    const port = await proxy.start();
    const live = await open();
    await roundTrip(live, 'before');

    await proxy.cut();
    await closed(live);
    expect(live.destroyed).toBe(true);
    expect(proxy.isCut).toBe(true);
    await expect(connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await proxy.restore();
    expect(proxy.port).toBe(port);
    const again = await open();
    await expect(roundTrip(again, 'after')).resolves.toBe('after');
  });

  it("cut('blackhole') accepts connections but never answers, until restored", async () => {
    await proxy.start();
    const live = await open();
    await proxy.cut('blackhole');
    await closed(live);

    const held = await open();
    await expect(roundTrip(held, 'anyone?', 300)).rejects.toThrow(/no echo/);
    expect(proxy.connectionCount).toBe(0);

    await proxy.restore();
    await closed(held);
    const again = await open();
    await expect(roundTrip(again, 'back')).resolves.toBe('back');
  });

  it('urlFor() points a URL at the proxy and forUrl() reads the target from one', async () => {
    const fromUrl = TcpProxy.forUrl(`redis://user:secret@127.0.0.1:${echo.port}/2`);
    expect([fromUrl.targetHost, fromUrl.targetPort]).toEqual(['127.0.0.1', echo.port]);
    const port = await fromUrl.start();
    try {
      expect(fromUrl.urlFor('redis://user:secret@redis.internal:6379/2')).toBe(
        `redis://user:secret@127.0.0.1:${port}/2`,
      );
    } finally {
      await fromUrl.stop();
    }
  });

  it('closes the upstream connection when the client goes away', async () => {
    await proxy.start();
    const socket = await open();
    await roundTrip(socket, 'x');
    socket.destroy();
    await waitFor(() => proxy.connectionCount === 0, { timeoutMs: 2000 });
  });
});
