import { waitFor } from '@buergeramt/testing';
import { Queue } from 'bullmq';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { RETENTION_QUEUE, RETENTION_SCHEDULER_ID } from '../src/queues/queue-names';
import { files, type Harness, startHarness } from './support/harness';

const INTERVAL_MS = 1000;

// The other retention tests call RetentionService.run() themselves; this one proves the wiring: the
// BullMQ job scheduler registered at start, and its occurrences running the retention on their own.
describe('the repeatable retention job (BullMQ job scheduler, real Redis)', () => {
  let h: Harness;
  let queue: Queue;

  beforeAll(async () => {
    // unattached uploads are due at once, and the job runs every second
    h = await startHarness({
      RETENTION_INTERVAL_MS: String(INTERVAL_MS),
      RETENTION_UNATTACHED_DAYS: '0',
    });
    queue = new Queue(RETENTION_QUEUE, {
      connection: { url: h.service.config.REDIS_URL },
      prefix: h.service.queuePrefix,
    });
  });

  afterAll(async () => {
    await queue?.close();
    await h?.close();
  });

  const exists = (id: string): boolean => existsSync(join(h.storageDir, 'uploads', id));
  const rowOf = (id: string) => h.query(`SELECT id FROM ${h.table('documents')} WHERE id = $1`, [id]);

  it('registers one scheduler at start with the configured interval', async () => {
    const schedulers = await waitFor(
      async () => {
        const all = await queue.getJobSchedulers(0, -1);
        return all.length > 0 ? all : undefined;
      },
      { timeoutMs: 10_000, message: 'the retention job scheduler is registered' },
    );
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({
      key: RETENTION_SCHEDULER_ID,
      name: 'retention',
      every: INTERVAL_MS,
    });
    expect(schedulers[0]?.next).toEqual(expect.any(Number));
  });

  it('its occurrences run the retention by themselves: due uploads are erased with no call from the test', async () => {
    const owner = uuidv7();
    for (let round = 0; round < 2; round++) {
      // round 2 needs a later occurrence than the one that handled round 1: the job repeats
      const res = await h.upload(h.token(owner), files.pdf(), `fällig-${round}.pdf`);
      expect(res.statusCode).toBe(201);
      const { id } = res.json<{ id: string }>();
      await waitFor(async () => !exists(id) && (await rowOf(id)).length === 0, {
        timeoutMs: 15_000,
        intervalMs: 100,
        message: `the scheduled retention erased upload ${round + 1}`,
      });
      const audit = await h.query<{ details: { reason: string } }>(
        `SELECT details FROM ${h.table('audit_log')} WHERE target_id = $1 AND action = 'document.erased'`,
        [id],
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]?.details).toMatchObject({ reason: 'retention' });
    }
    const completed = await queue.getJobs(['completed'], 0, -1);
    expect(completed.length).toBeGreaterThanOrEqual(2);
    expect(completed.every((job) => job.name === 'retention')).toBe(true);
    expect(completed.reduce((sum, job) => sum + Number(job.returnvalue), 0)).toBeGreaterThanOrEqual(2);
  }, 40_000);
});
