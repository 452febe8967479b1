// A process running the job fixture's service (job-fixtures.ts), for the tests that kill it with SIGKILL
// (jobs.integration.spec.ts). Environment: JOB_DB_URL, JOB_DB_SCHEMA, JOB_REDIS_URL, JOB_QUEUE_PREFIX, and
// JOB_HANG: `in-handler` (the handler writes its effect and waits forever before its commit),
// `after-commit` (the handler's transaction commits, then the process waits forever before BullMQ hears of
// it), or unset (runs jobs normally). Prints `ready`, `effect <key>`, `committed <key>`.
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, TransactionCommitEvent } from 'typeorm';
import { DeliverJobs, JobTestModule } from './job-fixtures';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(
    JobTestModule.register({
      url: required('JOB_DB_URL'),
      schema: required('JOB_DB_SCHEMA'),
      redisUrl: required('JOB_REDIS_URL'),
      queuePrefix: required('JOB_QUEUE_PREFIX'),
    }),
    { logger: ['error'] },
  );
  const jobs = app.get(DeliverJobs);
  const hang = process.env.JOB_HANG;
  let committing: string | null = null;
  jobs.onEffect = (key) => {
    console.log(`effect ${key}`);
    if (hang === 'in-handler') jobs.gates.set(key, new Promise<void>(() => undefined));
    if (hang === 'after-commit') committing = key;
  };
  if (hang === 'after-commit') {
    app.get<DataSource>(getDataSourceToken()).subscribers.push({
      afterTransactionCommit: async (event: TransactionCommitEvent) => {
        if (committing === null || event.queryRunner.isTransactionActive) return;
        console.log(`committed ${committing}`);
        committing = null;
        await new Promise<void>(() => undefined); // BullMQ never hears that the job completed
      },
    });
  }
  await app.init();
  app.enableShutdownHooks();
  console.log('ready');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
