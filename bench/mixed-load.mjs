#!/usr/bin/env node
// Mixed load: the citizen app's own requests, through the gateway, in a mix like residents make them:
// the start page (catalogue, offices, transparency, city config), a service page, the booking calendar
// (free times per day for two months, `GET /slots/days`) and a day's times (`GET /slots`), booking (with an Idempotency-Key, as the app sends it) and
// cancelling again, "my appointments" (upcoming and past) and the autosave of an application draft. The
// logged-in requests come from `users` citizens (registered through the API), each with a draft of
// "Meldebescheinigung" and at most one booking or cancel at a time; bookings go to the demo offices'
// services, and a citizen holding one cancels it with the next booking request (so slots and the
// per-person limit do not run out).
// Two phases after a warm-up:
//   capacity: `concurrency` clients in a closed loop: the throughput the platform gives (no target);
//   target:   `rate` requests per second started on schedule (open loop, latency from the moment each
//             was due) for `seconds`: holds the target when ≥ 1,000 req/s were answered with p99 ≤ 200 ms
//             and nothing had to be dropped.
// With `--costs` (or `--costs "calendar 2 months,locations"` for some), first what each operation costs alone:
// `concurrency` clients doing only that operation for `costSeconds`, and the CPU milliseconds each process
// spent per request (where to look first), counted until the machine is quiet again, so that the work a
// request leaves behind (a booking's mails, the relays) is in its cost; beside it the round trips per request
// (SQL statements per service, Redis commands), which do not vary with the machine's speed.
// Answers that count as expected: 200 for reads and autosave, 201 or 409 (taken meanwhile, limit) for a
// booking, 204 or 409 for a cancel; anything else is an error.
//   node bench/mixed-load.mjs [--quick] [--costs] [--rate 1000] [--seconds 30] [--concurrency 32] [--users 100]
// Starts a platform of its own (bench/lib/platform.mjs); bench/run.mjs passes its own.
// Writes bench/results/mixed-load.json.
import { randomUUID } from 'node:crypto';
import { closedLoop, httpClient, mapLimit, openLoop, round } from './lib/load.mjs';
import { cpuSampler, roundTripSampler, waitForQuiet, withPlatform } from './lib/platform.mjs';
import { isMain, machine, parseArgs, writeResult } from './lib/results.mjs';

export const DEFAULTS = {
  full: {
    rate: 1000,
    seconds: 30,
    capacitySeconds: 15,
    warmupSeconds: 5,
    concurrency: 32,
    users: 100,
    costSeconds: 4,
  },
  quick: {
    rate: 1000,
    seconds: 5,
    capacitySeconds: 5,
    warmupSeconds: 2,
    concurrency: 32,
    users: 30,
    costSeconds: 2,
  },
};
const TARGET = { ratePerSecond: 1000, p99Ms: 200 };
const DRAFT_SERVICE = 'meldebescheinigung';

/** The mix: weight per operation (out of 100). */
const MIX = [
  ['catalogue', 12],
  ['service page', 10],
  ['locations', 8],
  ['transparency', 4],
  ['city config', 4],
  ['calendar 2 months', 12],
  ['slots 1 day', 12],
  ['book or cancel', 8],
  ['my upcoming', 8],
  ['my past', 4],
  ['draft autosave', 18],
];
const TOTAL_WEIGHT = MIX.reduce((total, [, w]) => total + w, 0);
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const day = (offsetDays) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

