#!/usr/bin/env node
// The floor of the booking rush: the same booking transaction as the appointments service makes
// (services/appointments/src/bookings: AppointmentsService.create, AppointmentsRepository), sent by a
// minimal script straight to Postgres with `pg` and a pool of 10 connections (the service's
// DATABASE_POOL_SIZE), with no HTTP, gateway, token check, validation, schedule look-up, audit row or
// event payload look-ups. Per client, in one transaction:
//   1. person lock      SELECT pg_advisory_xact_lock(hashtext('person:user:<id>:<service>'))
//   2. count            future open appointments of the person for the service (the per-person limit)
//   3. free counter     the location's bookings overlapping the slot, per counter (the service's query)
//   4. insert           on the first free counter (shuffled) under a savepoint; the exclusion constraint
//                       refusing it (23P01: another booking won) moves on to the next counter
//   5. outbox row       the appointment.booked event with its payload
// The tables are the migration's (appointments with its generated period, exclusion constraint and
// indexes; the messaging outbox), in a schema of their own that is dropped afterwards.
//   node bench/booking-floor.mjs [--clients 500] [--counters 10] [--starts 10] [--rounds 1]
// Writes bench/results/booking-floor.json. bench/booking-rush.mjs runs it beside the real rush.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { median, percentile, round } from './lib/load.mjs';
import { isMain, machine, parseArgs, writeResult } from './lib/results.mjs';

const EXCLUSION_VIOLATION = '23P01';

/** The tables of the booking transaction as the appointments and messaging migrations create them. */
const DDL = (schema) => [
  `CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public`,
  `CREATE SCHEMA "${schema}"`,
  `CREATE TABLE "${schema}".locations ("id" uuid PRIMARY KEY)`,
  `CREATE TABLE "${schema}".counters ("id" uuid PRIMARY KEY, "location_id" uuid NOT NULL REFERENCES "${schema}".locations ("id"))`,
  `CREATE TABLE "${schema}".appointments (
    "id" uuid NOT NULL,
    "reference" text NOT NULL,
    "location_id" uuid NOT NULL REFERENCES "${schema}".locations ("id"),
    "service_id" uuid NOT NULL,
    "counter_id" uuid NOT NULL REFERENCES "${schema}".counters ("id"),
    "start_at" timestamptz NOT NULL,
    "end_at" timestamptz NOT NULL,
    "period" tstzrange GENERATED ALWAYS AS (tstzrange("start_at", "end_at", '[)')) STORED,
    "status" text NOT NULL CHECK ("status" IN
      ('pending_confirmation', 'confirmed', 'checked_in', 'completed', 'no_show', 'cancelled', 'expired')),
    "user_id" uuid,
    "person_key" text,
    "contact_name" text,
    "contact_email" text,
    "contact_phone" text,
    "locale" text NOT NULL DEFAULT 'de' CHECK ("locale" IN ('de', 'en')),
    "expires_at" timestamptz,
    "confirmed_at" timestamptz,
    "cancelled_at" timestamptz,
    "cancelled_by" text CHECK ("cancelled_by" IN ('owner', 'staff', 'system')),
    "checked_in_at" timestamptz,
    "anonymised_at" timestamptz,
    "demo" boolean NOT NULL DEFAULT false,
    "created_at" timestamptz NOT NULL DEFAULT now(),
    "updated_at" timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT "appointments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "appointments_reference_key" UNIQUE ("reference"),
    CONSTRAINT "appointments_order" CHECK ("end_at" > "start_at"),
    CONSTRAINT "appointments_no_overlap" EXCLUDE USING gist ("counter_id" WITH =, "period" WITH &&)
      WHERE ("status" NOT IN ('cancelled', 'expired'))
  )`,
  `CREATE INDEX ON "${schema}".appointments ("location_id", "start_at")`,
  `CREATE INDEX ON "${schema}".appointments ("user_id", "id") WHERE "user_id" IS NOT NULL`,
  `CREATE INDEX ON "${schema}".appointments ("person_key", "service_id") WHERE "person_key" IS NOT NULL`,
  `CREATE INDEX ON "${schema}".appointments ("expires_at") WHERE "status" = 'pending_confirmation'`,
  `CREATE INDEX ON "${schema}".appointments ("location_id", "end_at") WHERE "status" NOT IN ('cancelled', 'expired')`,
  `CREATE INDEX ON "${schema}".appointments ("user_id", "start_at", "id") WHERE "user_id" IS NOT NULL`,
  `CREATE TABLE "${schema}".outbox (
    "id" uuid NOT NULL,
    "type" text NOT NULL,
    "version" int NOT NULL,
    "source" text NOT NULL,
    "subject" text NOT NULL,
    "data" jsonb NOT NULL,
    "trace_id" text,
    "occurred_at" timestamptz NOT NULL,
    "created_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
    "published_at" timestamptz,
    "attempts" int NOT NULL DEFAULT 0,
    "last_error" text,
    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
  )`,
  `CREATE INDEX ON "${schema}".outbox ("created_at", "id") WHERE "published_at" IS NULL`,
  `CREATE INDEX ON "${schema}".outbox ("published_at") WHERE "published_at" IS NOT NULL`,
];

