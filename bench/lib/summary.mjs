// bench/results/SUMMARY.md from the results in a folder: the machine and date of the run, an overview
// (one line per benchmark: the figure, its target, met or not), then a table per benchmark. Every ratio
// names the floor it is measured against. Results not made by this run (--only) are listed with their date.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const read = (dir, name) => {
  try {
    return JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8'));
  } catch {
    return null;
  }
};

const num = (value, digits = 1) =>
  value === null || value === undefined || Number.isNaN(value)
    ? '–'
    : Number(value).toLocaleString('en-US', { maximumFractionDigits: digits });
const ms = (value) => `${num(value, 1)} ms`;
/** A difference with its sign: +0.4, −1.3. */
const signed = (value, digits = 2) =>
  value === null || value === undefined ? '–' : `${value < 0 ? '−' : '+'}${num(Math.abs(value), digits)}`;
const yes = (met) => (met === undefined || met === null ? '–' : met ? 'yes' : '**no**');

function table(headers, rows) {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map((c) => String(c ?? '–').replace(/\|/g, '\\|')).join(' | ')} |`),
  ].join('\n');
}

/** Which run a result comes from: this one, an earlier one (its date), or why there is none. */
function provenance(run, name, result) {
  const s = run.benchmarks[name];
  if (s?.status === 'failed') return `failed in this run: ${s.detail ?? ''}`;
  if (s?.status === 'skipped') return `skipped: ${s.detail}`;
  if (!result) return 'no result';
  if (s?.status === 'ok') return `this run (${num(s.seconds, 0)} s)`;
  return `earlier run, ${String(result.date ?? '')
    .slice(0, 16)
    .replace('T', ' ')}`;
}

const SECTIONS = [
  {
    name: 'booking-rush',
    title: 'Booking rush (through the gateway, real tokens) beside its bare-pg floor',
    overview: (r) => [
      `${num(r.throughputPerSecond)}/s, p50 ${ms(r.latencyMs.p50)}, p99 ${ms(r.latencyMs.p99)}; ratio to floor **${num(r.ratioToFloor, 3)}** (floor ${num(r.floor.throughputPerSecond)}/s); bookings = slots and 0 overlaps: ${r.invariantHolds ? 'yes' : 'NO'}`,
      '≥ 0.5 × floor; invariant holds',
      yes(r.target.met && r.invariantHolds),
    ],
    body: (r) =>
      [
        r.what,
        '',
        table(
          ['figure', 'rush (gateway → appointments)', 'floor (pg, pool of 10)', 'target'],
          [
            [
              'clients / slots',
              `${r.setup.clients} / ${r.setup.slots}`,
              `${r.setup.clients} / ${r.setup.slots}`,
              '',
            ],
            [
              'throughput (median of rounds)',
              `${num(r.throughputPerSecond)}/s`,
              `${num(r.floor.throughputPerSecond)}/s`,
              '',
            ],
            ['p50', ms(r.latencyMs.p50), ms(r.floor.latencyMs.p50), ''],
            ['p99', ms(r.latencyMs.p99), ms(r.floor.latencyMs.p99), ''],
            [
              'bookings per round',
              r.bookings.join(', '),
              [...new Set(r.floorRounds.map((f) => f.invariant.booked))].join(', '),
              `= ${r.setup.slots}`,
            ],
            ['overlaps', r.overlaps, r.floorRounds.reduce((t, f) => t + f.invariant.overlaps, 0), '0'],
            [
              'answers (last round)',
              JSON.stringify(r.rounds.at(-1)?.answers),
              JSON.stringify(r.floorRounds.at(-1)?.answers),
              'only 201/409',
            ],
            ['**throughput ratio rush ÷ floor**', `**${num(r.ratioToFloor, 3)}**`, 'floor = 1', '≥ 0.5'],
          ],
        ),
        '',
        `Floor: ${r.floor.what}. Rounds: ${r.setup.rounds}, interleaved (the floor ${r.setup.floorRepeatsPerRound ?? 1} times, then the rush), each on a location (schema) of its own, after one warm-up round of each, each phase once the machine is quiet (< 15 % busy); figures are medians over the rounds. Accounts: ${r.setup.accounts} (${r.setup.accountsMadeInSeconds} s for ${r.setup.clients}).${
          r.rounds.at(-1)?.cpuPercentOfOneCore
            ? ` CPU during the last rush (% of one core): ${Object.entries(
                r.rounds.at(-1).cpuPercentOfOneCore,
              )
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}.`
            : ''
        }`,
      ].join('\n'),
  },
  {
    name: 'gateway-overhead',
    title: 'Gateway overhead (one read through the gateway and direct)',
    overview: (r) => [
      r.endpoints
        .map(
          (e) =>
            `${e.endpoint.replace('GET /api/v1', '')}: **${num(e.throughputRatio, 3)}** × direct, ${signed(e.addedP50Ms)} ms p50, ${signed(e.addedP99Ms)} ms p99`,
        )
        .join('; '),
      '≥ 0.8 × direct at 16 clients; ≤ 1 ms added p50 at 1',
      yes(r.target.met),
    ],
    body: (r) =>
      [
        r.what,
        '',
        table(
          [
            'endpoint',
            'direct req/s (floor)',
            'gateway req/s',
            '**ratio**',
            'target',
            'direct p50 / p99',
            'gateway p50 / p99',
            'added p50 / p99',
            'target',
          ],
          r.endpoints.map((e) => [
            e.endpoint,
            num(e.direct.throughputPerSecond),
            num(e.gateway.throughputPerSecond),
            `**${num(e.throughputRatio, 3)}**`,
            '≥ 0.8',
            `${ms(e.direct.p50Ms)} / ${ms(e.direct.p99Ms)}`,
            `${ms(e.gateway.p50Ms)} / ${ms(e.gateway.p99Ms)}`,
            `${signed(e.addedP50Ms)} / ${signed(e.addedP99Ms)} ms`,
            '≤ 1 ms p50',
          ]),
        ),
        '',
        `Direct = the same GET on the service's own port (${r.endpoints.map((e) => e.direct.url).join(', ')}). Per-round throughput ratios: median ${r.endpoints.map((e) => `${num(e.medianOfRoundRatios, 3)} (range ${e.roundRatioRange ? e.roundRatioRange.map((x) => num(x, 2)).join('–') : '–'})`).join(', ')}; a wide range means the machine was not quiet.`,
      ].join('\n'),
  },
  {
    name: 'mixed-load',
    title: "Mixed load (the citizen app's traffic through the gateway)",
    overview: (r) => [
      `${num(r.atTargetRate.throughputPerSecond)} of ${num(r.atTargetRate.targetRatePerSecond, 0)} req/s answered, p99 ${ms(r.atTargetRate.latencyMs.p99)}; capacity ${num(r.capacity.throughputPerSecond)} req/s at ${r.capacity.concurrency} clients`,
      '≥ 1,000 req/s with p99 ≤ 200 ms',
      yes(r.target.held),
    ],
    body: (r) => {
      const phases = [
        [
          `capacity: ${r.capacity.concurrency} clients, closed loop, ${r.setup.capacitySeconds} s`,
          r.capacity,
        ],
        [
          `target: ${num(r.atTargetRate.targetRatePerSecond, 0)} req/s scheduled, open loop, ${r.setup.seconds} s`,
          r.atTargetRate,
        ],
      ];
      const labels = Object.keys(r.atTargetRate.byLabel).sort();
      return [
        r.what,
        '',
        table(
          ['phase', 'answered req/s', 'p50', 'p95', 'p99', 'errors', 'dropped', 'target'],
          phases.map(([name, p]) => [
            name,
            num(p.throughputPerSecond),
            ms(p.latencyMs.p50),
            ms(p.latencyMs.p95),
            ms(p.latencyMs.p99),
            p.errors,
            p.dropped ?? '–',
            p.mode === 'open' ? `≥ 1,000 req/s, p99 ≤ 200 ms: ${yes(r.target.held)}` : '',
          ]),
        ),
        '',
        'Per request type (target phase; latency from the moment each request was due):',
        '',
        table(
          ['request', 'count', 'p50', 'p99', 'answers'],
          labels.map((l) => {
            const x = r.atTargetRate.byLabel[l];
            return [l, x.count, ms(x.p50), ms(x.p99), JSON.stringify(x.statuses)];
          }),
        ),
        '',
        `CPU (% of one core) in the capacity phase: ${Object.entries(r.capacity.cpuPercentOfOneCore ?? {})
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}. Mix (weights): ${Object.entries(r.setup.mix)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}; ${r.setup.users} citizens.`,
      ].join('\n');
    },
  },
  {
    name: 'appointments-slots',
    title: 'Slot query (GET /slots, 62 days, 10 counters, a third booked)',
    overview: (r) => [
      `p50 ${ms(r.latencyMs.p50)}, p95 ${ms(r.latencyMs.p95)}, p99 ${ms(r.latencyMs.p99)} (${r.requests} requests, concurrency ${r.concurrency})`,
      'p95 < 50 ms',
      yes(r.target?.met),
    ],
    body: (r) =>
      table(
        ['requests', 'concurrency', 'req/s', 'p50', 'p95', 'p99', 'max', 'setup', 'target'],
        [
          [
            r.requests,
            r.concurrency,
            num(r.throughputPerSecond),
            ms(r.latencyMs.p50),
            ms(r.latencyMs.p95),
            ms(r.latencyMs.p99),
            ms(r.latencyMs.max),
            `${r.setup.startTimes} start times, ${r.setup.bookings} bookings`,
            'p95 < 50 ms',
          ],
        ],
      ) + '\n\nThe built appointments service on its own (bench/appointments-lib.mjs), no gateway.',
  },
  {
    name: 'notifications-latency',
    title: 'Event to mail (event occurredAt → mail received by a real SMTP server)',
    overview: (r) => [
      `paced ${num(r.setup.pacedRatePerS, 0)}/s: p50 ${ms(r.paced.p50Ms)}, p95 ${ms(r.paced.p95Ms)}; burst of ${r.setup.events}: p50 ${ms(r.burst.p50Ms)}, p95 ${ms(r.burst.p95Ms)}`,
      'paced p95 < 1 s (proposed)',
      yes(r.paced.p95Ms < 1000),
    ],
    body: (r) =>
      table(
        ['phase', 'events', 'p50', 'p95', 'p99', 'max', 'mails/s'],
        [
          [
            'burst (all at once)',
            r.burst.events,
            ms(r.burst.p50Ms),
            ms(r.burst.p95Ms),
            ms(r.burst.p99Ms),
            ms(r.burst.maxMs),
            num(r.burst.mailsPerS),
          ],
          [
            `paced (${r.setup.pacedRatePerS}/s)`,
            r.paced.events,
            ms(r.paced.p50Ms),
            ms(r.paced.p95Ms),
            ms(r.paced.p99Ms),
            ms(r.paced.maxMs),
            num(r.paced.mailsPerS),
          ],
        ],
      ) + `\n\n${r.setup.service}.`,
  },
  {
    name: 'upload-parallel',
    title: 'Uploads in parallel (through the gateway into documents)',
    overview: (r) => [
      `${r.setup.uploads} × ${num(r.setup.bytesEach / 1e6, 0)} MB: ${num(r.throughputMBps)} MB/s, ${r.intact}/${r.setup.uploads} stored; peak RSS gateway ${num(r.rssMb.peak.gateway)} MB, documents ${num(r.rssMb.peak.documents)} MB`,
      'all stored (memory: see upload memory)',
      yes(r.intact === r.setup.uploads),
    ],
    body: (r) =>
      table(
        [
          'uploads',
          'MB/s',
          'each upload p50 / p99',
          'process',
          'RSS before',
          'peak RSS',
          'growth',
          '2 s after',
        ],
        ['gateway', 'documents'].map((p, i) => [
          i === 0 ? `${r.setup.uploads} × ${num(r.setup.bytesEach / 1e6, 0)} MB` : '',
          i === 0 ? num(r.throughputMBps) : '',
          i === 0 ? `${num(r.uploadSeconds.p50, 2)} s / ${num(r.uploadSeconds.p99, 2)} s` : '',
          p,
          `${num(r.rssMb.baseline[p])} MB`,
          `${num(r.rssMb.peak[p])} MB`,
          `${signed(r.rssMb.growth[p], 1)} MB`,
          `${num(r.rssMb.twoSecondsAfter[p])} MB`,
        ]),
      ),
  },
  {
    name: 'documents-upload-memory',
    title: 'Upload memory (RSS growth per streamed upload, one at a time)',
    overview: (r) => [
      `worst growth per upload: documents ${num(r.deployed.worstRssGrowthMb.documents, 2)} MB, gateway ${num(r.deployed.worstRssGrowthMb.gateway, 2)} MB (without the ChunkReclaimer ${num(r.withoutReclaim.worstRssGrowthMb.documents, 2)} / ${num(r.withoutReclaim.worstRssGrowthMb.gateway, 2)} MB)`,
      '≤ 8 MB per upload and process',
      yes(r.target.met),
    ],
    body: (r) =>
      table(
        [
          'phase',
          'worst growth documents',
          'worst growth gateway',
          '4 × 20 MB at once (docs / gw)',
          'MB/s direct / via gateway (50 MB)',
        ],
        [
          ['as deployed', r.deployed, r],
          ['CHUNK_RECLAIM_BYTES=0 (baseline)', r.withoutReclaim, r],
        ].map(([name, p]) => [
          name,
          `${num(p.worstRssGrowthMb.documents, 2)} MB`,
          `${num(p.worstRssGrowthMb.gateway, 2)} MB`,
          `${num(p.concurrentWorstGrowthMb.documents, 1)} / ${num(p.concurrentWorstGrowthMb.gateway, 1)} MB`,
          `${num(p.throughputMBps.direct)} / ${num(p.throughputMBps['via gateway'])}`,
        ]),
      ) + `\n\n\`${r.command}\`: its own documents and gateway processes.`,
  },
  {
    name: 'footprint',
    title: 'Footprint (cold start to healthy, idle RSS per process)',
    overview: (r) => [
      `healthy after ${num(r.startSeconds.median, 1)} s (median of ${r.setup.samples}); idle RSS ${num(r.totalIdleRssMb, 0)} MB in all`,
      'healthy < 60 s',
      yes(r.target.met),
    ],
    body: (r) => {
      const names = Object.keys(r.idleRssMb);
      return [
        table(
          ['cold start (launch → /api/v1/health 200)', 'median', 'max', 'target'],
          [
            [
              'as npm start (build check from the Nx cache included)',
              `${num(r.startSeconds.median, 2)} s`,
              `${num(r.startSeconds.max, 2)} s`,
              '< 60 s',
            ],
            ['services launched → healthy', `${num(r.servicesToHealthySeconds.median, 2)} s`, '', ''],
          ],
        ),
        '',
        table(
          ['process', 'idle RSS after start', ...(r.afterLoad ? ['idle RSS after the load'] : [])],
          [
            ...names.map((n) => [
              n,
              `${num(r.idleRssMb[n])} MB`,
              ...(r.afterLoad ? [`${num(r.afterLoad.rssMb[n])} MB`] : []),
            ]),
            [
              '**all**',
              `**${num(r.totalIdleRssMb, 0)} MB**`,
              ...(r.afterLoad
                ? [
                    `**${num(
                      Object.values(r.afterLoad.rssMb).reduce((t, v) => t + (v ?? 0), 0),
                      0,
                    )} MB**`,
                  ]
                : []),
            ],
          ],
        ),
        '',
        `Idle = ${r.setup.settleSeconds} s after healthy; the launcher is tools/start.mjs. ${r.afterLoad ? `After the load: the same platform ${r.setup.settleSeconds} s after ${r.afterLoad.after.join(', ')}.` : ''}`,
      ].join('\n');
    },
  },
  {
    name: 'appointments-booking-rush',
    title: 'Booking rush, service only (the built appointments service, no gateway, bench tokens)',
    overview: (r) => [
      `${r.clients} clients for ${r.slots} slots: ${num(r.throughputPerSecond)}/s, p50 ${ms(r.latencyMs.p50)}, p99 ${ms(r.latencyMs.p99)}; invariant ${r.invariant.holds ? 'holds' : 'VIOLATED'}`,
      'invariant holds',
      yes(r.invariant.holds),
    ],
    body: (r) =>
      table(
        ['clients', 'slots', 'req/s', 'p50', 'p99', 'answers', 'bookings', 'overlaps'],
        [
          [
            r.clients,
            r.slots,
            num(r.throughputPerSecond),
            ms(r.latencyMs.p50),
            ms(r.latencyMs.p99),
            JSON.stringify(r.answers),
            r.invariant.booked,
            r.invariant.overlaps,
          ],
        ],
      ),
  },
  {
    name: 'booking-floor',
    title: 'Booking floor alone (bare pg)',
    overview: (r) => [
      `${num(r.throughputPerSecond)}/s, p50 ${ms(r.latencyMs.p50)}, p99 ${ms(r.latencyMs.p99)}`,
      'the floor of the booking rush',
      '–',
    ],
    body: (r) =>
      `${r.what}; ${r.setup.clients} clients, ${r.setup.slots} slots: ${num(r.throughputPerSecond)}/s.`,
  },
  {
    name: 'citizen-web',
    title: 'Citizen web app (initial JavaScript, Lighthouse)',
    overview: (r) => [
      `start page JS ${num(r.initialJavaScript.gzipBytes / 1024, 1)} KB gzip; performance ${r.pages.map((p) => p.performance).join('/')}, accessibility ${r.pages.map((p) => p.accessibility).join('/')}`,
      '≤ 120 KB gzip; accessibility 100, performance ≥ 90',
      yes(r.met),
    ],
    body: (r) =>
      table(
        ['page', 'performance', 'accessibility', 'best practices', 'LCP', 'TBT'],
        r.pages.map((p) => [
          p.url,
          p.performance,
          p.accessibility,
          p.bestPractices,
          ms(p.largestContentfulPaintMs),
          ms(p.totalBlockingTimeMs),
        ]),
      ) +
      `\n\nInitial JavaScript of the start page: ${num(r.initialJavaScript.gzipBytes / 1024, 1)} KB gzip -9 (${num(r.initialJavaScript.transferBytes / 1024, 1)} KB as sent). ${r.lighthouse}.`,
  },
];

