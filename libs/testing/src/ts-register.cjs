// Lets a child process run the workspace's TypeScript as the tests do (`spawnTsProcess` in ts-process.ts):
// SWC with the workspace's .swcrc (decorators and their metadata for NestJS), the `@buergeramt/*` libraries
// from their sources, and reflect-metadata loaded first. Loaded with `node --require`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const LIBS = /^@buergeramt\/(contracts|platform|messaging|testing)$/;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = LIBS.exec(request);
  const mapped = lib ? path.join(root, 'libs', lib[1], 'src', 'index.ts') : request;
  return resolveFilename.call(this, mapped, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    ...swcrc,
    swcrc: false,
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};

require('reflect-metadata');
