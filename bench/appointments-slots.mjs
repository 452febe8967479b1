#!/usr/bin/env node
// GET /slots latency: 62 days for one location with 10 counters, a third of whose time is booked, against
// the built appointments service (its own process, real Postgres and Redis). Target: p95 < 50 ms.
//   node bench/appointments-slots.mjs [requests] [concurrency]
// Writes bench/results/appointments-slots.json.
import os from 'node:os';
import { percentile, startAppointments, writeResult } from './appointments-lib.mjs';

const REQUESTS = Number(process.argv[2] ?? 500);
const CONCURRENCY = Number(process.argv[3] ?? 1);
const svc = await startAppointments(28402);
try {
  const weekdays = [1, 2, 3, 4, 5].flatMap((d) => [
    [d, '07:30', '12:00'],
    [d, '13:00', d === 2 || d === 4 ? '18:00' : '15:30'],
  ]);
  const loc = await svc.location({
    counters: 10,
    hours: [...weekdays, [6, '09:00', '12:00']],
    durationMinutes: 15,
    slotIntervalMinutes: 15,
    bookingWindowDays: 120,
    minLeadMinutes: 0,
  });
  const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 63 * 86_400_000).toISOString().slice(0, 10);
  const url = `/slots?serviceId=${loc.serviceId}&locationId=${loc.id}&from=${from}&to=${to}`;

  // book a third of every counter's time (each counter a different third), straight into the table
  const free = (await svc.call('GET', url)).json.items;
  const rows = [];
  free.forEach((slot, k) => {
    loc.counterIds.forEach((counterId, i) => {
      if ((k + i) % 3 === 0) rows.push([counterId, slot.start, slot.end]);
    });
  });
  await svc.db.query(
    `INSERT INTO "${svc.schema}".appointments (id, reference, location_id, service_id, counter_id, start_at, end_at, status, locale)
     SELECT gen_random_uuid(), 'B-' || n, $1, $2, c, s, e, 'confirmed', 'de'
       FROM unnest($3::uuid[], $4::timestamptz[], $5::timestamptz[]) WITH ORDINALITY AS r(c, s, e, n)`,
    [loc.id, loc.serviceId, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
  );
  const check = await svc.call('GET', url);
  console.log(
    `62 days, 10 counters: ${free.length} start times, ${rows.length} bookings, ${check.json.items.length} free starts`,
  );

  for (let i = 0; i < 50; i += 1) await svc.call('GET', url); // warm-up
  const latencies = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next += 1;
        const res = await svc.call('GET', url);
        if (res.status !== 200) throw new Error(`GET /slots answered ${res.status}`);
        latencies.push(res.ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const result = {
    benchmark: 'appointments-slots',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    setup: {
      days: 63,
      counters: 10,
      startTimes: free.length,
      bookings: rows.length,
      freeStarts: check.json.items.length,
    },
    requests: latencies.length,
    concurrency: CONCURRENCY,
    throughputPerSecond: Math.round(latencies.length / seconds),
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
    },
    target: { p95Ms: 50, met: percentile(latencies, 95) < 50 },
  };
  console.log(JSON.stringify(result, null, 2));
  writeResult('appointments-slots', result);
} finally {
  await svc.stop();
}
