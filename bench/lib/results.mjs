// Where results go, what machine made them, and the command-line conventions of the benchmarks that run
// against a platform (`--quick`, `--key=value` options).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** bench/results, or BENCH_RESULTS_DIR (bench/run.mjs --quick uses bench/results/quick). */
export function resultsDir() {
  return process.env.BENCH_RESULTS_DIR
    ? path.resolve(process.env.BENCH_RESULTS_DIR)
    : path.join(ROOT, 'bench/results');
}

export function writeResult(name, result) {
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function readResult(name) {
  try {
    return JSON.parse(readFileSync(path.join(resultsDir(), `${name}.json`), 'utf8'));
  } catch {
    return null;
  }
}

/** The machine a result was measured on. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    ramGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

/** `--quick` and `--name=value` / `--name value` of argv; numbers become numbers. */
export function parseArgs(argv = process.argv.slice(2)) {
  const options = { quick: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split('=', 2);
    let value = inline;
    if (value === undefined && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) {
      value = argv[i + 1];
      i += 1;
    }
    const name = key.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    options[name] = value === undefined ? true : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return options;
}

/** Whether the module at `url` (import.meta.url) is the script node was started with. */
export function isMain(url) {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(url);
}
