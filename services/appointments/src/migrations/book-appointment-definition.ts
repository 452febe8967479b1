import { qualifiedTable } from '@buergeramt/messaging';
import type { QueryRunner } from 'typeorm';

const SIGNATURE = '(jsonb, uuid[], integer, timestamptz, jsonb, jsonb, jsonb)';

/**
 * Changes the definition of `book_appointment` as Postgres has it (`pg_get_functiondef`): each `[from, to]`
 * replaces text that must occur exactly once (else the migration stops), so the rest of the function stays
 * exactly as the migrations before made it.
 */
export async function rewriteBookAppointment(
  queryRunner: QueryRunner,
  ...changes: [string, string][]
): Promise<void> {
  const fn = `${qualifiedTable(queryRunner, 'book_appointment')}${SIGNATURE}`;
  const [row] = (await queryRunner.query(`SELECT pg_get_functiondef($1::regprocedure) AS definition`, [
    fn,
  ])) as { definition: string }[];
  if (!row) throw new Error(`${fn}: no definition`);
  let changed = row.definition;
  for (const [from, to] of changes) {
    const found = changed.split(from).length - 1;
    if (found !== 1) throw new Error(`book_appointment: expected "${from}" once, found it ${found} times`);
    changed = changed.replace(from, to);
  }
  await queryRunner.query(changed);
}
