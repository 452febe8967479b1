import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defined, waitFor } from '@buergeramt/testing';
import { Webhook } from 'standardwebhooks';
import { Harness, validDraft } from './support/harness';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver that answers with the statuses it is told, in order (then 200). */
async function receiver(): Promise<{
  url: string;
  received: Received[];
  answers: number[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Delivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  log: { statusCode: number | null; error: string | null }[];
}

describe('webhooks (real HTTP receiver, Standard Webhooks signatures)', () => {
  let h: Harness;
  let admin: string;
  let rx: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    h = await Harness.boot({ WEBHOOK_MAX_ATTEMPTS: '3' });
    admin = h.staff('admin').token;
    rx = await receiver();
  });

  afterAll(async () => {
    await rx?.close();
    await h?.close();
  });

  it('only admins manage webhooks; 422 for unknown events', async () => {
    expect((await h.as(h.staff('clerk').token, 'GET', '/admin/webhooks')).statusCode).toBe(403);
    expect((await h.as(null, 'GET', '/admin/webhooks')).statusCode).toBe(401);
    const bad = await h.as(admin, 'POST', '/admin/webhooks', {
      url: 'ftp://x',
      events: ['application.withdrawn'],
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['events', 'url']);
  });

  it('signs deliveries verifiably with the reference library, retries failures with backoff, logs each attempt', async () => {
    const created = await h.as(admin, 'POST', '/admin/webhooks', {
      url: rx.url,
      events: ['application.submitted', 'application.status-changed', 'application.decided'],
    });
    expect(created.statusCode).toBe(201);
    const { id: webhookId, secret } = created.json<{ id: string; secret: string }>();
    expect(secret).toMatch(/^whsec_/);
    expect(
      (await h.as(admin, 'GET', '/admin/webhooks')).json<{ items: { id: string; secret?: string }[] }>()
        .items,
    ).toEqual([expect.not.objectContaining({ secret: expect.anything() as unknown })]);

    // the receiver fails twice (500, 503), then accepts
    rx.answers.push(500, 503);
    const citizen = h.citizen();
    const appId = await validDraft(h, citizen.token);
    await h.as(citizen.token, 'POST', `/applications/${appId}/submit`);

    const verifier = new Webhook(secret);
    await waitFor(() => rx.received.length >= 4, { timeoutMs: 15_000, message: 'webhook requests' });
    const byId = new Map<string, Received[]>();
    for (const r of rx.received)
      byId.set(String(r.headers['webhook-id']), [...(byId.get(String(r.headers['webhook-id'])) ?? []), r]);
    for (const r of rx.received) {
      const payload = verifier.verify(r.body, {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      }) as { type: string; data: { applicationId: string } };
      expect(payload.data.applicationId).toBe(appId);
    }
    // a tampered body fails verification
    const sample = defined(rx.received[0], 'a received webhook');
    expect(() =>
      verifier.verify(sample.body.replace(appId, '00000000-0000-0000-0000-000000000000'), {
        'webhook-id': String(sample.headers['webhook-id']),
        'webhook-timestamp': String(sample.headers['webhook-timestamp']),
        'webhook-signature': String(sample.headers['webhook-signature']),
      }),
    ).toThrow();

    const deliveries = await waitFor(
      async () => {
        const page = (await h.as(admin, 'GET', `/admin/webhooks/${webhookId}/deliveries`)).json<{
          items: Delivery[];
        }>();
        return page.items.length === 2 && page.items.every((d) => d.status === 'succeeded')
          ? page.items
          : null;
      },
      { timeoutMs: 15_000, message: 'deliveries succeeded' },
    );
    expect(deliveries.map((d) => d.eventType).sort()).toEqual([
      'application.status-changed',
      'application.submitted',
    ]);
    // two failures spread over the two deliveries: four attempts in all, each logged, the last one 200
    expect(deliveries.reduce((n, d) => n + d.attempts, 0)).toBe(4);
    expect(deliveries.flatMap((d) => d.log.map((a) => a.statusCode)).sort()).toEqual([200, 200, 500, 503]);
    for (const d of deliveries) {
      expect(d.log[d.log.length - 1]?.statusCode).toBe(200);
      // every retry of one delivery carries the same webhook-id
      expect(byId.get(d.id)).toHaveLength(d.attempts);
    }
  });

  it('gives up after WEBHOOK_MAX_ATTEMPTS and marks the delivery failed', async () => {
    const dead = await receiver();
    dead.answers.push(500, 500, 500, 500);
    const created = await h.as(admin, 'POST', '/admin/webhooks', {
      url: dead.url,
      events: ['application.submitted'],
    });
    const { id } = created.json<{ id: string }>();
    const citizen = h.citizen();
    const appId = await validDraft(h, citizen.token);
    await h.as(citizen.token, 'POST', `/applications/${appId}/submit`);
    const [delivery] = await waitFor(
      async () => {
        const items = (await h.as(admin, 'GET', `/admin/webhooks/${id}/deliveries`)).json<{
          items: Delivery[];
        }>().items;
        return items[0]?.status === 'failed' ? items : null;
      },
      { timeoutMs: 15_000, message: 'delivery failed' },
    );
    expect(delivery).toMatchObject({
      attempts: 3,
      log: [{ statusCode: 500 }, { statusCode: 500 }, { statusCode: 500 }],
    });
    expect((await h.as(admin, 'DELETE', `/admin/webhooks/${id}`)).statusCode).toBe(204);
    expect((await h.as(admin, 'DELETE', `/admin/webhooks/${id}`)).statusCode).toBe(404);
    await dead.close();
  });

  it('redelivers a failed delivery on request: the same webhook-id, the full number of attempts, the log kept', async () => {
    const flaky = await receiver();
    flaky.answers.push(500, 500, 500);
    const created = await h.as(admin, 'POST', '/admin/webhooks', {
      url: flaky.url,
      events: ['application.submitted'],
    });
    const { id } = created.json<{ id: string }>();
    const citizen = h.citizen();
    const appId = await validDraft(h, citizen.token);
    await h.as(citizen.token, 'POST', `/applications/${appId}/submit`);
    const list = async () =>
      (await h.as(admin, 'GET', `/admin/webhooks/${id}/deliveries`)).json<{ items: Delivery[] }>().items;
    const failed = await waitFor(
      async () => {
        const [d] = await list();
        return d?.status === 'failed' ? d : null;
      },
      { timeoutMs: 15_000, message: 'delivery failed' },
    );
    const url = `/admin/webhooks/${id}/deliveries/${failed.id}/redeliver`;

    // only admins; another endpoint's delivery is not there
    expect((await h.as(h.staff('supervisor').token, 'POST', url)).statusCode).toBe(403);
    const other = await h.as(admin, 'POST', '/admin/webhooks', {
      url: rx.url,
      events: ['application.decided'],
    });
    const otherId = other.json<{ id: string }>().id;
    const wrong = await h.as(admin, 'POST', `/admin/webhooks/${otherId}/deliveries/${failed.id}/redeliver`);
    expect(wrong.statusCode).toBe(404);
    await h.as(admin, 'DELETE', `/admin/webhooks/${otherId}`);

    const redelivered = await h.as(admin, 'POST', url);
    expect(redelivered.statusCode).toBe(200);
    expect(redelivered.json<Delivery>()).toMatchObject({ id: failed.id, status: 'pending', attempts: 3 });
    const done = await waitFor(
      async () => {
        const [d] = await list();
        return d?.status === 'succeeded' ? d : null;
      },
      { timeoutMs: 15_000, message: 'redelivery succeeded' },
    );
    expect(done.attempts).toBe(4);
    expect(done.log.map((a) => a.statusCode)).toEqual([500, 500, 500, 200]);
    // one delivery, one webhook-id: the receiver saw it four times under the same id
    expect(flaky.received.map((r) => r.headers['webhook-id'])).toEqual(Array(4).fill(failed.id));
    // a succeeded one may be sent again, too
    expect((await h.as(admin, 'POST', url)).statusCode).toBe(200);
    await waitFor(async () => ((await list())[0]?.attempts === 5 ? true : null), {
      timeoutMs: 15_000,
      message: 'second redelivery',
    });
    const [audit] = await h.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'webhook.redelivered' AND target_id = $1`,
      [id],
    );
    expect(audit?.n).toBe(2);

    // once the endpoint is removed, there is nowhere to deliver to
    expect((await h.as(admin, 'DELETE', `/admin/webhooks/${id}`)).statusCode).toBe(204);
    const gone = await h.as(admin, 'POST', url);
    expect(gone.statusCode).toBe(409);
    expect(gone.json<{ type: string }>().type).toContain('webhook-deleted');
    await flaky.close();
  });
});

describe('webhooks: application.decided (own harness and receiver)', () => {
  let h: Harness;
  let rx: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    h = await Harness.boot();
    rx = await receiver();
  });

  afterAll(async () => {
    await rx?.close();
    await h?.close();
  });

  it('sends the decision, signed so that standardwebhooks verifies it, once, with the delivery id', async () => {
    const admin = h.staff('admin').token;
    const clerk = h.staff('clerk');
    const created = await h.as(admin, 'POST', '/admin/webhooks', {
      url: rx.url,
      events: ['application.decided'],
    });
    expect(created.statusCode).toBe(201);
    const { id: webhookId, secret } = created.json<{ id: string; secret: string }>();

    const citizen = h.citizen();
    const appId = await validDraft(h, citizen.token);
    const submitted = await h.as(citizen.token, 'POST', `/applications/${appId}/submit`);
    const reference = submitted.json<{ reference: string }>().reference;
    await h.as(clerk.token, 'POST', `/applications/${appId}/assign`, { assigneeId: 'me' });
    const decided = await h.as(clerk.token, 'POST', `/applications/${appId}/decide`, {
      outcome: 'rejected',
      reason: 'Nicht in Esslingen gemeldet.',
    });
    expect(decided.statusCode).toBe(200);

    await waitFor(() => rx.received.length >= 1, { timeoutMs: 15_000, message: 'decided webhook' });
    const request = defined(rx.received[0], 'the decided webhook');
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const payload = new Webhook(secret).verify(request.body, headers) as {
      type: string;
      timestamp: string;
      data: Record<string, unknown>;
    };
    expect(payload.type).toBe('application.decided');
    expect(payload.data).toMatchObject({
      applicationId: appId,
      subject: appId,
      reference,
      outcome: 'rejected',
      reason: 'Nicht in Esslingen gemeldet.',
      decidedByRole: 'clerk',
      serviceName: { de: 'Meldebescheinigung', en: 'Certificate of registration' },
    });
    const [event] = await h.outbox('application.decided', appId);
    expect(payload.data.eventId).toBe(event?.id);
    // signed with another secret, or tampered with, it does not verify
    expect(() =>
      new Webhook(`whsec_${Buffer.from('x'.repeat(32)).toString('base64')}`).verify(request.body, headers),
    ).toThrow();
    expect(() => new Webhook(secret).verify(request.body.replace('rejected', 'approved'), headers)).toThrow();

    const deliveries = await waitFor(
      async () => {
        const items = (await h.as(admin, 'GET', `/admin/webhooks/${webhookId}/deliveries`)).json<{
          items: Delivery[];
        }>().items;
        return items[0]?.status === 'succeeded' ? items : null;
      },
      { timeoutMs: 15_000, message: 'delivery succeeded' },
    );
    // only the subscribed event type is delivered, and only once
    expect(deliveries).toEqual([
      expect.objectContaining({ id: headers['webhook-id'], eventType: 'application.decided', attempts: 1 }),
    ]);
    expect(rx.received).toHaveLength(1);
  });
});
