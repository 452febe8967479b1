import { createServer, type Server } from 'node:net';
import { Client } from 'pg';
import { QueryFailedError } from 'typeorm';
import { isUnavailableError, toProblem } from './problem.filter';

/** The error node-postgres gives for a server at `port` (real errors, not hand-made look-alikes). */
async function pgError(port: number): Promise<unknown> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return new Error('connected unexpectedly');
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

describe('toProblem: a database that cannot be reached is 503, not 500', () => {
  it('answers 503 problem details for a refused connection (Postgres down)', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    const error = await pgError(port);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(toProblem(error)).toEqual({
      problem: expect.objectContaining({ type: 'service-unavailable', status: 503 }),
      unexpected: true,
    });
  });

  it('answers 503 for a connection cut under a query, also wrapped by TypeORM', async () => {
    // a server that accepts and hangs up at once: node-postgres's "Connection terminated unexpectedly"
    const server = createServer((socket) => socket.destroy());
    const port = await listen(server);
    try {
      const error = await pgError(port);
      expect(String(error)).toMatch(/Connection terminated/);
      expect(toProblem(error).problem.status).toBe(503);
      const wrapped = new QueryFailedError('SELECT 1', [], error as Error);
      expect(toProblem(wrapped).problem).toMatchObject({ type: 'service-unavailable', status: 503 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers 503 while Postgres shuts down or refuses connections (SQLSTATE 57P01, 57P03, class 08)', () => {
    for (const code of ['57P01', '57P03', '53300', '08006', '08001']) {
      expect(isUnavailableError(Object.assign(new Error('server says no'), { code }))).toBe(true);
    }
  });

  it('keeps 500 for everything else, e.g. a violated constraint or a bug', () => {
    const unique = new QueryFailedError(
      'INSERT',
      [],
      Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
    );
    expect(toProblem(unique)).toEqual({
      problem: expect.objectContaining({ type: 'internal-error', status: 500 }),
      unexpected: true,
    });
    expect(toProblem(new TypeError('x is undefined')).problem.status).toBe(500);
  });
});
