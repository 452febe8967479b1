import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** A JSON value as YAML manifests hold them. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

export interface ParseOptions {
  /** Resolve YAML 1.1 merge keys (`<<: *anchor`), as Docker Compose does. */
  merge?: boolean;
}

/**
 * Every document of a YAML stream as plain values; empty documents are dropped. Throws with the source
 * name and the parser's message when any document does not parse.
 */
export function parseYamlStream(text: string, source: string, options: ParseOptions = {}): Json[] {
  const values: Json[] = [];
  for (const document of parseAllDocuments(text, { merge: options.merge ?? false })) {
    const problem = document.errors[0];
    if (problem) throw new ManifestError(`${source}: ${problem.message}`);
    const value = document.toJS({ maxAliasCount: 1000 }) as Json | undefined;
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

/** The documents of a YAML file that must all be objects (Kubernetes manifests, compose files). */
export function readYamlObjects(file: string, options: ParseOptions = {}): JsonObject[] {
  return parseYamlStream(readFileSync(file, 'utf8'), file, options).map((value, index) => {
    if (!isObject(value)) throw new ManifestError(`${file}: document ${index + 1} is not a mapping`);
    return value;
  });
}
