#!/usr/bin/env node
// Many residents uploading at once: `uploads` streamed 20 MB PDF uploads in parallel through the gateway
// (POST /api/v1/documents, multipart, each from its own citizen account and connection) into the documents
// service of a running platform (as deployed: filesystem storage, encryption at rest, ChunkReclaimer).
// Measures the throughput (all bytes ÷ seconds until the last answer), each upload's time (p50/p99), and
// the RSS of the gateway and of documents sampled from /proc every 10 ms: baseline before, peak during,
// and the peak's growth over the baseline. Every answer must be 201 with the size sent.
//   node bench/upload-parallel.mjs [--quick] [--uploads 50] [--mb 20]
// Starts a platform of its own (bench/lib/platform.mjs); bench/run.mjs passes its own.
// Writes bench/results/upload-parallel.json.
import http from 'node:http';
import { percentile, round } from './lib/load.mjs';
import { streamUpload } from './lib/multipart-upload.mjs';
import { sampleRss, withPlatform } from './lib/platform.mjs';
import { isMain, machine, parseArgs, writeResult } from './lib/results.mjs';

export const DEFAULTS = { full: { uploads: 50, mb: 20 }, quick: { uploads: 10, mb: 20 } };

export async function run(platform, options = {}) {
  const o = { ...DEFAULTS[options.quick ? 'quick' : 'full'], ...options };
  const size = o.mb * 1_000_000;
  const citizens = await platform.citizens(o.uploads);
  const port = Number(new URL(platform.base).port);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.uploads });
  const upload = (citizen, bytes = size) =>
    streamUpload({ port, path: '/api/v1/documents', size: bytes, token: citizen.token, hash: false, agent });
  try {
    // warm-up: one small upload (code paths loaded, connections open), then a moment to settle
    const warm = await upload(citizens[0], 1_000_000).catch((error) => ({ status: error.message }));
    if (warm.status !== 201) throw new Error(`warm-up upload: ${warm.status} ${warm.body ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const pids = Object.fromEntries(
      platform
        .processes()
        .filter((p) => p.name === 'gateway' || p.name === 'documents')
        .map((p) => [p.name, p.pid]),
    );
    const sampler = sampleRss(pids, 10);
    const started = performance.now();
    const answers = await Promise.all(citizens.map((citizen) => upload(citizen)));
    const seconds = (performance.now() - started) / 1000;
    const rss = sampler.stop();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = sampleRss(pids).stop().baselineMb;

    const intact = answers.filter((a) => {
      if (a.status !== 201) return false;
      try {
        return JSON.parse(a.body).size === size;
      } catch {
        return false;
      }
    }).length;
    const statuses = {};
    for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    const times = answers.map((a) => a.ms).sort((a, b) => a - b);
    const growth = Object.fromEntries(
      Object.keys(pids).map((name) => [name, round(rss.peakMb[name] - rss.baselineMb[name], 1)]),
    );
    const result = {
      benchmark: 'upload-parallel',
      what: `${o.uploads} uploads of ${o.mb} MB at once through the gateway into documents (streamed, encrypted at rest)`,
      date: new Date().toISOString(),
      machine: machine(),
      setup: { uploads: o.uploads, bytesEach: size },
      seconds: round(seconds, 2),
      throughputMBps: round((o.uploads * size) / 1e6 / seconds, 1),
      uploadSeconds: {
        p50: round(percentile(times, 50) / 1000, 2),
        p99: round(percentile(times, 99) / 1000, 2),
      },
      statuses,
      intact,
      rssMb: {
        baseline: rss.baselineMb,
        peak: rss.peakMb,
        growth,
        twoSecondsAfter: after,
      },
    };
    console.log(
      `  ${o.uploads} × ${o.mb} MB: ${result.throughputMBps} MB/s, ${intact}/${o.uploads} stored; peak RSS ${JSON.stringify(rss.peakMb)} MB (growth ${JSON.stringify(growth)} MB)`,
    );
    writeResult('upload-parallel', result);
    return result;
  } finally {
    agent.destroy();
  }
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  await withPlatform((platform) => run(platform, args));
}