export async function run(platform, options = {}) {
  const o = { ...DEFAULTS[options.quick ? 'quick' : 'full'], ...options };
  const client = httpClient(platform.base, { connections: 256 });
  const get = (path, token) => client.request('GET', path, { token });

  // ------------------------------------------------------------------ what residents find (not measured)
  const catalogue = (await platform.api('GET', '/api/v1/services?limit=100', { expect: 200 })).json().items;
  const slugs = catalogue.map((s) => s.slug);
  const targets = []; // bookable (service, office) pairs with what the calendar last showed
  for (const service of catalogue.filter((s) => s.appointmentRequired)) {
    const detail = (await platform.api('GET', `/api/v1/services/${service.slug}`, { expect: 200 })).json();
    for (const location of detail.locations ?? [])
      targets.push({ serviceId: detail.id, locationId: location.id, days: [], starts: [] });
  }
  if (targets.length === 0) throw new Error('no service with appointments at any office (demo data?)');
  const twoMonths = (t) =>
    `/api/v1/slots?serviceId=${t.serviceId}&locationId=${t.locationId}&from=${day(0)}&to=${day(61)}`;
  const calendar = (t) =>
    `/api/v1/slots/days?serviceId=${t.serviceId}&locationId=${t.locationId}&from=${day(0)}&to=${day(61)}`;
  const oneDay = (t, d) =>
    `/api/v1/slots?serviceId=${t.serviceId}&locationId=${t.locationId}&from=${d}&to=${d}`;
  const remember = (t, items) => {
    t.days = [...new Set(items.map((s) => s.start.slice(0, 10)))];
    t.starts = items.map((s) => s.start);
  };
  await mapLimit(targets, 4, async (t) => remember(t, (await get(twoMonths(t))).json().items));

  const setupStarted = performance.now();
  const draftService = catalogue.find((s) => s.slug === DRAFT_SERVICE);
  const users = await mapLimit(await platform.citizens(o.users), 8, async (citizen) => {
    const draft = (
      await platform.api('POST', '/api/v1/applications', {
        token: citizen.token,
        body: { serviceId: draftService.id },
        expect: 201,
      })
    ).json();
    return { ...citizen, draftId: draft.id, booking: false, held: null, saves: 0 };
  });
  const setupSeconds = round((performance.now() - setupStarted) / 1000, 1);

  // ------------------------------------------------------------------ the operations
  const ok = (res, label, expected = [200]) => ({
    status: res.status,
    label,
    ok: expected.includes(res.status),
    detail: expected.includes(res.status) ? undefined : res.text.slice(0, 120),
  });
  const publicOps = {
    catalogue: async () => ok(await get('/api/v1/services?limit=100'), 'catalogue'),
    'service page': async () => ok(await get(`/api/v1/services/${pick(slugs)}`), 'service page'),
    locations: async () => ok(await get('/api/v1/locations'), 'locations'),
    transparency: async () => ok(await get('/api/v1/transparency'), 'transparency'),
    'city config': async () => ok(await get('/api/v1/config/public'), 'city config'),
    'calendar 2 months': async () => {
      const t = pick(targets);
      const res = await get(calendar(t));
      if (res.status === 200) t.days = res.json().items.map((d) => d.date);
      return ok(res, 'calendar 2 months');
    },
    'slots 1 day': async () => {
      const t = pick(targets);
      const res = await get(oneDay(t, t.days.length ? pick(t.days) : day(3)));
      // the times one would pick from next (a booking takes one of them)
      const items = res.status === 200 ? res.json().items : [];
      if (items.length > 0) t.starts = items.map((s) => s.start);
      return ok(res, 'slots 1 day');
    },
  };
  const userOps = {
    'book or cancel': async (user) => {
      if (user.held) {
        const res = await client.request('DELETE', `/api/v1/appointments/${user.held}`, {
          token: user.token,
        });
        if (res.status === 204 || res.status === 409) user.held = null;
        return ok(res, 'cancel', [204, 409]);
      }
      const bookable = targets.filter((x) => x.starts.length > 0);
      if (bookable.length === 0) return publicOps['slots 1 day']();
      const t = pick(bookable);
      const res = await client.request('POST', '/api/v1/appointments', {
        token: user.token,
        headers: { 'idempotency-key': randomUUID() },
        body: { serviceId: t.serviceId, locationId: t.locationId, start: pick(t.starts) },
      });
      if (res.status === 201) user.held = res.json().id;
      return ok(res, 'book', [201, 409]);
    },
    'my upcoming': async (user) =>
      ok(await get('/api/v1/appointments?when=upcoming&limit=10', user.token), 'my upcoming'),
    'my past': async (user) =>
      ok(await get('/api/v1/appointments?when=past&limit=10', user.token), 'my past'),
    'draft autosave': async (user) => {
      user.saves += 1;
      const res = await client.request('PATCH', `/api/v1/applications/${user.draftId}`, {
        token: user.token,
        body: {
          data: {
            kind: user.saves % 2 ? 'einfach' : 'erweitert',
            purpose: `Arbeitgeber, Entwurf ${user.saves}`,
            applicant: { givenName: 'Bench', familyName: 'Bürger' },
          },
        },
      });
      return ok(res, 'draft autosave');
    },
  };
  /**
   * One request of the mix. Logged-in reads and autosaves come from any of the citizens (one may have
   * several tabs open); a booking or cancel only from a citizen not booking at that moment (else that
   * citizen's upcoming appointments are read instead), so that the held appointment stays known.
   */
  async function op() {
    let r = Math.random() * TOTAL_WEIGHT;
    let name = MIX[0][0];
    for (const [candidate, weight] of MIX) {
      r -= weight;
      if (r < 0) {
        name = candidate;
        break;
      }
    }
    return named(name);
  }
  async function named(name) {
    if (publicOps[name]) return publicOps[name]();
    const user = pick(users);
    if (name !== 'book or cancel') return userOps[name](user);
    if (user.booking) return userOps['my upcoming'](user);
    user.booking = true;
    try {
      return await userOps[name](user);
    } finally {
      user.booking = false;
    }
  }

  /**
   * Each operation alone (`book or cancel` as the mix does it): throughput, p50, and CPU milliseconds per
   * request of every process and of Postgres (the load generator's own included), after the machine is
   * quiet again.
   */
  async function operationCosts(pids) {
    const costs = {};
    const only = typeof o.costs === 'string' ? o.costs.split(',').map((name) => name.trim()) : null;
    for (const [name] of MIX) {
      if (only && !only.includes(name)) continue;
      await waitForQuiet();
      const sampled = performance.now();
      const cpu = cpuSampler(pids);
      const trips = await roundTripSampler(platform.processes());
      const alone = await closedLoop({
        concurrency: o.concurrency,
        durationMs: o.costSeconds * 1000,
        op: () => named(name),
      });
      // what the requests left behind (a booking's mails, the relays) counts too: until the machine is quiet
      const trailing = await waitForQuiet();
      const percent = cpu.stop();
      const counted = await trips.stop();
      const seconds = (performance.now() - sampled) / 1000;
      const msPerRequest = {};
      for (const [process, share] of Object.entries(percent)) {
        if (process.startsWith('machine')) continue;
        const ms = (share * 10 * seconds) / alone.requests;
        if (ms >= 0.05) msPerRequest[process] = round(ms, 2);
      }
      const total = round(
        Object.values(msPerRequest).reduce((sum, ms) => sum + ms, 0),
        2,
      );
      costs[name] = {
        throughputPerSecond: alone.throughputPerSecond,
        p50Ms: alone.latencyMs.p50,
        errors: alone.errors,
        cpuMsPerRequest: { total, ...msPerRequest },
        roundTripsPerRequest: perRequest(counted, alone.requests),
        trailingSeconds: trailing.seconds,
      };
      console.log(
        `  ${name} alone: ${alone.throughputPerSecond} req/s, p50 ${alone.latencyMs.p50} ms, CPU ms/request ${JSON.stringify(costs[name].cpuMsPerRequest)}, round trips/request ${JSON.stringify(costs[name].roundTripsPerRequest)} (with ${trailing.seconds} s of work left behind)`,
      );
    }
    return costs;
  }

  /** SQL statements (per service and in all) and Redis commands, per request answered. */
  function perRequest(counted, requests) {
    const statements = {};
    for (const [service, n] of Object.entries(counted.statements)) {
      const each = n / requests;
      if (each >= 0.05 || service === 'total') statements[service] = round(each, 2);
    }
    return { sqlStatements: statements, redisCommands: round(counted.redisCommands / requests, 2) };
  }

  try {
    await closedLoop({ concurrency: o.concurrency, durationMs: o.warmupSeconds * 1000, op });
    const pids = Object.fromEntries(platform.processes().map((p) => [p.name, p.pid]));
    const costs = o.costs ? await operationCosts(pids) : undefined;
    let cpu = cpuSampler(pids);
    const capacity = await closedLoop({
      concurrency: o.concurrency,
      durationMs: o.capacitySeconds * 1000,
      op,
    });
    capacity.cpuPercentOfOneCore = cpu.stop();
    console.log(
      `  capacity (${o.concurrency} clients, closed loop): ${capacity.throughputPerSecond} req/s, p50 ${capacity.latencyMs.p50} ms, p99 ${capacity.latencyMs.p99} ms, ${capacity.errors} errors`,
    );
    console.log(`  CPU during it (% of one core): ${JSON.stringify(capacity.cpuPercentOfOneCore)}`);
    cpu = cpuSampler(pids);
    const target = await openLoop({ rate: o.rate, durationMs: o.seconds * 1000, maxInFlight: 512, op });
    target.cpuPercentOfOneCore = cpu.stop();
    const held =
      target.dropped === 0 &&
      target.throughputPerSecond >= 0.98 * TARGET.ratePerSecond &&
      target.latencyMs.p99 <= TARGET.p99Ms &&
      o.rate >= TARGET.ratePerSecond;
    console.log(
      `  ${o.rate} req/s scheduled (open loop): ${target.throughputPerSecond} req/s answered, p50 ${target.latencyMs.p50} ms, p99 ${target.latencyMs.p99} ms, ${target.dropped} dropped, ${target.errors} errors: target ${held ? 'held' : 'NOT held'}`,
    );
    const result = {
      benchmark: 'mixed-load',
      what: "the citizen app's requests through the gateway: catalogue, service page, offices, transparency, city config, calendar (free times per day, 2 months), a day's slots, booking/cancel, my appointments, draft autosave",
      date: new Date().toISOString(),
      machine: machine(),
      setup: {
        ...o,
        mix: Object.fromEntries(MIX),
        users: o.users,
        bookingTargets: targets.length,
        usersReadyInSeconds: setupSeconds,
      },
      target: { ...TARGET, held },
      capacity,
      atTargetRate: target,
      ...(costs ? { costs } : {}),
    };
    writeResult('mixed-load', result);
    return result;
  } finally {
    client.close();
  }
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  await withPlatform((platform) => run(platform, args));
}
