#!/usr/bin/env node
// The booking rush as residents make it: `clients` citizens (accounts registered, verified and logged in
// through the API, each with its own access token) send POST /api/v1/appointments at once through the
// gateway for `starts` start times × `counters` counters of a location an admin set up through the admin
// API. Measures throughput (clients ÷ seconds until the last answer), p50/p99 and the answers, and checks
// in the database that bookings = slots, no two active bookings overlap on a counter, and every answer is
// 201 or 409. Beside it, in the same run and interleaved round by round, the floor: the same booking
// transaction by a minimal script straight on Postgres (bench/booking-floor.mjs); the ratio rush ÷ floor
// of the median throughputs is the figure (target ≥ 0.5).
// Each round has a location (and service id) of its own, so the per-person limit (1) of one round does
// not answer the next; a warm-up round of each comes first. The floor's rush is over in a fraction of a
// second, so it is measured `floorRepeats` (3) times per round; its figure is the median of all of them.
// Before each measured rush and floor the mail sink must have had no mail for a second and the machine be
// quiet (waitForMailsSettled, waitForQuiet): the platform's work after a rush (the bookings' mails, the
// outbox relay) would otherwise run during the next floor or rush.
//   node bench/booking-rush.mjs [--quick] [--clients 500] [--counters 10] [--starts 10] [--rounds 3]
// Starts a platform of its own (bench/lib/platform.mjs); bench/run.mjs passes its own.
// Writes bench/results/booking-rush.json (the floor's rounds inside).
import { randomUUID } from 'node:crypto';
import { floorRound, summarizeFloor } from './booking-floor.mjs';
import { httpClient, median, percentile, round } from './lib/load.mjs';
import { cpuSampler, waitForMailsSettled, waitForQuiet, withPlatform } from './lib/platform.mjs';
import { isMain, machine, parseArgs, writeResult } from './lib/results.mjs';

export const DEFAULTS = {
  full: { clients: 500, counters: 10, starts: 10, rounds: 3, floorRepeats: 3 },
  quick: { clients: 100, counters: 4, starts: 5, rounds: 1, floorRepeats: 3 },
};

/** A location with `counters` counters, open 08:00 for `starts` quarter hours on weekdays, one service. */
export async function benchLocation(platform, { counters, starts, maxFutureBookingsPerPerson = 1 }) {
  const token = await platform.adminToken();
  const admin = async (method, url, body) =>
    (await platform.api(method, `/api/v1${url}`, { token, body, expect: [200, 201, 204] })).json();
  const location = await admin('POST', '/admin/locations', {
    name: `Bench ${randomUUID().slice(-6)}`,
    address: { street: 'Rathausplatz 2', postalCode: '73728', city: 'Esslingen am Neckar' },
    slotIntervalMinutes: 15,
    bookingWindowDays: 60,
    minLeadMinutes: 0,
  });
  const counterIds = [];
  for (let i = 1; i <= counters; i += 1)
    counterIds.push(
      (await admin('POST', `/admin/locations/${location.id}/counters`, { name: `Schalter ${i}` })).id,
    );
  const minutes = 8 * 60 + starts * 15;
  const closes = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  await admin('PUT', `/admin/locations/${location.id}/opening-hours`, {
    ranges: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes })),
  });
  const serviceId = randomUUID();
  await admin('PUT', `/admin/locations/${location.id}/services/${serviceId}`, {
    durationMinutes: 15,
    maxFutureBookingsPerPerson,
  });
  // the first day (from tomorrow) that has every start free
  const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 15 * 86_400_000).toISOString().slice(0, 10);
  const slots = (
    await platform.api(
      'GET',
      `/api/v1/slots?serviceId=${serviceId}&locationId=${location.id}&from=${from}&to=${to}`,
      { expect: 200 },
    )
  ).json().items;
  const firstDay = slots[0]?.start.slice(0, 10);
  const startTimes = slots.filter((s) => s.start.startsWith(firstDay)).map((s) => s.start);
  if (startTimes.length !== starts)
    throw new Error(`expected ${starts} starts on ${firstDay}, got ${startTimes.length}`);
  return { id: location.id, serviceId, counterIds, startTimes };
}

