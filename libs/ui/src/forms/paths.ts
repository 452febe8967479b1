// Values of a form by dotted path: `applicant.birthDate`, `children[0].name`. Updates return new
// objects (the form's answers are a v-model), never change the given one.
import type { UiFormValues } from './types';

export type PathSegment = string | number;

/** `children[0].name` → ['children', 0, 'name']. */
export function parsePath(name: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const part of name.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      segments.push(part);
      continue;
    }
    if (match[1]) segments.push(match[1]);
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(node: unknown, segment: PathSegment): unknown {
  if (typeof segment === 'number') return Array.isArray(node) ? (node[segment] as unknown) : undefined;
  return isPlainObject(node) && Object.hasOwn(node, segment) ? node[segment] : undefined;
}

/** The value at `name`, or undefined. */
export function getValue(values: unknown, name: string): unknown {
  return parsePath(name).reduce<unknown>((node, segment) => child(node, segment), values);
}

function setIn(node: unknown, segments: readonly PathSegment[], value: unknown): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return value;
  if (typeof head === 'number') {
    const array = Array.isArray(node) ? [...(node as unknown[])] : [];
    // entries before a new one are empty entries, never holes (JSON would make them null)
    while (array.length < head) array.push({});
    const next = setIn(array[head], rest, value);
    if (next === undefined) array.splice(head, 1);
    else array[head] = next;
    return array;
  }
  const object = isPlainObject(node) ? { ...node } : {};
  const next = setIn(object[head], rest, value);
  if (next === undefined) delete object[head];
  else object[head] = next;
  return object;
}

/**
 * A copy of `values` with `value` at `name`, creating the objects and arrays on the way. `undefined`
 * removes the property (or the array entry); removing what is not there changes nothing.
 */
export function setValue(values: UiFormValues, name: string, value: unknown): UiFormValues {
  if (value === undefined && getValue(values, name) === undefined) return values;
  const result = setIn(values, parsePath(name), value);
  return isPlainObject(result) ? result : {};
}

/** Equality of JSON values (objects by their properties, arrays by their entries). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((entry, index) => sameValue(entry, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => sameValue(a[key], b[key]));
  }
  return false;
}

/** Whether a value counts as an answer: not undefined, not '', not an empty array or object. */
export function hasAnswer(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.some(hasAnswer);
  if (isPlainObject(value)) return Object.values(value).some(hasAnswer);
  return true;
}