/** Writes SUMMARY.md into `dir` for `run` (bench/run.mjs's record of this run); returns its path. */
export function writeSummary(dir, run) {
  const m = run.machine;
  const busy = m.loadAverage[0] > 0.5 * m.cores;
  const lines = [
    '# Benchmark results',
    '',
    `${run.mode === 'quick' ? 'Quick smoke run' : 'Full run'} \`${run.command}\`, ${run.date.slice(0, 16).replace('T', ' ')} UTC, ${run.minutes} min. Benchmarks measure; a missed target is reported here, it never fails a build. Each benchmark's JSON is beside this file.`,
    '',
    table(
      ['machine', ''],
      [
        ['CPU', m.cpu],
        ['cores', m.cores],
        ['RAM', `${m.ramGb} GB`],
        ['Node', m.node],
        ['OS', m.os],
        ['load average (1/5/15 min) at start', m.loadAverage.join(' / ')],
        ['load average at end', m.loadAverageAtEnd.join(' / ')],
      ],
    ),
    '',
    ...(busy
      ? [
          `> The machine was busy when the run started (load ${m.loadAverage[0]} on ${m.cores} cores): the figures are noisy.`,
          '',
        ]
      : []),
    '## Overview',
    '',
  ];
  const overview = [];
  const sections = [];
  for (const section of SECTIONS) {
    const result = read(dir, section.name);
    const origin = provenance(run, section.name, result);
    if (!result && !run.benchmarks[section.name]) continue;
    // the floor alone only when this run made it (the booking rush carries its own)
    if (section.name === 'booking-floor' && !run.benchmarks[section.name]) continue;
    let cells = ['–', '–', '–'];
    let body = `_${origin}_`;
    if (result) {
      try {
        cells = section.overview(result);
        body = `${section.body(result)}\n\n_Result: ${section.name}.json, ${origin}._`;
      } catch (error) {
        cells = [`unreadable result (${error.message})`, '–', '–'];
      }
    }
    overview.push([`[${section.title.split(' (')[0]}](#${section.name})`, ...cells, origin]);
    sections.push(`<a id="${section.name}"></a>\n\n## ${section.title}\n\n${body}\n`);
  }
  lines.push(table(['benchmark', 'figure', 'target', 'met', 'result'], overview), '', ...sections);
  const file = path.join(dir, 'SUMMARY.md');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