const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function newReference() {
  let code = '';
  for (const byte of randomBytes(8)) code += REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length];
  return `T-${code}`;
}

/** One citizen's booking, as the service's transaction makes it; resolves with 201 or 409. */
async function book(pool, { personKey, userId, serviceId, locationId, counterIds, start, end }) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`person:${personKey}:${serviceId}`]);
    const now = new Date();
    const [{ n }] = (
      await client.query(
        `SELECT count(*)::int AS n FROM appointments
          WHERE person_key = $1 AND service_id = $2 AND start_at > $3
            AND status IN ('pending_confirmation', 'confirmed')`,
        [personKey, serviceId, now],
      )
    ).rows;
    if (n >= 1) {
      await client.query('ROLLBACK');
      return 409;
    }
    const busy = (
      await client.query(
        `SELECT counter_id, string_agg(date_part('epoch', start_at)::text || ',' || date_part('epoch', end_at)::text, ',') AS se
           FROM appointments
          WHERE counter_id = ANY ($1) AND status NOT IN ('cancelled', 'expired')
            AND period && tstzrange($2, $3, '[)')
            AND ($4::uuid IS NULL OR id <> $4)
          GROUP BY counter_id`,
        [counterIds, start, end, null],
      )
    ).rows;
    const taken = new Set();
    for (const row of busy) {
      const numbers = row.se.split(',').map(Number);
      for (let i = 0; i + 1 < numbers.length; i += 2) {
        if (numbers[i] * 1000 < end.getTime() && numbers[i + 1] * 1000 > start.getTime())
          taken.add(row.counter_id);
      }
    }
    const free = counterIds.filter((id) => !taken.has(id));
    for (let i = free.length - 1; i > 0; i -= 1) {
      const j = Math.floor(Math.random() * (i + 1));
      [free[i], free[j]] = [free[j], free[i]];
    }
    const id = randomUUID();
    const reference = newReference();
    let counterId = null;
    for (const candidate of free) {
      await client.query('SAVEPOINT try_counter');
      try {
        await client.query(
          `INSERT INTO appointments ("id", "reference", "location_id", "service_id", "counter_id", "start_at",
             "end_at", "status", "user_id", "person_key", "contact_name", "contact_email", "contact_phone",
             "locale", "expires_at", "confirmed_at", "cancelled_at", "cancelled_by", "checked_in_at",
             "anonymised_at", "demo", "created_at", "updated_at")
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'confirmed', $8, $9, NULL, NULL, NULL, 'de', NULL, $10, NULL,
             NULL, NULL, NULL, false, $10, $10)`,
          [id, reference, locationId, serviceId, candidate, start, end, userId, personKey, now],
        );
        await client.query('RELEASE SAVEPOINT try_counter');
        counterId = candidate;
        break;
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT try_counter');
        if (error.code !== EXCLUSION_VIOLATION) throw error;
      }
    }
    if (counterId === null) {
      await client.query('ROLLBACK');
      return 409;
    }
    const data = {
      appointmentId: id,
      reference,
      serviceId,
      locationId,
      start: start.toISOString(),
      end: end.toISOString(),
      userId,
      contact: null,
      manageToken: null,
      serviceName: null,
      locationName: 'Bench floor',
      locationAddress: 'Rathausplatz 2, 73728 Esslingen am Neckar',
    };
    await client.query(
      `INSERT INTO outbox ("id", "type", "version", "source", "subject", "data", "trace_id", "occurred_at")
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
      [randomUUID(), 'appointment.booked', 1, 'appointments', id, JSON.stringify(data), randomUUID(), now],
    );
    await client.query('COMMIT');
    return 201;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * One rush on the bare database: `clients` citizens at once for `starts` start times × `counters`
 * counters. Resolves with throughput, latency and the invariant (bookings = slots, no overlap).
 */
export async function floorRound({ databaseUrl, clients, counters, starts, poolSize = 10 }) {
  const schema = `bench_floor_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    options: `-c search_path="${schema}",public -c timezone=UTC`,
  });
  try {
    for (const statement of DDL(schema)) await admin.query(statement);
    const locationId = randomUUID();
    const serviceId = randomUUID();
    const counterIds = Array.from({ length: counters }, () => randomUUID());
    await admin.query(`INSERT INTO "${schema}".locations VALUES ($1)`, [locationId]);
    for (const id of counterIds)
      await admin.query(`INSERT INTO "${schema}".counters VALUES ($1, $2)`, [id, locationId]);
    const day = new Date(Date.now() + 2 * 86_400_000);
    day.setUTCHours(7, 0, 0, 0);
    const startTimes = Array.from({ length: starts }, (_, i) => new Date(day.getTime() + i * 15 * 60_000));
    // open the pool's connections first, as a running service has them
    await Promise.all(Array.from({ length: poolSize }, () => pool.connect())).then((c) =>
      c.forEach((x) => x.release()),
    );

    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        const t = performance.now();
        const userId = randomUUID();
        const start = startTimes[i % startTimes.length];
        const status = await book(pool, {
          personKey: `user:${userId}`,
          userId,
          serviceId,
          locationId,
          counterIds,
          start,
          end: new Date(start.getTime() + 15 * 60_000),
        });
        return { status, ms: performance.now() - t };
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
    const byStatus = {};
    for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    const [{ overlaps }] = (
      await admin.query(
        `SELECT count(*)::int AS overlaps FROM "${schema}".appointments a JOIN "${schema}".appointments b
           ON a.counter_id = b.counter_id AND a.id < b.id AND a.period && b.period`,
      )
    ).rows;
    const [{ booked }] = (await admin.query(`SELECT count(*)::int AS booked FROM "${schema}".appointments`))
      .rows;
    const [{ events }] = (await admin.query(`SELECT count(*)::int AS events FROM "${schema}".outbox`)).rows;
    const slots = starts * counters;
    return {
      clients,
      slots,
      seconds: round(seconds, 3),
      throughputPerSecond: round(clients / seconds, 1),
      latencyMs: {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: percentile(latencies, 100),
      },
      answers: byStatus,
      invariant: {
        overlaps,
        booked,
        outboxRows: events,
        expected: slots,
        holds: overlaps === 0 && booked === slots && events === slots && byStatus[201] === slots,
      },
    };
  } finally {
    await pool.end();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

/** The floor alone: `rounds` rounds (after one small warm-up round); medians over the rounds. */
export async function runFloor({ databaseUrl, clients = 500, counters = 10, starts = 10, rounds = 1 }) {
  await floorRound({ databaseUrl, clients: Math.min(50, clients), counters, starts });
  const all = [];
  for (let i = 0; i < rounds; i += 1) all.push(await floorRound({ databaseUrl, clients, counters, starts }));
  return summarizeFloor(all, { clients, counters, starts });
}

export function summarizeFloor(all, { clients, counters, starts }) {
  return {
    benchmark: 'booking-floor',
    what: 'the booking transaction (person lock, count, free counter, insert under the exclusion constraint, outbox row) straight on Postgres with pg, pool of 10',
    date: new Date().toISOString(),
    machine: machine(),
    setup: { clients, counters, starts, slots: counters * starts, poolSize: 10 },
    throughputPerSecond: round(median(all.map((r) => r.throughputPerSecond)), 1),
    latencyMs: {
      p50: round(median(all.map((r) => r.latencyMs.p50))),
      p99: round(median(all.map((r) => r.latencyMs.p99))),
    },
    invariantHolds: all.every((r) => r.invariant.holds),
    rounds: all,
  };
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const result = await runFloor({
    databaseUrl,
    clients: args.clients ?? 500,
    counters: args.counters ?? 10,
    starts: args.starts ?? 10,
    rounds: args.rounds ?? 1,
  });
  console.log(JSON.stringify(result, null, 2));
  console.log(`written to ${writeResult('booking-floor', result)}`);
}
