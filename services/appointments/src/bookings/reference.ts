import { randomBytes } from 'node:crypto';

/** Letters and digits that cannot be mistaken for each other when read aloud or typed (no I, O, 0, 1). */
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A booking's reference, e.g. `T-7KQ2M9XA`: what the resident shows at the office or types at the kiosk. */
export function newReference(): string {
  const bytes = randomBytes(8);
  let code = '';
  for (const byte of bytes) code += REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length];
  return `T-${code}`;
}

/**
 * A reference as people type it: any case, spaces or dashes between the characters, with or without the
 * `T-` (a `T` followed by a space or dash is always that prefix; a bare `T` only when eight follow it).
 * The eight characters are the first group.
 */
export const REFERENCE_INPUT =
  /^\s*(?:[Tt][\s-]+|[Tt](?=(?:[A-Za-z0-9][\s-]*){8}$)|(?![Tt][\s-]))((?:[A-Za-z0-9][\s-]*){8})$/;

/** The stored form of a typed reference (`t 7kq2-m9xa` → `T-7KQ2M9XA`); null when it cannot be one. */
export function normaliseReference(input: string): string | null {
  const code = REFERENCE_INPUT.exec(input)?.[1];
  return code === undefined ? null : `T-${code.replace(/[\s-]/g, '').toUpperCase()}`;
}
