/**
 * `value`, or a failed test naming `what` when it is missing: for an index or a look-up that a test
 * expects to find something (`defined(rows[0], 'the outbox row')`), where `!` would only say "trust me".
 */
export function defined<T>(value: T | undefined, what = 'a value'): T {
  if (value === undefined) throw new Error(`expected ${what}, found nothing`);
  return value;
}
