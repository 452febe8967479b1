// End-to-end tests: the platform as `npm start` runs it. platform.spec.ts starts its own; the browser
// journeys (journeys/) share the one support/global-setup.cjs starts. One test file at a time: each
// drives whole processes (and a browser) on a 2-core machine.
module.exports = require('../jest.preset.js')(__dirname, {
  testTimeout: 240000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/support/global-setup.cjs',
  globalTeardown: '<rootDir>/support/global-teardown.cjs',
});
