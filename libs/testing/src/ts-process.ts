import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/** A child process running a TypeScript file of the workspace, with its output collected. */
export interface TsProcess {
  readonly child: ChildProcess;
  /** everything it printed so far (stdout and stderr) */
  output(): string;
  /** resolves with the first line of output matching `pattern` (rejects when the process exits first) */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGKILL; resolves once the process is gone */
  kill(): Promise<void>;
  /** SIGTERM (SIGKILL after `graceMs`); resolves once the process is gone */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs a TypeScript file of the workspace in a child process of its own (SWC, the libraries from their
 * sources, as in Jest), e.g. a fixture the test kills with SIGKILL. The child inherits the environment plus
 * `env`.
 */
export function spawnTsProcess(file: string, env: Record<string, string> = {}): TsProcess {
  const child = spawn(process.execPath, ['--require', path.join(__dirname, 'ts-register.cjs'), file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const listener of [...listeners]) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  child.once('exit', () => {
    for (const listener of [...listeners]) listener();
  });
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;

  return {
    child,
    output: () => output,
    waitForLine(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const line = output.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) finish(() => resolve(line));
          else if (gone())
            finish(() => reject(new Error(`the process exited before printing ${pattern}:\n${output}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no line ${pattern} within ${timeoutMs} ms:\n${output}`))),
          timeoutMs,
        );
        const finish = (settle: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async kill() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 10_000) {
      if (!gone()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
