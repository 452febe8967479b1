#!/usr/bin/env node
// `npm run api:generate`: fetches the gateway's merged OpenAPI document and writes the typed client's
// generated files (libs/api-client/openapi.json, src/schema.d.ts, src/operations.ts).
//
// The document comes from API_URL when set (e.g. http://localhost:8080 of a running `npm start`),
// otherwise from a platform this command starts on its own ports and stops again (tools/stack.mjs).
// `npm test` fails when the committed files no longer match the API (the e2e test compares the live
// document, libs/api-client's test the generated files), so a changed API breaks the build, not a resident.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DOCUMENT_FILE,
  LIB_DIR,
  canonicalDocument,
  renderClientFiles,
  serialiseDocument,
} from '../libs/api-client/codegen.mjs';
import { startStack } from './stack.mjs';

async function fetchDocument(base) {
  const res = await fetch(`${base}/api/docs-json`, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`${base}/api/docs-json answered ${res.status}`);
  return canonicalDocument(await res.json());
}

async function main() {
  if (process.argv[2] !== 'generate') {
    console.error(
      'usage: node tools/api-client.mjs generate   (API_URL=http://host:port to use a running platform)',
    );
    process.exit(64);
  }
  let doc;
  if (process.env.API_URL) {
    doc = await fetchDocument(process.env.API_URL.replace(/\/+$/, ''));
  } else {
    console.log(
      'Starting a platform of its own to read the API document (set API_URL to use a running one) ...',
    );
    const stack = await startStack();
    try {
      doc = await fetchDocument(stack.base);
    } finally {
      await stack.stop();
    }
  }
  await writeFile(DOCUMENT_FILE, serialiseDocument(doc));
  const files = await renderClientFiles(doc);
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(LIB_DIR, file), text);
  console.log(
    `Wrote ${[path.relative(process.cwd(), DOCUMENT_FILE), ...Object.keys(files).map((f) => path.relative(process.cwd(), path.join(LIB_DIR, f)))].join(', ')} (${Object.keys(doc.paths).length} paths).`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
