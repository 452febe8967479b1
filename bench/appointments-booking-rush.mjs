#!/usr/bin/env node
// A booking rush: many citizens at once for few slots, against the built appointments service (its own
// process, real Postgres and Redis). Prints throughput, p50/p99 latency and the answers, then checks the
// invariant in the database: no two active bookings overlap on a counter, exactly as many bookings as
// slot-counter pairs, only 201 or 409 answers.
//   node bench/appointments-booking-rush.mjs [clients] [counters] [starts]
// Writes bench/results/appointments-booking-rush.json.
import os from 'node:os';
import { v7 as uuidv7 } from 'uuid';
import { percentile, startAppointments, writeResult } from './appointments-lib.mjs';

const CLIENTS = Number(process.argv[2] ?? 1000);
const COUNTERS = Number(process.argv[3] ?? 4);
const STARTS = Number(process.argv[4] ?? 10);
const svc = await startAppointments(28403);
let failed = false;
try {
  const closes = `${String(8 + Math.floor((STARTS * 15) / 60)).padStart(2, '0')}:${String((STARTS * 15) % 60).padStart(2, '0')}`;
  const loc = await svc.location({
    counters: COUNTERS,
    hours: [1, 2, 3, 4, 5].map((d) => [d, '08:00', closes]),
    durationMinutes: 15,
    slotIntervalMinutes: 15,
    bookingWindowDays: 60,
    minLeadMinutes: 0,
  });
  // the next weekday that has slots
  let starts = [];
  for (let d = 1; starts.length === 0 && d < 20; d += 1) {
    const day = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    starts = (
      await svc.call('GET', `/slots?serviceId=${loc.serviceId}&locationId=${loc.id}&from=${day}&to=${day}`)
    ).json.items.map((s) => s.start);
  }
  const capacity = starts.length * COUNTERS;
  const tokens = Array.from({ length: CLIENTS }, () => svc.token(uuidv7(), ['citizen']));
  console.log(
    `${CLIENTS} clients at once for ${starts.length} starts × ${COUNTERS} counters = ${capacity} slots`,
  );

  const started = performance.now();
  const answers = await Promise.all(
    tokens.map((bearer, i) =>
      svc.call('POST', '/appointments', {
        bearer,
        body: { serviceId: loc.serviceId, locationId: loc.id, start: starts[i % starts.length] },
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const byStatus = {};
  for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  const latencies = answers.map((a) => a.ms).sort((x, y) => x - y);

  const [{ overlaps }] = (
    await svc.db.query(
      `SELECT count(*)::int AS overlaps FROM "${svc.schema}".appointments a JOIN "${svc.schema}".appointments b
         ON a.counter_id = b.counter_id AND a.id < b.id AND a.period && b.period
        WHERE a.status NOT IN ('cancelled', 'expired') AND b.status NOT IN ('cancelled', 'expired')`,
    )
  ).rows;
  const [{ booked }] = (
    await svc.db.query(
      `SELECT count(*)::int AS booked FROM "${svc.schema}".appointments WHERE location_id = $1`,
      [loc.id],
    )
  ).rows;
  const onlyCreatedOrConflict = Object.keys(byStatus).every((s) => s === '201' || s === '409');
  const invariant =
    overlaps === 0 && booked === capacity && byStatus['201'] === capacity && onlyCreatedOrConflict;
  const result = {
    benchmark: 'appointments-booking-rush',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    clients: CLIENTS,
    slots: capacity,
    seconds: Math.round(seconds * 100) / 100,
    throughputPerSecond: Math.round(CLIENTS / seconds),
    latencyMs: {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
    },
    answers: byStatus,
    invariant: { overlaps, booked, expected: capacity, onlyCreatedOrConflict, holds: invariant },
  };
  console.log(JSON.stringify(result, null, 2));
  writeResult('appointments-booking-rush', result);
  failed = !invariant;
} finally {
  await svc.stop();
}
if (failed) {
  console.error('INVARIANT VIOLATED');
  process.exit(1);
}
