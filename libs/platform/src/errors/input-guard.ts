import type { FastifyInstance } from 'fastify';
import { type FieldError, GENERIC_PROBLEMS, ProblemException, ValidationProblem } from './problem';

/**
 * How deeply JSON bodies may nest objects and arrays (`{}` at the top is level 1). The deepest legitimate
 * body, a form's JSON Schema, nests about 10 levels; without a limit, a body of 100,000 `[` overflows the
 * stack of class-transformer (500).
 */
export const MAX_JSON_DEPTH = 32;
/** At most this many field errors are reported for one request. */
const MAX_ERRORS = 20;

export type UnsafeInput = FieldError & { kind: 'depth' | 'string' };

/** U+0000 (Postgres refuses it in text and jsonb) or a UTF-16 surrogate without its other half. */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is looked for
const UNSAFE_CHARACTER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const NUL_MESSAGE = 'must not contain the character U+0000';
export const SURROGATE_MESSAGE = 'must be valid Unicode (it contains a lone UTF-16 surrogate)';

function stringProblem(value: string): string | undefined {
  const match = UNSAFE_CHARACTER.exec(value);
  if (!match) return undefined;
  return match[0] === '\u0000' ? NUL_MESSAGE : SURROGATE_MESSAGE;
}

/** A key as it can be shown in a field path (its unsafe characters replaced by U+FFFD). */
function printable(key: string): string {
  return key.replace(new RegExp(UNSAFE_CHARACTER.source, 'g'), '\uFFFD');
}

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${printable(key)}` : printable(key);
}

/** A plain record: `{}`, `Object.create(null)`, or Fastify's query object (whose prototype has none). */
function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || prototype === Object.prototype || Object.getPrototypeOf(prototype) === null;
}

/**
 * The parts of a parsed request value (a JSON body, the query, the path parameters) that no service can
 * take: objects and arrays nested deeper than `maxDepth`, and strings (values or keys) with U+0000 or lone
 * surrogates. Fields are named as the validation pipe names them (`contact.name`, `items[0]`). Walks
 * without recursion and never below `maxDepth`, so any input is safe to check. Only plain objects, arrays
 * and strings are looked at: streams, buffers and class instances pass as they are.
 */
export function findUnsafeInput(value: unknown, maxDepth = MAX_JSON_DEPTH, root = ''): UnsafeInput[] {
  const found: UnsafeInput[] = [];
  const stack: { value: unknown; path: string; depth: number; badName?: string }[] = [
    { value, path: root, depth: 0 },
  ];
  while (stack.length > 0 && found.length < MAX_ERRORS) {
    const { value: current, path, depth, badName } = stack.pop()!;
    if (badName) found.push({ field: path, message: `name ${badName}`, kind: 'string' });
    if (typeof current === 'string') {
      const message = stringProblem(current);
      if (message) found.push({ field: path || 'body', message, kind: 'string' });
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    const isArray = Array.isArray(current);
    if (!isArray && !isPlainObject(current)) continue;
    if (depth + 1 > maxDepth) {
      found.push({
        field: path || 'body',
        message: `nests objects and arrays more than ${maxDepth} levels deep`,
        kind: 'depth',
      });
      continue;
    }
    const entries: [string | number, unknown][] = isArray
      ? (current as unknown[]).map((item, index) => [index, item])
      : Object.entries(current);
    // pushed in reverse, so that errors come out in the order of the input
    for (const [key, item] of entries.toReversed()) {
      const badName = typeof key === 'string' ? stringProblem(key) : undefined;
      stack.push({ value: item, path: childPath(path, key), depth: depth + 1, badName });
    }
  }
  return found.slice(0, MAX_ERRORS);
}

/** The problem a request's unsafe input is answered with: 400 for nesting, else 422 naming each field. */
export function unsafeInputProblem(found: UnsafeInput[]): ProblemException {
  const tooDeep = found.find((entry) => entry.kind === 'depth');
  if (tooDeep) {
    return new ProblemException(
      400,
      'bad-request',
      GENERIC_PROBLEMS[400].title,
      `JSON bodies may nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep.`,
      { errors: [{ field: tooDeep.field, message: tooDeep.message }] },
    );
  }
  return new ValidationProblem(found.map(({ field, message }) => ({ field, message })));
}

/**
 * Refuses, before any handler, guard or pipe runs, what would otherwise end as a 500 further in: bodies
 * nested deeper than {@link MAX_JSON_DEPTH} (400), and U+0000 or lone surrogates in any string of the body,
 * the query or the path parameters (422 naming the field). Registered by `createApp` for every service.
 */
export function registerInputGuard(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request): Promise<void> => {
    const found = [
      ...findUnsafeInput(request.params),
      ...findUnsafeInput(request.query),
      ...findUnsafeInput(request.body),
    ];
    return found.length > 0 ? Promise.reject(unsafeInputProblem(found)) : Promise.resolve();
  });
}
