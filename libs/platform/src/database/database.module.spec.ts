import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { DatabaseServiceConfig } from '../config/env';
import { loadConfig } from '../config/load-config';
import { isUnavailableError } from '../errors/problem.filter';
import { dataSourceOptions } from './database.module';

describe('a database that accepts connections and never answers', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let port: number;

  beforeAll(async () => {
    // takes the TCP connection, then says nothing: what a hung Postgres or a black-holed network looks like
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is given up after DATABASE_CONNECT_TIMEOUT_MS, with an error the problem filter answers 503', async () => {
    const config = loadConfig(DatabaseServiceConfig, {
      DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/none`,
      DATABASE_CONNECT_TIMEOUT_MS: '300',
    });
    expect(config.DATABASE_CONNECT_TIMEOUT_MS).toBe(300);
    const dataSource = new DataSource(
      dataSourceOptions(config, { schema: 'x', entities: [], migrations: [] }),
    );
    // without the timeout this never settles (the test's own timeout fails it)
    const error: unknown = await dataSource.initialize().then(
      () => new Error('connected to a server that never answers'),
      (e: unknown) => e,
    );
    expect(String(error)).toMatch(/timeout/i);
    expect(isUnavailableError(error)).toBe(true);
  });

  it('defaults to 10 s', () => {
    expect(loadConfig(DatabaseServiceConfig, {}).DATABASE_CONNECT_TIMEOUT_MS).toBe(10_000);
  });
});
