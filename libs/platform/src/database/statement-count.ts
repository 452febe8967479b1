import { Client } from 'pg';

let sent = 0;

/**
 * The SQL statements this process has sent to Postgres through the service's DataSource (every `query` of
 * its connections: transaction control, prepared or not). Exported as `db_statements_total` on /metrics:
 * round trips per request are the steady figure where CPU time varies with the machine's load (bench/).
 */
export function statementsSent(): number {
  return sent;
}

/** A node-postgres client that counts the statements sent on it ({@link statementsSent}). */
export class CountingClient extends Client {
  // One signature for all of pg's overloads.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: unknown, values?: unknown, callback?: unknown): any {
    sent += 1;
    return (super.query as (...args: unknown[]) => unknown)(config, values, callback);
  }
}
