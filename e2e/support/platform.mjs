// A platform of a journey's own (tools/stack.mjs), in a process of its own: Jest's module system cannot
// load the ES module itself inside a test file. Prints one JSON line `{ portBase, mailbox }` once the
// platform is up; SIGTERM, or the parent going away (stdin closes), stops it and removes its schemas
// and Redis keys. Usage: node platform.mjs '{"MFA_REQUIRED":"true"}'
import { startStack } from '../../tools/stack.mjs';

const stack = await startStack({ env: JSON.parse(process.argv[2] ?? '{}') });
process.stdout.write(`${JSON.stringify({ portBase: stack.portBase, mailbox: stack.mailbox })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
