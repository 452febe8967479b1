import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..');
const run = promisify(execFile);

/** Runs a snippet against tools/infra.mjs (ESM) in its own Node process and returns its JSON answer. */
async function infra(snippet: string, env: Record<string, string>): Promise<unknown> {
  const script = `import * as infra from ${JSON.stringify(path.join(root, 'tools/infra.mjs'))};\n${snippet}`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? 'null');
}

describe('what npm start and npm test run on', () => {
  it('starts an embedded Postgres (real binaries from npm) when no server is available', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'embedded-pg-'));
    await chmod(dir, 0o755); // as root, Postgres runs as its own user, which must reach the folder
    try {
      const answer = await infra(
        `const db = await infra.resolvePostgres({ ...process.env, DATABASE_URL: '' }, { log: () => {} });
         const { default: pg } = await import('pg');
         const client = new pg.Client({ connectionString: db.url });
         await client.connect();
         const { rows } = await client.query('SHOW server_version');
         await client.end();
         await infra.stopEmbeddedPostgres();
         console.log(JSON.stringify({ embedded: db.embedded, url: db.url, version: rows[0].server_version }));`,
        {
          BUERGERAMT_EMBEDDED_PG: 'true',
          EMBEDDED_PG_DIR: path.join(dir, 'pg'),
          EMBEDDED_PG_PORT: String(25000 + Math.floor(Math.random() * 1000)),
        },
      );
      expect(answer).toMatchObject({ embedded: true, url: expect.stringContaining('/buergeramt') });
      expect((answer as { version: string }).version).toMatch(/^17\./);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says where it looked for Redis and how to get one when none answers', async () => {
    const answer = await infra(
      `try { await infra.resolveRedis({ REDIS_URL: 'redis://127.0.0.1:1' }); console.log('null'); }
       catch (error) { console.log(JSON.stringify(error.message)); }`,
      {},
    );
    expect(answer).toContain('Redis is not reachable at REDIS_URL=127.0.0.1:1');
    expect(answer).toContain('apt-get install redis-server');
  });
});
