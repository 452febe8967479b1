#!/usr/bin/env node
// What the gateway costs on a read: GET /api/v1/services (applications) and GET /api/v1/locations
// (appointments) through the gateway, against the same reads sent straight to the service
// (GET /services, GET /locations on its own port: the floor). Interleaved rounds in one run: each round
// measures both paths of each endpoint back to back, alternating which goes first, so drift of a shared
// machine hits both alike; the figures are medians over the rounds.
//   throughput: 16 keep-alive clients (closed loop) for a few seconds: gateway ÷ direct (target ≥ 0.8);
//   latency:    1 client: added p50 and p99 = gateway − direct (target: ≤ 1 ms added p50).
// Many short rounds rather than a few long ones: a burst of other work on a shared machine then spoils a
// round or two, not the median.
// Both reads are public answers the gateway keeps briefly (PUBLIC_CACHE_SECONDS, decision §37): the
// measured requests send `Cache-Control: no-cache`, so every one goes to the service (what proxying costs);
// each round also measures the same read as a browser sends it (`kept`: answered from the gateway's memory).
//   node bench/gateway-overhead.mjs [--quick] [--rounds 10] [--seconds 1.5] [--latency-seconds 1.5]
// Starts a platform of its own (bench/lib/platform.mjs); bench/run.mjs passes its own.
// Writes bench/results/gateway-overhead.json.
import { closedLoop, httpClient, median, round } from './lib/load.mjs';
import { withPlatform } from './lib/platform.mjs';
import { isMain, machine, parseArgs, writeResult } from './lib/results.mjs';

export const DEFAULTS = {
  full: { rounds: 10, seconds: 1.5, latencySeconds: 1.5, concurrency: 16 },
  quick: { rounds: 2, seconds: 1, latencySeconds: 1, concurrency: 16 },
};

const ENDPOINTS = [
  { name: 'GET /api/v1/services', service: 'applications', path: '/services' },
  { name: 'GET /api/v1/locations', service: 'appointments', path: '/locations' },
];

async function measure(client, path, o) {
  const op = async () => {
    const res = await client.request('GET', path);
    return { status: res.status, ok: res.status === 200 };
  };
  const throughput = await closedLoop({
    concurrency: o.concurrency,
    durationMs: o.seconds * 1000,
    warmupMs: 200,
    op,
  });
  const latency = await closedLoop({
    concurrency: 1,
    durationMs: o.latencySeconds * 1000,
    warmupMs: 100,
    op,
  });
  return {
    throughputPerSecond: throughput.throughputPerSecond,
    concurrentLatencyMs: throughput.latencyMs,
    latencyMs: latency.latencyMs,
    errors: throughput.errors + latency.errors,
  };
}

export async function run(platform, options = {}) {
  const o = { ...DEFAULTS[options.quick ? 'quick' : 'full'], ...options };
  const endpoints = [];
  for (const endpoint of ENDPOINTS) {
    const proxied = { connections: o.concurrency, headers: { 'cache-control': 'no-cache' } };
    const direct = httpClient(platform.serviceUrl(endpoint.service), proxied);
    const gateway = httpClient(platform.base, proxied);
    const kept = httpClient(platform.base, { connections: o.concurrency });
    const paths = {
      direct: [direct, endpoint.path],
      gateway: [gateway, `/api/v1${endpoint.path}`],
      kept: [kept, `/api/v1${endpoint.path}`],
    };
    const rounds = [];
    try {
      for (let i = 0; i < o.rounds; i += 1) {
        const order = i % 2 === 0 ? ['direct', 'gateway'] : ['gateway', 'direct'];
        const round_ = {};
        for (const which of [...order, 'kept']) round_[which] = await measure(...paths[which], o);
        round_.ratio = round(round_.gateway.throughputPerSecond / round_.direct.throughputPerSecond, 3);
        rounds.push(round_);
      }
    } finally {
      direct.close();
      gateway.close();
      kept.close();
    }
    const med = (which, pick) => round(median(rounds.map((r) => pick(r[which]))), 3);
    const direct_ = {
      throughputPerSecond: med('direct', (m) => m.throughputPerSecond),
      p50Ms: med('direct', (m) => m.latencyMs.p50),
      p99Ms: med('direct', (m) => m.latencyMs.p99),
    };
    const gateway_ = {
      throughputPerSecond: med('gateway', (m) => m.throughputPerSecond),
      p50Ms: med('gateway', (m) => m.latencyMs.p50),
      p99Ms: med('gateway', (m) => m.latencyMs.p99),
    };
    const kept_ = {
      throughputPerSecond: med('kept', (m) => m.throughputPerSecond),
      p50Ms: med('kept', (m) => m.latencyMs.p50),
      p99Ms: med('kept', (m) => m.latencyMs.p99),
    };
    const summary = {
      endpoint: endpoint.name,
      direct: { url: `${endpoint.service}${endpoint.path}`, ...direct_ },
      gateway: gateway_,
      keptByGateway: kept_,
      throughputRatio: round(gateway_.throughputPerSecond / direct_.throughputPerSecond, 3),
      medianOfRoundRatios: round(median(rounds.map((r) => r.ratio)), 3),
      roundRatioRange: [Math.min(...rounds.map((r) => r.ratio)), Math.max(...rounds.map((r) => r.ratio))],
      addedP50Ms: round(gateway_.p50Ms - direct_.p50Ms, 3),
      addedP99Ms: round(gateway_.p99Ms - direct_.p99Ms, 3),
      errors: rounds.reduce((total, r) => total + r.direct.errors + r.gateway.errors + r.kept.errors, 0),
      rounds,
    };
    summary.met = summary.throughputRatio >= 0.8 && summary.addedP50Ms <= 1;
    console.log(
      `  ${endpoint.name}: ${gateway_.throughputPerSecond}/s via gateway vs ${direct_.throughputPerSecond}/s direct (ratio ${summary.throughputRatio}); c=1 added p50 ${summary.addedP50Ms} ms, p99 ${summary.addedP99Ms} ms; kept by the gateway ${kept_.throughputPerSecond}/s, p50 ${kept_.p50Ms} ms`,
    );
    endpoints.push(summary);
  }
  const result = {
    benchmark: 'gateway-overhead',
    what: `interleaved rounds, direct vs through the gateway (Cache-Control: no-cache, so proxied; and as kept by the gateway): ${o.concurrency} keep-alive clients for ${o.seconds} s (throughput), 1 client for ${o.latencySeconds} s (latency); medians over ${o.rounds} rounds`,
    date: new Date().toISOString(),
    machine: machine(),
    setup: o,
    endpoints,
    target: {
      throughputRatio: 0.8,
      addedP50Ms: 1,
      met: endpoints.every((e) => e.met),
    },
  };
  writeResult('gateway-overhead', result);
  return result;
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  await withPlatform((platform) => run(platform, args));
}
