import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..');
const run = promisify(execFile);

/** Runs a snippet that imports tools/`file` (ESM) as `name` in its own Node process; returns its JSON answer. */
async function runWith(
  file: string,
  name: string,
  snippet: string,
  env: Record<string, string> = {},
): Promise<unknown> {
  const script = `import * as ${name} from ${JSON.stringify(path.join(root, 'tools', file))};\n${snippet}`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? 'null');
}

const infra = (snippet: string, env: Record<string, string>) => runWith('infra.mjs', 'infra', snippet, env);

/** As root, Postgres runs as the user postgres: what that user may reach matters only then. */
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0 ? it : it.skip;

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

  asRoot(
    'runs the binaries from a copy when the user postgres cannot reach them (a checkout below /root)',
    async () => {
      const hidden = await mkdtemp(path.join(tmpdir(), 'embedded-pg-hidden-')); // 700: root only
      const open = await mkdtemp(path.join(tmpdir(), 'embedded-pg-open-'));
      await chmod(open, 0o755);
      try {
        const answer = await runWith(
          'embedded-postgres.mjs',
          'embedded',
          `import { cp, stat } from 'node:fs/promises';
           const packaged = await embedded.packagedBinaries();
           const dir = ${JSON.stringify(path.join(hidden, 'native'))};
           await cp(packaged.dir, dir, { recursive: true, verbatimSymlinks: true });
           const messages = [];
           const port = 25000 + Math.floor(Math.random() * 1000);
           const db = await embedded.startEmbeddedPostgres({
             dataDir: ${JSON.stringify(path.join(open, 'pg'))}, port, password: 'secret',
             binaries: { dir, version: 'test' }, cacheDir: ${JSON.stringify(path.join(open, 'cache'))},
             log: (message) => messages.push(message),
           });
           const { default: pg } = await import('pg');
           const client = new pg.Client({ connectionString: 'postgres://postgres:secret@127.0.0.1:' + port + '/postgres' });
           await client.connect();
           const { rows } = await client.query("SELECT current_setting('server_version') AS version, current_setting('server_encoding') AS encoding, pg_postmaster_start_time() IS NOT NULL AS up");
           await client.end();
           await db.stop();
           const copy = ${JSON.stringify(path.join(open, 'cache'))} + '/postgres-test-' + process.platform + '-' + process.arch;
           const { uid, mode } = await stat(copy);
           console.log(JSON.stringify({ ...rows[0], messages, owner: uid, writableByOthers: (mode & 0o022) !== 0 }));`,
        );
        expect(answer).toMatchObject({
          version: expect.stringMatching(/^17\./),
          encoding: 'UTF8',
          up: true,
          owner: 0,
          writableByOthers: false,
          messages: [expect.stringContaining('copying the Postgres binaries')],
        });
      } finally {
        await rm(hidden, { recursive: true, force: true });
        await rm(open, { recursive: true, force: true });
      }
    },
  );

  asRoot('says which folder the user postgres cannot enter when the data folder is hidden', async () => {
    const hidden = await mkdtemp(path.join(tmpdir(), 'embedded-pg-hidden-')); // 700: root only
    try {
      const answer = await runWith(
        'embedded-postgres.mjs',
        'embedded',
        `try {
           await embedded.startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(hidden, 'data', 'pg'))}, port: 1, password: 'x', log: () => {} });
           console.log('null');
         } catch (error) { console.log(JSON.stringify(error.message)); }`,
      );
      expect(answer).toContain(`cannot enter ${path.join(hidden, 'data')}`);
      expect(answer).toContain('EMBEDDED_PG_DIR=');
    } finally {
      await rm(hidden, { recursive: true, force: true });
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

  const secrets = (snippet: string) => runWith('secrets.mjs', 'secrets', snippet);

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
