// Webhook deliveries on the job mechanism: the job is written with the delivery row in the transaction of
// the event (a rolled-back change enqueues nothing), relayed, and handled once (the inbox record plus the
// delivery's state); jobs an earlier version added to the queue itself, and rows it had not handed over
// yet (the migration), are delivered too.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jobQueueName } from '@buergeramt/contracts';
import { MessagingRuntime } from '@buergeramt/messaging';
import { waitFor } from '@buergeramt/testing';
import { Queue } from 'bullmq';
import { v4 as uuidv4 } from 'uuid';
import { migrations } from '../src/migrations';
import { WebhookJobsThroughTheOutbox1766800000000 } from '../src/migrations/1766800000000-webhook-jobs-through-the-outbox';
import { deliveryId, EventPublisher } from '../src/webhooks/webhook-fanout';
import { Harness, MELDEBESCHEINIGUNG } from './support/harness';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

interface JobRow {
  id: string;
  queue: string;
  name: string;
  data: unknown;
  published_at: Date | null;
}

describe('webhook jobs (outbox.enqueue with the delivery, @OnJob handler)', () => {
  let h: Harness;
  let server: Server;
  let url: string;
  const received: Received[] = [];
  let webhookId: string;

  beforeAll(async () => {
    h = await Harness.boot({ WEBHOOK_MAX_ATTEMPTS: '3' });
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const created = await h.as(h.staff('admin').token, 'POST', '/admin/webhooks', {
      url,
      events: ['application.submitted'],
    });
    expect(created.statusCode).toBe(201);
    webhookId = created.json<{ id: string }>().id;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await h?.close();
  });

  const requestsFor = (id: string): Received[] => received.filter((r) => r.headers['webhook-id'] === id);
  const jobsOf = (id: string): Promise<JobRow[]> =>
    h.query<JobRow>(
      `SELECT id, queue, name, data, published_at FROM outbox_jobs WHERE data->>'deliveryId' = $1 ORDER BY id`,
      [id],
    );
  const delivery = async (id: string) =>
    (
      await h.query<{ status: string; attempts: number }>(
        `SELECT status, attempts FROM webhook_deliveries WHERE id = $1`,
        [id],
      )
    )[0];
  const submitted = (applicationId: string) => ({
    applicationId,
    serviceId: MELDEBESCHEINIGUNG,
    ownerId: uuidv4(),
    reference: 'ESS-2026-999999',
    documentIds: [],
  });

  it('a rolled-back change writes neither the delivery nor its job', async () => {
    const publisher = h.get(EventPublisher);
    const applicationId = uuidv4();
    let id = '';
    await expect(
      h.dataSource.transaction(async (manager) => {
        const event = await publisher.publish(
          manager,
          'application.submitted',
          applicationId,
          submitted(applicationId),
        );
        id = deliveryId(webhookId, event.id);
        // inside the transaction the job is there, next to its delivery
        const jobs: JobRow[] = await manager.query(
          `SELECT id, queue, name, data, published_at FROM outbox_jobs WHERE data->>'deliveryId' = $1`,
          [id],
        );
        expect(jobs).toEqual([
          expect.objectContaining({ queue: 'webhooks', name: 'deliver', data: { deliveryId: id } }),
        ]);
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect(await delivery(id)).toBeUndefined();
    expect(await jobsOf(id)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requestsFor(id)).toEqual([]);
  });

  it('a committed change writes the job with the delivery; it is relayed and sent once, also when run again', async () => {
    const publisher = h.get(EventPublisher);
    const applicationId = uuidv4();
    const event = await h.dataSource.transaction((manager) =>
      publisher.publish(manager, 'application.submitted', applicationId, submitted(applicationId)),
    );
    const id = deliveryId(webhookId, event.id);
    await waitFor(async () => (await delivery(id))?.status === 'succeeded', {
      timeoutMs: 15_000,
      message: 'delivery succeeded',
    });
    const [job] = await jobsOf(id);
    expect(job).toEqual({
      id: expect.any(String) as unknown,
      queue: 'webhooks',
      name: 'deliver',
      data: { deliveryId: id },
      published_at: expect.any(Date) as unknown,
    });
    expect(requestsFor(id)).toHaveLength(1);

    // the same job again (a relay that died before marking its row, BullMQ running it after a crash): the
    // inbox knows it; another job for the delivery finds it succeeded: nothing is sent
    const consumer = h.get(MessagingRuntime).jobConsumer('webhooks');
    expect(consumer).toBeDefined();
    const run = (jobId: string) =>
      consumer!.run({
        id: jobId,
        name: 'deliver',
        data: { deliveryId: id },
        attemptsMade: 0,
        opts: { attempts: 1000 },
      });
    expect(await run(job!.id)).toBe('duplicate'); // job: checked by toEqual above
    expect(await run(uuidv4())).toBe('handled');
    expect(requestsFor(id)).toHaveLength(1);
    expect(await delivery(id)).toEqual({ status: 'succeeded', attempts: 1 });
  });

  it('delivers a job the dispatcher of an earlier version added to the queue itself (job id = delivery id), once', async () => {
    const id = uuidv4();
    const eventId = uuidv4();
    await h.query(
      `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload)
       VALUES ($1, $2, $3, 'application.submitted', $4)`,
      [id, webhookId, eventId, JSON.stringify({ type: 'application.submitted', data: { eventId } })],
    );
    const queue = new Queue(jobQueueName('applications', 'webhooks'), {
      connection: { url: h.service.config.REDIS_URL },
      prefix: h.service.queuePrefix,
    });
    try {
      await queue.add(
        'deliver',
        { deliveryId: id },
        { jobId: id, attempts: 3, backoff: { type: 'exponential', delay: 100 } },
      );
      await waitFor(async () => (await delivery(id))?.status === 'succeeded', {
        timeoutMs: 15_000,
        message: 'legacy delivery succeeded',
      });
    } finally {
      await queue.close();
    }
    expect(requestsFor(id)).toHaveLength(1);
    expect(await jobsOf(id)).toEqual([]);
  });

  it('is the last migration, and gives pending deliveries the dispatcher had not handed over their jobs', async () => {
    expect(migrations.at(-1)).toBe(WebhookJobsThroughTheOutbox1766800000000);
    const migration = new WebhookJobsThroughTheOutbox1766800000000();
    const runner = h.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      const [waiting, handedOver, done] = [uuidv4(), uuidv4(), uuidv4()];
      for (const [id, status, enqueued] of [
        [waiting, 'pending', null],
        [handedOver, 'pending', new Date()],
        [done, 'succeeded', null],
      ] as const) {
        const eventId = uuidv4();
        await h.query(
          `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, status, enqueued_at)
           VALUES ($1, $2, $3, 'application.submitted', $4, $5, $6)`,
          [id, webhookId, eventId, JSON.stringify({ data: { eventId } }), status, enqueued],
        );
      }
      await migration.up(runner);
      expect(await jobsOf(waiting)).toEqual([
        expect.objectContaining({ queue: 'webhooks', name: 'deliver', data: { deliveryId: waiting } }),
      ]);
      expect(await jobsOf(handedOver)).toEqual([]);
      expect(await jobsOf(done)).toEqual([]);
      const columns = await h.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = 'webhook_deliveries'`,
      );
      expect(columns.map((c) => c.column_name)).not.toContain('enqueued_at');
      // the relay hands the migrated job over; the delivery is sent once
      await waitFor(async () => (await delivery(waiting))?.status === 'succeeded', {
        timeoutMs: 15_000,
        message: 'migrated delivery succeeded',
      });
      expect(requestsFor(waiting)).toHaveLength(1);
      expect(requestsFor(handedOver)).toEqual([]);
    } finally {
      await runner.release();
    }
  });
});
