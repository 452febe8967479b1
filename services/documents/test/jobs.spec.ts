// Letters on the job mechanism: the issue job is written in the transaction of the decision's event (a
// rolled-back one enqueues nothing), relayed, and handled once (the inbox record plus the one-letter index);
// a job an earlier version added to the queue itself is run too. Without CLAMAV_URL no scan worker runs.
// The scan jobs are tested with a real clamd in clamd.spec.ts.
import { MessagingRuntime } from '@buergeramt/messaging';
import { Queue } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import { CasesConsumer } from '../src/cases/cases.consumer';
import { ISSUE_QUEUE, issueJobId } from '../src/queues/queue-names';
import { anApplication, anEvent, type Harness, startHarness } from './support/harness';

interface JobRow {
  id: string;
  queue: string;
  name: string;
  job_id: string | null;
  published_at: Date | null;
}

describe('job mechanism: decision letters (outbox.enqueue in the event’s transaction, @OnJob)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  const decision = (ownerId = uuidv7()) =>
    anEvent('application.decided', {
      ...anApplication(ownerId),
      reference: `ESS-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      outcome: 'approved',
      reason: 'Alle Voraussetzungen sind erfüllt.',
      decidedAt: new Date('2026-03-02T09:30:00Z').toISOString(),
      decidedByRole: 'clerk',
      serviceName: { de: 'Meldebescheinigung', en: 'Certificate of registration' },
      applicant: { givenName: 'Erika', familyName: 'Mustermann' },
    });
  const jobsOf = (applicationId: string): Promise<JobRow[]> =>
    h.query<JobRow>(
      `SELECT id, queue, name, job_id, published_at FROM ${h.table('outbox_jobs')} WHERE job_id = $1`,
      [issueJobId(applicationId)],
    );
  const letters = (applicationId: string) =>
    h.query<{ id: string }>(
      `SELECT id FROM ${h.table('documents')} WHERE application_id = $1 AND kind = 'issued'`,
      [applicationId],
    );
  const issuedEvents = (applicationId: string) =>
    h.query(
      `SELECT id FROM ${h.table('outbox')} WHERE type = 'document.issued' AND data->>'applicationId' = $1`,
      [applicationId],
    );

  it('runs no scan worker without CLAMAV_URL, and one for the letters', () => {
    const queues = h.service.app.get(MessagingRuntime).jobQueues;
    expect(queues).toContain('issue');
    expect(queues).not.toContain('scan');
  });

  it('a rolled-back decision writes no job and issues nothing', async () => {
    const event = decision();
    const consumer = h.service.app.get(CasesConsumer);
    await expect(
      h.db.transaction(async (manager) => {
        await consumer.decided(event, manager);
        const inside: unknown[] = await manager.query(
          `SELECT id FROM ${h.table('outbox_jobs')} WHERE job_id = $1`,
          [issueJobId(event.data.applicationId)],
        );
        expect(inside).toHaveLength(1);
        throw new Error('the event’s transaction fails');
      }),
    ).rejects.toThrow('fails');
    await h.settle();
    expect(await jobsOf(event.data.applicationId)).toEqual([]);
    expect(await letters(event.data.applicationId)).toEqual([]);
  });

  it('a committed decision writes the job with the case; it is relayed and issues one letter, also when run again', async () => {
    const event = decision();
    const { applicationId } = event.data;
    await h.publish(event);
    await h.settle();
    const [job] = await jobsOf(applicationId);
    expect(job).toMatchObject({
      queue: 'issue',
      name: 'issue',
      job_id: issueJobId(applicationId),
      published_at: expect.any(Date) as unknown,
    });
    expect(await letters(applicationId)).toHaveLength(1);

    const consumer = h.service.app.get(MessagingRuntime).jobConsumer('issue');
    expect(consumer).toBeDefined();
    const run = (jobId: string) =>
      consumer!.run({
        id: jobId,
        name: 'issue',
        data: { ...event.data, eventId: event.id },
        attemptsMade: 0,
        opts: { attempts: 1000 },
      });
    // the same job again (re-added, or run again after a crash): its inbox record skips it
    expect(await run(issueJobId(applicationId))).toBe('duplicate');
    // another job for the same application: the letter exists, nothing new
    expect(await run(uuidv7())).toBe('handled');
    expect(await letters(applicationId)).toHaveLength(1);
    expect(await issuedEvents(applicationId)).toHaveLength(1);
  });

  it('issues the letter of a job an earlier version added to the queue itself, once', async () => {
    const event = decision();
    const { applicationId } = event.data;
    const queue = new Queue(ISSUE_QUEUE, {
      connection: { url: h.service.config.REDIS_URL },
      prefix: h.service.queuePrefix,
    });
    try {
      await queue.add(
        'issue',
        { ...event.data, eventId: event.id },
        {
          jobId: issueJobId(applicationId),
          attempts: 8,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: false,
        },
      );
      await h.settle();
    } finally {
      await queue.close();
    }
    expect(await letters(applicationId)).toHaveLength(1);
    expect(await issuedEvents(applicationId)).toHaveLength(1);
    expect(await jobsOf(applicationId)).toEqual([]);
  });
});
