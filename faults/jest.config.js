// The fault suite (issue 14): `npm run test:faults`. Not part of `npm test` (it runs for minutes and
// breaks Redis, Postgres connections, SMTP and services on purpose); .ci/run runs it as a step of its own.
module.exports = require('../jest.preset.js')(__dirname, {
  testTimeout: 600000,
  maxWorkers: 1,
});