/** One rush through the gateway; resolves with its figures and the invariant. */
async function rushRound(platform, citizens, { counters, starts }) {
  const location = await benchLocation(platform, { counters, starts });
  // what came before (the floor, the location's events, the last rush's mails) is over before it starts:
  // no mail for a second (the machine can look quiet while mails still trickle out), then a quiet machine
  const mails = await waitForMailsSettled(platform.sink);
  const quiet = await waitForQuiet();
  // every citizen its own connection, as separate browsers have
  const client = httpClient(platform.base, { connections: citizens.length });
  const cpu = cpuSampler(Object.fromEntries(platform.processes().map((p) => [p.name, p.pid])));
  try {
    const started = performance.now();
    const answers = await Promise.all(
      citizens.map(async (citizen, i) => {
        const res = await client.request('POST', '/api/v1/appointments', {
          token: citizen.token,
          body: {
            serviceId: location.serviceId,
            locationId: location.id,
            start: location.startTimes[i % location.startTimes.length],
          },
        });
        return { status: res.status, ms: res.ms, type: res.status >= 400 ? res.json()?.type : undefined };
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuPercentOfOneCore = cpu.stop();
    const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
    const byStatus = {};
    const problems = {};
    for (const a of answers) {
      byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
      if (a.type) problems[a.type] = (problems[a.type] ?? 0) + 1;
    }
    const schema = platform.schema('appointments');
    const db = platform.db();
    const [{ overlaps }] = (
      await db.query(
        `SELECT count(*)::int AS overlaps FROM "${schema}".appointments a JOIN "${schema}".appointments b
           ON a.counter_id = b.counter_id AND a.id < b.id AND a.period && b.period
          WHERE a.location_id = $1 AND a.status NOT IN ('cancelled', 'expired')
            AND b.status NOT IN ('cancelled', 'expired')`,
        [location.id],
      )
    ).rows;
    const [{ booked }] = (
      await db.query(
        `SELECT count(*)::int AS booked FROM "${schema}".appointments
          WHERE location_id = $1 AND status NOT IN ('cancelled', 'expired')`,
        [location.id],
      )
    ).rows;
    const slots = counters * starts;
    const onlyCreatedOrConflict = Object.keys(byStatus).every((s) => s === '201' || s === '409');
    return {
      clients: citizens.length,
      slots,
      seconds: round(seconds, 3),
      throughputPerSecond: round(citizens.length / seconds, 1),
      latencyMs: {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: percentile(latencies, 100),
      },
      answers: byStatus,
      problems,
      cpuPercentOfOneCore,
      quietBefore: quiet,
      mailsSettledBefore: mails,
      invariant: {
        overlaps,
        booked,
        expected: slots,
        onlyCreatedOrConflict,
        holds: overlaps === 0 && booked === slots && byStatus[201] === slots && onlyCreatedOrConflict,
      },
    };
  } finally {
    client.close();
  }
}

export async function run(platform, options = {}) {
  const o = { ...DEFAULTS[options.quick ? 'quick' : 'full'], ...options };
  const setupStarted = performance.now();
  const citizens = await platform.citizens(o.clients);
  const setupSeconds = round((performance.now() - setupStarted) / 1000, 1);
  console.log(`  ${o.clients} citizens ready after ${setupSeconds} s`);
  const databaseUrl = process.env.DATABASE_URL;
  const shape = { counters: o.counters, starts: o.starts };

  // warm-up of both at full size (not measured)
  await floorRound({ databaseUrl, clients: o.clients, ...shape });
  await rushRound(platform, citizens, shape);

  // the floor's rush is over in a fraction of a second, so each round measures it `floorRepeats` times
  const floorRounds = [];
  const rushRounds = [];
  for (let i = 0; i < o.rounds; i += 1) {
    const floors = [];
    for (let k = 0; k < o.floorRepeats; k += 1) {
      // the platform's work after the last rush (its mails, the relay) must not slow the floor down
      await waitForMailsSettled(platform.sink);
      await waitForQuiet();
      floors.push(await floorRound({ databaseUrl, clients: o.clients, ...shape }));
    }
    floorRounds.push(...floors);
    const rush = await rushRound(platform, citizens, shape);
    rushRounds.push(rush);
    console.log(
      `  round ${i + 1}: rush ${rush.throughputPerSecond}/s (p50 ${rush.latencyMs.p50} ms, p99 ${rush.latencyMs.p99} ms, ${JSON.stringify(rush.answers)}, invariant ${rush.invariant.holds ? 'holds' : 'VIOLATED'}; CPU % of one core ${JSON.stringify(rush.cpuPercentOfOneCore)}); floor ${floors.map((f) => f.throughputPerSecond).join(', ')}/s (p50 ${floors.map((f) => f.latencyMs.p50).join(', ')} ms)`,
    );
  }
  const floor = summarizeFloor(floorRounds, { clients: o.clients, counters: o.counters, starts: o.starts });
  const throughput = round(median(rushRounds.map((r) => r.throughputPerSecond)), 1);
  const ratio = round(throughput / floor.throughputPerSecond, 3);
  const result = {
    benchmark: 'booking-rush',
    what: `${o.clients} citizens at once, each with its own access token, POST /api/v1/appointments through the gateway for ${o.starts} starts × ${o.counters} counters`,
    date: new Date().toISOString(),
    machine: machine(),
    setup: {
      ...shape,
      clients: o.clients,
      slots: o.counters * o.starts,
      rounds: o.rounds,
      floorRepeatsPerRound: o.floorRepeats,
      accountsMadeInSeconds: setupSeconds,
      accounts:
        'registered through the API, verified with the mailed link, logged in (POST /api/v1/auth/login)',
      location: 'made through the admin API; a new one (and service id) per round, per-person limit 1',
    },
    throughputPerSecond: throughput,
    latencyMs: {
      p50: round(median(rushRounds.map((r) => r.latencyMs.p50))),
      p99: round(median(rushRounds.map((r) => r.latencyMs.p99))),
    },
    bookings: rushRounds.map((r) => r.invariant.booked),
    overlaps: rushRounds.reduce((total, r) => total + r.invariant.overlaps, 0),
    invariantHolds: rushRounds.every((r) => r.invariant.holds),
    floor: {
      throughputPerSecond: floor.throughputPerSecond,
      latencyMs: floor.latencyMs,
      invariantHolds: floor.invariantHolds,
      what: floor.what,
    },
    ratioToFloor: ratio,
    target: { ratioToFloor: 0.5, met: ratio >= 0.5 },
    rounds: rushRounds,
    floorRounds,
  };
  writeResult('booking-rush', result);
  console.log(
    `  booking rush ${throughput}/s vs floor ${floor.throughputPerSecond}/s: ratio ${ratio} (target ≥ 0.5)`,
  );
  return result;
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  await withPlatform((platform) => run(platform, args));
}
