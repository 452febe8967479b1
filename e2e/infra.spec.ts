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

describe("an installation's secrets (tools/secrets.mjs, used by npm start)", () => {
  /** The secrets of an installation (the first expectation below checks that these are all). */
  type Secrets = Record<
    | 'FEEDBACK_TOKEN_SECRET'
    | 'IDENTITY_KEY_ENCRYPTION_KEY'
    | 'MANAGE_TOKEN_SECRET'
    | 'SIGNING_KEY'
    | 'STORAGE_ENCRYPTION_KEY',
    string
  >;

  async function secrets(snippet: string): Promise<unknown> {
    const script = `import * as secrets from ${JSON.stringify(path.join(root, 'tools/secrets.mjs'))};\n${snippet}`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    return JSON.parse(stdout.trim().split('\n').pop() ?? 'null');
  }

  it('are generated on the first start into a file only its owner can read, then reused', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'secrets-'));
    const file = path.join(dir, '.data', 'secrets.json');
    try {
      const answer = (await secrets(
        `import { statSync, readFileSync } from 'node:fs';
         const first = secrets.installationSecrets(${JSON.stringify(file)}, {});
         const mode = statSync(${JSON.stringify(file)}).mode & 0o777;
         const second = secrets.installationSecrets(${JSON.stringify(file)}, {});
         const stored = JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));
         const other = secrets.installationSecrets(${JSON.stringify(path.join(dir, 'other.json'))}, {});
         const fromEnv = secrets.installationSecrets(${JSON.stringify(file)}, { MANAGE_TOKEN_SECRET: 'set-by-the-operator-0123456789-abcdef' });
         console.log(JSON.stringify({ first, second, stored, mode, other, fromEnv }));`,
      )) as {
        first: Secrets;
        second: unknown;
        stored: unknown;
        mode: number;
        other: Secrets;
        fromEnv: unknown;
      };
      expect(Object.keys(answer.first).sort()).toEqual([
        'FEEDBACK_TOKEN_SECRET',
        'IDENTITY_KEY_ENCRYPTION_KEY',
        'MANAGE_TOKEN_SECRET',
        'SIGNING_KEY',
        'STORAGE_ENCRYPTION_KEY',
      ]);
      expect(answer.first.MANAGE_TOKEN_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(answer.first.FEEDBACK_TOKEN_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
      for (const key of ['IDENTITY_KEY_ENCRYPTION_KEY', 'STORAGE_ENCRYPTION_KEY', 'SIGNING_KEY'] as const)
        expect(Buffer.from(answer.first[key], 'base64')).toHaveLength(32);
      expect(answer.first.MANAGE_TOKEN_SECRET).not.toBe(answer.first.FEEDBACK_TOKEN_SECRET);
      expect(answer.mode).toBe(0o600);
      expect(answer.second).toEqual(answer.first);
      expect(answer.stored).toEqual(answer.first);
      // another installation gets its own
      expect(answer.other.MANAGE_TOKEN_SECRET).not.toBe(answer.first.MANAGE_TOKEN_SECRET);
      // what the environment sets wins and is not returned (nor written)
      expect(answer.fromEnv).toEqual({
        FEEDBACK_TOKEN_SECRET: answer.first.FEEDBACK_TOKEN_SECRET,
        IDENTITY_KEY_ENCRYPTION_KEY: answer.first.IDENTITY_KEY_ENCRYPTION_KEY,
        STORAGE_ENCRYPTION_KEY: answer.first.STORAGE_ENCRYPTION_KEY,
        SIGNING_KEY: answer.first.SIGNING_KEY,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('are not constants in the source: no service starts without them', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of [
      'services/appointments/src/config.ts',
      'services/applications/src/config.ts',
      'services/notifications/src/config.ts',
      'libs/platform/src/feedback/feedback-tokens.ts',
    ]) {
      const source = await readFile(path.join(root, file), 'utf8');
      expect({ file, default: /_SECRET\s*=\s*['"A-Z]/.test(source) }).toEqual({ file, default: false });
    }
  });
});
