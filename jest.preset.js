// Shared Jest configuration: SWC transforms TypeScript (with decorator metadata for NestJS),
// workspace libraries resolve to their sources, so tests never need a build first.
const path = require('node:path');
const fs = require('node:fs');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.$schema;

/** @param {string} projectDir @param {import('jest').Config} [overrides] */
module.exports = function preset(projectDir, overrides = {}) {
  return {
    rootDir: projectDir,
    displayName: path.basename(projectDir),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/**/*.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcrc, swcrc: false }] },
    moduleNameMapper: {
      '^@buergeramt/(contracts|platform|messaging|testing)$': path.join(__dirname, 'libs/$1/src/index.ts'),
    },
    setupFiles: [path.join(__dirname, 'tools/jest-setup.js')],
    testTimeout: 30000,
    ...overrides,
  };
};
