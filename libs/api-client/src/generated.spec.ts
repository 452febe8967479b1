// @vitest-environment node
/// <reference types="node" />
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// the generator itself (Node-only, outside src): the same function `npm run api:generate` uses
import { DOCUMENT_FILE, GENERATED_FILES, LIB_DIR, renderClientFiles } from '../codegen.mjs';

describe('the generated client', () => {
  it('is what the generator makes of the committed API document (run `npm run api:generate`)', async () => {
    const doc = JSON.parse(await readFile(DOCUMENT_FILE, 'utf8')) as Record<string, unknown>;
    const expected = await renderClientFiles(doc);
    expect(Object.keys(expected).sort()).toEqual([...GENERATED_FILES].sort());
    for (const file of GENERATED_FILES) {
      const committed = await readFile(path.join(LIB_DIR, file), 'utf8');
      expect({ file, text: committed }).toEqual({ file, text: expected[file] });
    }
  }, 60_000);
});
