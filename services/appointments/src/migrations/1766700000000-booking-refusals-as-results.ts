import { qualifiedTable } from '@buergeramt/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rewriteBookAppointment } from './book-appointment-definition';

type Refusal = 'booking-limit' | 'slot-unavailable';
const CODES: Record<Refusal, string> = { 'booking-limit': 'BK001', 'slot-unavailable': 'BK002' };

const raised = (reason: Refusal): string => `RAISE EXCEPTION '${reason}' USING ERRCODE = '${CODES[reason]}';`;

/** The same refusal as a result: the claimed Idempotency-Key goes (as the rollback took it before). */
const returned = (keys: string, reason: Refusal): string =>
  `IF idem IS NOT NULL THEN
            DELETE FROM ${keys} WHERE caller = idem->>'caller' AND key = idem->>'key';
          END IF;
          RETURN jsonb_build_object('outcome', 'refused', 'reason', '${reason}');`;

/**
 * `book_appointment` answers a refusal (the person's limit, no free counter) as its result,
 * `{"outcome": "refused", "reason": …}`, instead of raising BK001/BK002 (decision §43). Before the refusal
 * the function has written only the claim of the Idempotency-Key (the counters' inserts are undone by their
 * own sub-transactions), so it deletes that claim itself, which is what the rollback of the error did: a
 * retry with the same key is decided anew. In a rush most requests are refusals, and an error cost both
 * sides more than an answer (Postgres aborts the statement; the service built a DatabaseError and a
 * QueryFailedError, each with a stack trace). The rest of the function stays as it was.
 */
export class BookingRefusalsAsResults1766700000000 implements MigrationInterface {
  name = 'BookingRefusalsAsResults1766700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const keys = qualifiedTable(queryRunner, 'idempotency_keys');
    await rewriteBookAppointment(
      queryRunner,
      [raised('booking-limit'), returned(keys, 'booking-limit')],
      [raised('slot-unavailable'), returned(keys, 'slot-unavailable')],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const keys = qualifiedTable(queryRunner, 'idempotency_keys');
    await rewriteBookAppointment(
      queryRunner,
      [returned(keys, 'booking-limit'), raised('booking-limit')],
      [returned(keys, 'slot-unavailable'), raised('slot-unavailable')],
    );
  }
}
