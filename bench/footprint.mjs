#!/usr/bin/env node
// Footprint: how long a cold platform takes from launch to healthy, and what each process holds idle.
// Each sample starts a whole platform as `npm start` does (tools/stack.mjs: tools/start.mjs, the build
// check from the Nx cache, the gateway and five services on their own ports and schemas), times launch →
// GET /api/v1/health 200 (and, as the start script reports it, the services' launch → healthy), waits
// `settle` seconds and reads each process's RSS from /proc: the gateway, every service, and the launcher
// (start.mjs with its mailbox; here without, mails go to the bench's sink).
// Target: healthy < 60 s on 2 cores (as bench/startup.mjs); idle RSS is reported, without a target.
// bench/run.mjs adds the platform it runs everything else on as one more sample and reads its RSS again
// when the load is over (`afterLoad`).
//   node bench/footprint.mjs [--quick] [--runs 3] [--settle 10]
// Writes bench/results/footprint.json.
import { median, round } from './lib/load.mjs';
import { rssMb, startPlatform } from './lib/platform.mjs';
import { isMain, machine, parseArgs, writeResult } from './lib/results.mjs';

export const DEFAULTS = { full: { runs: 3, settle: 10 }, quick: { runs: 1, settle: 5 } };
export const TARGET_START_SECONDS = 60;

/** RSS of every process of the platform now, in MB. */
export function platformRss(platform) {
  const rss = Object.fromEntries(platform.processes().map((p) => [p.name, rssMb(p.pid)]));
  rss.launcher = rssMb(platform.launcherPid);
  return rss;
}

/** One sample of a platform just started: its start times and idle RSS after `settle` seconds. */
export async function footprintSample(platform, settle) {
  await new Promise((resolve) => setTimeout(resolve, settle * 1000));
  const idleRssMb = platformRss(platform);
  return {
    startSeconds: platform.startSeconds,
    servicesToHealthySeconds: platform.servicesToHealthySeconds,
    idleRssMb,
    totalIdleRssMb: round(
      Object.values(idleRssMb).reduce((total, v) => total + (v ?? 0), 0),
      1,
    ),
  };
}

export function summarizeFootprint(samples, { settle, afterLoad } = {}) {
  const names = Object.keys(samples[0]?.idleRssMb ?? {});
  const startSeconds = median(samples.map((s) => s.startSeconds));
  return {
    benchmark: 'footprint',
    what: 'cold start (launch as npm start → /api/v1/health 200) and idle RSS per process',
    date: new Date().toISOString(),
    machine: machine(),
    setup: { samples: samples.length, settleSeconds: settle },
    startSeconds: {
      median: round(startSeconds),
      max: round(Math.max(...samples.map((s) => s.startSeconds))),
    },
    servicesToHealthySeconds: { median: round(median(samples.map((s) => s.servicesToHealthySeconds))) },
    idleRssMb: Object.fromEntries(
      names.map((n) => [n, round(median(samples.map((s) => s.idleRssMb[n])), 1)]),
    ),
    totalIdleRssMb: round(median(samples.map((s) => s.totalIdleRssMb)), 1),
    ...(afterLoad ? { afterLoad } : {}),
    target: { startSeconds: TARGET_START_SECONDS, met: startSeconds < TARGET_START_SECONDS },
    samples,
  };
}

/** `runs` cold starts, each platform stopped after its sample. */
export async function coldStarts(runs, settle) {
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    const platform = await startPlatform();
    try {
      const sample = await footprintSample(platform, settle);
      console.log(
        `  cold start ${i + 1}: healthy after ${sample.startSeconds} s, idle RSS ${sample.totalIdleRssMb} MB in all`,
      );
      samples.push(sample);
    } finally {
      await platform.stop();
    }
  }
  return samples;
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const o = { ...DEFAULTS[args.quick ? 'quick' : 'full'], ...args };
  const result = summarizeFootprint(await coldStarts(o.runs, o.settle), { settle: o.settle });
  console.log(JSON.stringify({ startSeconds: result.startSeconds, idleRssMb: result.idleRssMb }, null, 2));
  writeResult('footprint', result);
}
