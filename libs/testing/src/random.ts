import { randomBytes } from 'node:crypto';

/** A short random suffix of lower-case hex characters, safe in schema names, Redis keys and file names. */
export function randomSuffix(bytes = 4): string {
  return randomBytes(bytes).toString('hex');
}

/** Lower-cases `name` and replaces everything but letters, digits and underscores, so it fits an identifier. */
export function toIdentifierPart(name: string, maxLength: number): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (cleaned || 'x').slice(0, maxLength);
}
