// Starts one platform for every browser journey of this Jest run (tools/stack.mjs: `npm start` on its own
// ports, schemas and Redis prefix) and hands its addresses to the test files through the environment.
// platform.spec.ts starts a platform of its own, because it also proves that Ctrl-C stops everything.
const path = require('node:path');

module.exports = async function globalSetup() {
  const { startStack } = await import(path.join(__dirname, '../../tools/stack.mjs'));
  const stack = await startStack({
    env: {
      // one test machine plays many residents from one address: the per-IP limits of a real city would
      // stop the journeys, not protect anyone (account lockout still applies)
      RATE_LIMIT_GLOBAL: '0',
      RATE_LIMIT_AUTH: '0',
      RATE_LIMIT_BOOKING: '0',
      // the back-office journeys need an office open today, also on a public holiday: here no day is a
      // holiday by itself (HOLIDAY_COUNTRY=none: closures only); the holiday rules have their own tests
      HOLIDAY_COUNTRY: 'none',
    },
  });
  globalThis.__JOURNEY_STACK__ = stack;
  // the address mails link to (PUBLIC_BASE_URL of `npm start` is http://localhost:<port>)
  process.env.E2E_BASE_URL = `http://localhost:${stack.portBase}`;
  process.env.E2E_MAILBOX_URL = stack.mailbox;
  // the stack's tools/start.mjs process: a journey finds a service's process under it (tools/processes.cjs)
  process.env.E2E_STACK_PID = String(stack.process.pid);
};
