import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@buergeramt/testing';
import { ClamdClient } from '../../src/scanning/clamd.client';

/** The EICAR anti-virus test file (harmless by definition; every scanner detects it). */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** Debian's clamd (package clamav-daemon), if installed. */
export const CLAMD_BINARY = ['/usr/sbin/clamd', '/usr/bin/clamd', '/usr/local/sbin/clamd'].find((p) =>
  existsSync(p),
);

export interface RunningClamd {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a real clamd on a free port with a signature database of one body signature that detects EICAR
 * anywhere in a file (the public signature download is not reachable from tests).
 */
export async function startClamd(): Promise<RunningClamd> {
  if (!CLAMD_BINARY) throw new Error('clamd is not installed (Debian: apt-get install clamav-daemon)');
  const dir = await mkdtemp(join(tmpdir(), 'clamd-test-'));
  const db = join(dir, 'db');
  await mkdir(db);
  await writeFile(join(db, 'eicar.ndb'), `Eicar-Test-Signature:0:*:${Buffer.from(EICAR).toString('hex')}\n`);
  const port = await freePort();
  const conf = join(dir, 'clamd.conf');
  await writeFile(
    conf,
    [
      `DatabaseDirectory ${db}`,
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      'Foreground yes',
      `LogFile ${join(dir, 'clamd.log')}`,
      `TemporaryDirectory ${dir}`,
      'StreamMaxLength 64M',
      'MaxThreads 2',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(CLAMD_BINARY, ['--config-file', conf], { stdio: 'ignore' });
  const url = `tcp://127.0.0.1:${port}`;
  const client = new ClamdClient(url, 2000);
  try {
    await waitFor(() => client.ping(), { timeoutMs: 60_000, intervalMs: 200, message: 'clamd answers PING' });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
