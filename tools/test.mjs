#!/usr/bin/env node
// `npm test`: format check, then lint, typecheck and every project's tests through Nx (cached, two at a
// time to fit two cores), then a one-line summary "N passed, N failed" counted from the Jest and Vitest reports.
// Tests get real Postgres and Redis: DATABASE_URL/REDIS_URL when set, else the local servers, else an
// embedded Postgres (see tools/infra.mjs). Each test run isolates itself with its own schema and prefix.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, resolvePostgres, resolveRedis, stopEmbeddedPostgres } from './infra.mjs';

function step(name, command, args, env) {
  console.log(`\n=== ${name}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
    child.on('exit', (code) => resolve(code === 0));
  });
}

/** Test files that failed without a failed test in them (syntax error, failing beforeAll, import error). */
function brokenFiles(report) {
  if (report.numRuntimeErrorTestSuites !== undefined) return report.numRuntimeErrorTestSuites; // Jest
  return (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'),
  ).length; // Vitest writes the same shape, without that count
}

/** Jest (services, libraries, e2e) and Vitest (browser projects) write the same JSON report shape. */
function countReports() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const runner of ['jest', 'vitest']) {
    const dir = path.join(ROOT, 'reports', runner);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
      passed += report.numPassedTests;
      failed += report.numFailedTests + brokenFiles(report);
      skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    }
  }
  return { passed, failed, skipped };
}

async function main() {
  // `--count`: only the summary of the reports already written (.ci/run, after the fault suite added its own)
  if (process.argv.includes('--count')) {
    const { passed, failed, skipped } = countReports();
    console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    return;
  }
  const env = { ...process.env };
  let ok = true;
  try {
    env.REDIS_URL = await resolveRedis();
    env.DATABASE_URL = (await resolvePostgres(process.env, { database: 'buergeramt_test' })).url;
  } catch (error) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  if (env.CI) env.NX_DAEMON = 'false';
  rmSync(path.join(ROOT, 'reports'), { recursive: true, force: true });

  ok = (await step('format', 'npx', ['prettier', '--check', '.', '--log-level=warn'], env)) && ok;
  ok =
    (await step(
      'lint, typecheck, test',
      'npx',
      ['nx', 'run-many', '-t', 'lint', 'typecheck', 'test', '--parallel=2', '--outputStyle=static'],
      env,
    )) && ok;
  await stopEmbeddedPostgres().catch(() => {});

  const { passed, failed, skipped } = countReports();
  if (!ok) console.error('\nSome step failed: see above.');
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(ok && failed === 0 ? 0 : 1);
}

void main();
