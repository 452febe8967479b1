import { affectedRows, Clock } from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApplicationsProblem } from '../common/problems';

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

/**
 * Idempotency-Key (API.md): the same key from the same caller within 24 h returns the first response and
 * does nothing again. The key row is inserted in the transaction of the work it guards: a concurrent
 * request with the same key waits on the unique index until the first commits (then replays its answer)
 * or rolls back (then does the work itself). Failed requests store nothing, so they can be retried.
 */
@Injectable()
export class IdempotencyKeys {
  constructor(private readonly clock: Clock) {}

  /** Claims the key; returns the stored response when it was used before. */
  async claim(
    manager: EntityManager,
    callerId: string,
    key: string,
    fingerprint: string,
  ): Promise<StoredResponse | null> {
    const now = this.clock.now();
    // keys older than 24 h are free again
    await manager.query(
      `DELETE FROM idempotency_keys
       WHERE caller_id = $1 AND key = $2 AND created_at < $3::timestamptz - interval '24 hours'`,
      [callerId, key, now],
    );
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO idempotency_keys (caller_id, key, fingerprint, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [callerId, key, fingerprint, now],
    );
    if (inserted.length > 0) return null;
    const [row] = await manager.query<{ fingerprint: string; status_code: number | null; body: unknown }[]>(
      `SELECT fingerprint, status_code, body FROM idempotency_keys WHERE caller_id = $1 AND key = $2`,
      [callerId, key],
    );
    if (!row || row.fingerprint !== fingerprint) throw new ApplicationsProblem('idempotency-key-reused');
    return { statusCode: row.status_code ?? 200, body: row.body };
  }

  async store(
    manager: EntityManager,
    callerId: string,
    key: string,
    response: StoredResponse,
  ): Promise<void> {
    await manager.query(
      `UPDATE idempotency_keys SET status_code = $3, body = $4 WHERE caller_id = $1 AND key = $2`,
      [callerId, key, response.statusCode, JSON.stringify(response.body)],
    );
  }

  /** Forgets the keys older than 24 h at `now` (the service's clock). */
  async prune(manager: EntityManager, now: Date): Promise<number> {
    return affectedRows(
      await manager.query(
        `DELETE FROM idempotency_keys WHERE created_at < $1::timestamptz - interval '24 hours'`,
        [now],
      ),
    );
  }
}
