import { createHash } from 'node:crypto';
import { CountingClient } from './statement-count';

/**
 * Distinct statements one connection prepares at most; a statement text seen after that runs unnamed (parsed
 * and planned every time, as before). Bounds what a connection keeps in the server's memory: measured here,
 * a free-time list's statement with its cached plan takes about 84 KB, a simple one a few KB, so at most
 * about 8 MB per connection.
 */
export const MAX_PREPARED_PER_CONNECTION = 100;

/**
 * Statement names already computed, by text: most statements are sent many times (a hash each was ~2 % of a
 * service's CPU).
 */
const names = new Map<string, string>();
/** Texts remembered at most; when full the map starts over (texts with values written in would grow it). */
export const STATEMENT_NAMES_REMEMBERED = 2000;

/** The name a statement text is prepared under: stable across connections and processes. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `s_${createHash('sha1').update(text).digest('base64url')}`;
    if (names.size >= STATEMENT_NAMES_REMEMBERED) names.clear();
    names.set(text, name);
  }
  return name;
}

/** Postgres' answer when a prepared statement's result columns changed under it (a migration). */
function resultTypeChanged(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change');
}

/**
 * A node-postgres client that runs every statement with parameters (`query(text, values)`, which is how
 * TypeORM sends them) as a named prepared statement: the server parses it once per connection instead of
 * on every call, and may keep its plan. On this machine that took the Postgres CPU of a free-time list's
 * two statements from 0.71 to 0.23 ms (decision §40). Statements without parameters (transaction control,
 * DDL, `SET`) run as before.
 *
 * Needs a session per client (a direct connection or PgBouncer in session mode, which the migration lock
 * requires already). When a migration changes the columns a prepared statement returns, that call fails
 * once (`cached plan must not change result type`) and the text is prepared again under a new name.
 * Counts what it sends, as {@link CountingClient} does.
 */
export class PreparingClient extends CountingClient {
  /** statement hash → the name it is prepared under on this connection */
  private readonly preparedNames = new Map<string, string>();
  private renamed = 0;

  // One signature for all of pg's overloads; only `(text, values)` with values (promise form) is changed.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: unknown, values?: unknown, callback?: unknown): any {
    if (typeof config !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined)
      return (super.query as (...args: unknown[]) => unknown)(config, values, callback);
    const hash = statementName(config);
    let name = this.preparedNames.get(hash);
    if (name === undefined) {
      if (this.preparedNames.size >= MAX_PREPARED_PER_CONNECTION) return super.query(config, values);
      name = hash;
      this.preparedNames.set(hash, name);
    }
    const prepared = name;
    const running = super.query({ name: prepared, text: config, values }) as Promise<unknown>;
    return running.catch((error: unknown) => {
      if (resultTypeChanged(error) && this.preparedNames.get(hash) === prepared) {
        this.renamed += 1;
        this.preparedNames.set(hash, `${hash}_${this.renamed}`);
      }
      throw error;
    });
  }
}
