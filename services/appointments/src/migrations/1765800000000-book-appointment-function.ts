import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualifiedTable } from '@buergeramt/messaging';

/**
 * A booking in one statement (decision §26): `book_appointment(...)` makes the whole booking
 * transaction inside Postgres — the Idempotency-Key claim, the person lock, the per-person limit, the
 * insert on the first free counter under the exclusion constraint, the outbox event, the audit entry and
 * the stored idempotent answer — so that a booking costs the service one round trip instead of about
 * fifteen (each a socket write and a wake-up on both sides; on two cores under a rush, those were most of
 * the work). The service still decides everything that is not about concurrency (who may book, whether the
 * start is a bookable time, the counters, the event and audit contents) and passes it in.
 *
 * Every statement of the function sees the data committed before it starts (READ COMMITTED, a volatile
 * function), so the count after the lock sees a parallel booking of the same person that committed while
 * this one waited, as the multi-statement transaction did. Refusals raise an error with their own SQLSTATE
 * (`BK001` the person's limit, `BK002` no free counter), so the claim of the key is rolled back with
 * everything else.
 *
 * Arguments (camelCase JSON, as the service's entity, DomainEvent and audit entry are):
 *   appointment  the row without `counterId`      counters  the counters to try, in this order
 *   max_held     the per-person limit              now       the service clock
 *   event        the appointment.booked DomainEvent (outbox row)
 *   audit        the audit entry                   idem      null, or {caller, key, requestHash, staleBefore, response}
 * Returns `{"outcome": "booked", "counterId"}` or `{"outcome": "replay", "statusCode", "response", "requestHash"}`.
 *
 * A column added to `appointments` later needs a default or a new version of this function.
 */
export class BookAppointmentFunction1765800000000 implements MigrationInterface {
  name = 'BookAppointmentFunction1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = (name: string): string => qualifiedTable(queryRunner, name);
    await queryRunner.query(`
      CREATE FUNCTION ${t('book_appointment')}(
        appointment jsonb, counters uuid[], max_held integer, now timestamptz,
        event jsonb, audit jsonb, idem jsonb
      ) RETURNS jsonb LANGUAGE plpgsql AS $$
      DECLARE
        a record;
        existing record;
        candidate uuid;
        booked uuid;
        held integer;
      BEGIN
        IF idem IS NOT NULL THEN
          -- ON CONFLICT DO UPDATE locks an existing row even when its WHERE is false, so a parallel
          -- duplicate waits here for the transaction holding the key
          INSERT INTO ${t('idempotency_keys')} AS k (caller, key, request_hash, status_code, response, created_at)
          VALUES (idem->>'caller', idem->>'key', idem->>'requestHash', 0, 'null'::jsonb, now)
          ON CONFLICT (caller, key) DO UPDATE
            SET request_hash = EXCLUDED.request_hash, status_code = 0, response = 'null'::jsonb,
                created_at = EXCLUDED.created_at
            WHERE k.created_at <= (idem->>'staleBefore')::timestamptz;
          IF NOT FOUND THEN
            SELECT k.status_code, k.response, k.request_hash INTO existing
              FROM ${t('idempotency_keys')} k WHERE k.caller = idem->>'caller' AND k.key = idem->>'key';
            RETURN jsonb_build_object('outcome', 'replay', 'statusCode', existing.status_code,
              'response', existing.response, 'requestHash', existing.request_hash);
          END IF;
        END IF;

        SELECT (appointment->>'id')::uuid AS id, appointment->>'personKey' AS person_key,
               (appointment->>'serviceId')::uuid AS service_id,
               (appointment->>'startAt')::timestamptz AS start_at,
               (appointment->>'endAt')::timestamptz AS end_at
          INTO a;
        PERFORM pg_advisory_xact_lock(hashtext('person:' || a.person_key || ':' || a.service_id));
        SELECT count(*) INTO held FROM ${t('appointments')}
         WHERE person_key = a.person_key AND service_id = a.service_id AND start_at > now
           AND status IN ('pending_confirmation', 'confirmed');
        IF held >= max_held THEN
          RAISE EXCEPTION 'booking-limit' USING ERRCODE = 'BK001';
        END IF;

        -- the counters without a booking at that time, in the given order; another booking may still win
        -- one of them before this insert does: the exclusion constraint refuses it and the next is tried
        FOR candidate IN
          SELECT c.id FROM unnest(counters) WITH ORDINALITY AS c(id, n)
           WHERE NOT EXISTS (
             SELECT 1 FROM ${t('appointments')} b
              WHERE b.counter_id = c.id AND b.status NOT IN ('cancelled', 'expired')
                AND b.period && tstzrange(a.start_at, a.end_at, '[)'))
           ORDER BY c.n
        LOOP
          BEGIN
            INSERT INTO ${t('appointments')} (id, reference, location_id, service_id, counter_id, start_at,
              end_at, status, user_id, person_key, contact_name, contact_email, contact_phone, locale,
              expires_at, confirmed_at, cancelled_at, cancelled_by, checked_in_at, anonymised_at, demo,
              created_at, updated_at)
            VALUES (a.id, appointment->>'reference', (appointment->>'locationId')::uuid, a.service_id,
              candidate, a.start_at, a.end_at, appointment->>'status', (appointment->>'userId')::uuid,
              a.person_key, appointment->>'contactName', appointment->>'contactEmail',
              appointment->>'contactPhone', appointment->>'locale',
              (appointment->>'expiresAt')::timestamptz, (appointment->>'confirmedAt')::timestamptz,
              (appointment->>'cancelledAt')::timestamptz, appointment->>'cancelledBy',
              (appointment->>'checkedInAt')::timestamptz, (appointment->>'anonymisedAt')::timestamptz,
              (appointment->>'demo')::boolean, (appointment->>'createdAt')::timestamptz,
              (appointment->>'updatedAt')::timestamptz);
            booked := candidate;
            EXIT;
          EXCEPTION WHEN exclusion_violation THEN
            -- taken meanwhile: the next counter
          END;
        END LOOP;
        IF booked IS NULL THEN
          RAISE EXCEPTION 'slot-unavailable' USING ERRCODE = 'BK002';
        END IF;

        INSERT INTO ${t('outbox')} (id, type, version, source, subject, data, trace_id, occurred_at)
        VALUES ((event->>'id')::uuid, event->>'type', (event->>'version')::integer, event->>'source',
          event->>'subject', event->'data', event->>'traceId', (event->>'occurredAt')::timestamptz);
        INSERT INTO ${t('audit_log')} (id, actor_id, actor_type, action, target_type, target_id, details, request_id)
        VALUES ((audit->>'id')::uuid, audit->>'actorId', audit->>'actorType', audit->>'action',
          audit->>'targetType', audit->>'targetId', audit->'details', audit->>'requestId');
        IF idem IS NOT NULL THEN
          UPDATE ${t('idempotency_keys')} SET status_code = 201, response = idem->'response'
           WHERE caller = idem->>'caller' AND key = idem->>'key';
        END IF;
        RETURN jsonb_build_object('outcome', 'booked', 'counterId', booked);
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION ${qualifiedTable(queryRunner, 'book_appointment')}(jsonb, uuid[], integer, timestamptz, jsonb, jsonb, jsonb)`,
    );
  }
}
