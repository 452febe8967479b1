// The load generator the benchmarks share: an HTTP client on a keep-alive agent (node:http, no
// dependency), latency histograms with p50/p95/p99, and two ways to drive load:
//   closedLoop: a fixed number of clients, each sending its next request when the last one answered
//               (what "concurrency 16" means: the throughput a server gives that many clients);
//   openLoop:   requests started at a fixed rate whatever the answers, latency counted from the moment
//               each request was due (so a stalled server cannot hide its backlog: no coordinated
//               omission), with a cap on requests in flight (beyond it a request is counted as dropped).
import http from 'node:http';

/** The value at percentile `p` (0–100) of ascending `sorted`, rounded to 0.01; null when empty. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index] * 100) / 100;
}

export const round = (value, digits = 2) =>
  value === null || value === undefined || Number.isNaN(value) ? null : Number(value.toFixed(digits));

export function median(values) {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Latencies in ms; `summary()` gives count, mean, p50, p95, p99 and max. */
export class Histogram {
  constructor() {
    this.values = [];
  }

  record(ms) {
    this.values.push(ms);
  }

  summary() {
    const sorted = [...this.values].sort((a, b) => a - b);
    const sum = sorted.reduce((total, v) => total + v, 0);
    return {
      count: sorted.length,
      mean: sorted.length ? round(sum / sorted.length) : null,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: percentile(sorted, 100),
    };
  }
}

/**
 * An HTTP client for `base` (http://host:port) on its own keep-alive agent with at most `connections`
 * sockets. `request()` resolves with `{ status, headers, text, json, ms }` (the body read completely);
 * it rejects only on network errors.
 */
export function httpClient(base, { connections = 16, headers: defaults = {} } = {}) {
  const origin = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  function request(method, path, { headers = {}, body, token } = {}) {
    const payload =
      body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: origin.hostname,
          port: origin.port,
          method,
          path,
          headers: {
            ...defaults,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode,
              headers: res.headers,
              text,
              ms: performance.now() - started,
              json() {
                return text ? JSON.parse(text) : null;
              },
            });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
  return { request, base, close: () => agent.destroy() };
}

/** Runs `fn(item, index)` over `items` with at most `limit` at a time; resolves with the results. */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index], index);
      }
    }),
  );
  return results;
}

/**
 * Collects the answers of one measured phase. `op` resolves with `{ status, label?, ok? }`: `label`
 * groups latencies (per operation), `ok` (default: status < 400) says whether the answer is one the
 * benchmark expects; anything else, and every thrown error, counts as an error.
 */
function recorder() {
  const all = new Histogram();
  const byLabel = new Map();
  const statuses = {};
  let errors = 0;
  const errorSamples = [];
  return {
    record(ms, outcome) {
      all.record(ms);
      const label = outcome.label ?? 'all';
      if (!byLabel.has(label)) byLabel.set(label, { histogram: new Histogram(), statuses: {} });
      const entry = byLabel.get(label);
      entry.histogram.record(ms);
      entry.statuses[outcome.status] = (entry.statuses[outcome.status] ?? 0) + 1;
      statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
      if (!(outcome.ok ?? outcome.status < 400)) {
        errors += 1;
        if (errorSamples.length < 5) errorSamples.push(`${label}: ${outcome.status} ${outcome.detail ?? ''}`);
      }
    },
    fail(ms, label, error) {
      this.record(ms, { status: 'error', label, ok: false, detail: error.message });
    },
    result(seconds) {
      const latency = all.summary();
      return {
        seconds: round(seconds),
        requests: latency.count,
        throughputPerSecond: round(latency.count / seconds, 1),
        latencyMs: latency,
        statuses,
        errors,
        errorSamples,
        byLabel: Object.fromEntries(
          [...byLabel].map(([label, { histogram, statuses: s }]) => [
            label,
            { ...histogram.summary(), statuses: s },
          ]),
        ),
      };
    },
  };
}

/**
 * `concurrency` clients, each calling `op(clientIndex)` again as soon as its last call resolved, for
 * `durationMs` (or until `requests` calls were made), after `warmupMs` of the same load unmeasured.
 */
export async function closedLoop({ concurrency, durationMs, requests, warmupMs = 0, op }) {
  if (warmupMs > 0) {
    const until = performance.now() + warmupMs;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, client) => {
        while (performance.now() < until) await op(client).catch(() => undefined);
      }),
    );
  }
  const rec = recorder();
  const started = performance.now();
  const until = durationMs === undefined ? Infinity : started + durationMs;
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      while (performance.now() < until && (requests === undefined || sent < requests)) {
        sent += 1;
        const t = performance.now();
        try {
          const outcome = await op(client);
          rec.record(performance.now() - t, outcome);
        } catch (error) {
          rec.fail(performance.now() - t, 'error', error);
        }
      }
    }),
  );
  return { mode: 'closed', concurrency, ...rec.result((performance.now() - started) / 1000) };
}

/**
 * Starts `op()` `rate` times a second for `durationMs`; a call's latency runs from the moment it was
 * due. At most `maxInFlight` calls at once: a call due while that many are open is not sent and counted
 * in `dropped` (the load was more than the server could take).
 */
export async function openLoop({ rate, durationMs, maxInFlight = 1000, op }) {
  const rec = recorder();
  const started = performance.now();
  const total = Math.round((rate * durationMs) / 1000);
  let inFlight = 0;
  let maxSeenInFlight = 0;
  let dropped = 0;
  const pending = new Set();
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    // yield every time, so that answers are read even while sending lags behind the schedule
    await new Promise((resolve) => (wait > 1 ? setTimeout(resolve, wait) : setImmediate(resolve)));
    if (inFlight >= maxInFlight) {
      dropped += 1;
      continue;
    }
    inFlight += 1;
    maxSeenInFlight = Math.max(maxSeenInFlight, inFlight);
    const call = (async () => {
      try {
        const outcome = await op();
        rec.record(performance.now() - due, outcome);
      } catch (error) {
        rec.fail(performance.now() - due, 'error', error);
      } finally {
        inFlight -= 1;
      }
    })();
    pending.add(call);
    call.finally(() => pending.delete(call));
  }
  const sentUntil = performance.now();
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  const result = rec.result(seconds);
  return {
    mode: 'open',
    targetRatePerSecond: rate,
    ...result,
    // answered per second over the whole phase (the tail included): what the server kept up with
    throughputPerSecond: round(result.requests / seconds, 1),
    sendSeconds: round((sentUntil - started) / 1000),
    dropped,
    maxInFlight: maxSeenInFlight,
  };
}
