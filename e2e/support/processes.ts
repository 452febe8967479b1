import { createRequire } from 'node:module';
import path from 'node:path';

// tools/processes.cjs, shared with tools/stack.mjs (loaded by path: tools/ is not an Nx project to import)
const tools = createRequire(__filename)(path.join(__dirname, '../../tools/processes.cjs')) as {
  servicePid: (parentPid: number, service: string) => Promise<number | null>;
};

/** The pid of `service`'s process among the children of a tools/start.mjs process, or null. */
export const servicePid = tools.servicePid;

/**
 * Sends `signal` to a service of the journeys' shared platform (support/global-setup.cjs); its
 * tools/start.mjs starts the service again. Returns the pid that got the signal.
 */
export async function killService(service: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<number> {
  const stackPid = Number(process.env.E2E_STACK_PID);
  if (!stackPid) throw new Error('E2E_STACK_PID is not set: the shared platform is not running');
  const pid = await servicePid(stackPid, service);
  if (pid === null) throw new Error(`no running process of ${service}`);
  process.kill(pid, signal);
  return pid;
}
