import { MetricsService } from '@buergeramt/platform';
import { defined, waitFor } from '@buergeramt/testing';
import { v7 as uuidv7 } from 'uuid';
import type { DeliveryEntity } from '../src/deliveries/delivery.entity';
import { DirectMail } from '../src/mail/direct-mail';
import { aPerson, anEvent, type Person, token } from './support/events';
import { type Harness, MAIL_ATTEMPTS, startHarness } from './support/harness';

function resetMail(person: Person) {
  return anEvent('identity.password-reset-requested', {
    ...person,
    token: token(),
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  });
}

describe('delivery: retries, failures and the delivery log (real SMTP server)', () => {
  let h: Harness;
  let admin: string;

  beforeAll(async () => {
    h = await startHarness();
    admin = h.identity.token(uuidv7(), { roles: ['admin'] });
  });

  afterEach(async () => {
    h.smtp.setFailure('none');
    await h.smtp.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  const deliveryOf = async (eventId: string): Promise<DeliveryEntity | undefined> =>
    (await h.deliveries({ eventId }))[0];

  it('delivers once when the SMTP server is down for a while and back, and the log shows the retries', async () => {
    const person = aPerson();
    const event = resetMail(person);
    await h.smtp.stop();
    await h.publish(event);
    await waitFor(async () => ((await deliveryOf(event.id))?.attempts ?? 0) >= 2, {
      message: 'two failed tries',
    });
    expect(h.mailsTo(person.email)).toHaveLength(0);

    await h.smtp.start();
    const mail = await h.mailTo(person.email);
    await h.settle();
    expect(h.mailsTo(person.email)).toHaveLength(1);
    const delivery = (await deliveryOf(event.id))!;
    expect(delivery).toMatchObject({ status: 'sent', lastError: null, content: null, params: null });
    expect(delivery.attempts).toBeGreaterThanOrEqual(3);
    expect(delivery.history.map((a) => a.outcome)).toEqual([
      ...Array.from({ length: delivery.attempts - 1 }, () => 'retry'),
      'sent',
    ]);
    expect(delivery.history[0]?.error).toMatch(/ECONNREFUSED/);
    expect(delivery.messageId).toBe(mail.headers['message-id']);
    expect(delivery.messageId).toBe(`<${delivery.id}@esslingen.example>`);
    expect(delivery.serverResponse).toMatch(/^250 /);
  });

  it('retries after a 4xx answer and delivers once the server accepts', async () => {
    const person = aPerson();
    const event = resetMail(person);
    h.smtp.setFailure('temporary', 'rcpt');
    await h.publish(event);
    await waitFor(async () => ((await deliveryOf(event.id))?.attempts ?? 0) >= 2);
    h.smtp.setFailure('none');
    await h.mailTo(person.email);
    await h.settle();
    const delivery = (await deliveryOf(event.id))!;
    expect(delivery.status).toBe('sent');
    expect(delivery.history[0]).toMatchObject({ outcome: 'retry', code: 451 });
    expect(h.mailsTo(person.email)).toHaveLength(1);
  });

  it('fails for good at once on a 5xx answer, and an admin can retry it', async () => {
    const person = aPerson();
    const event = resetMail(person);
    h.smtp.setFailure('permanent', 'rcpt');
    await h.publish(event);
    const failed = await waitFor(async () => {
      const d = await deliveryOf(event.id);
      return d?.status === 'failed' ? d : null;
    });
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/550/);
    expect(failed.history).toEqual([expect.objectContaining({ outcome: 'failed', code: 550 })]);
    expect(h.smtp.rejections.filter((r) => r.recipients.includes(person.email))).toHaveLength(1);

    const list = await h.request({
      method: 'GET',
      url: '/admin/notifications/deliveries?status=failed',
      token: admin,
    });
    expect(list.statusCode).toBe(200);
    const item = list.json<{ items: { id: string }[] }>().items.find((d) => d.id === failed.id);
    expect(item).toMatchObject({
      kind: 'password-reset',
      status: 'failed',
      recipient: person.email,
      subject: 'Neues Passwort festlegen',
      attempts: 1,
      eventId: event.id,
      eventType: 'identity.password-reset-requested',
    });
    expect(JSON.stringify(list.json())).not.toContain('passwort-neu?token'); // never the content

    h.smtp.setFailure('none');
    const retry = await h.request({
      method: 'POST',
      url: `/admin/notifications/deliveries/${failed.id}/retry`,
      token: admin,
    });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ id: failed.id, status: 'queued' });
    await h.mailTo(person.email);
    await h.settle();
    expect(await deliveryOf(event.id)).toMatchObject({ status: 'sent', attempts: 2 });

    const again = await h.request({
      method: 'POST',
      url: `/admin/notifications/deliveries/${failed.id}/retry`,
      token: admin,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ type: 'delivery-not-retryable', status: 409 });
  });

  it('fails for good after the last attempt when the server keeps answering 4xx', async () => {
    const person = aPerson();
    const event = resetMail(person);
    h.smtp.setFailure('temporary', 'data');
    await h.publish(event);
    const failed = await waitFor(
      async () => {
        const d = await deliveryOf(event.id);
        return d?.status === 'failed' ? d : null;
      },
      { timeoutMs: 15_000 },
    );
    // the try right after the event, then the job's MAIL_ATTEMPTS
    expect(failed.attempts).toBe(MAIL_ATTEMPTS + 1);
    expect(failed.history.map((a) => a.outcome)).toEqual([
      ...Array.from({ length: MAIL_ATTEMPTS }, () => 'retry'),
      'failed',
    ]);
    expect(failed.lastError).toMatch(/451/);
    expect(h.mailsTo(person.email)).toHaveLength(0);
    // exponential backoff: every pause of the job at least as long as the one before
    const times = failed.history.slice(1).map((a) => Date.parse(a.at));
    const gaps = times.slice(1).map((t, i) => t - defined(times[i]));
    gaps.slice(1).forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(defined(gaps[i]) - 50));
  });

  it('lists the log newest first, filtered and paginated, for admins only', async () => {
    const people = [aPerson(), aPerson(), aPerson()];
    await h.publish(...people.map(resetMail));
    await h.settle();
    const page1 = await h.request({
      method: 'GET',
      url: '/admin/notifications/deliveries?status=sent&limit=2',
      token: admin,
    });
    expect(page1.statusCode).toBe(200);
    const body1 = page1.json();
    expect(body1.items).toHaveLength(2);
    expect(body1.nextCursor).toEqual(expect.any(String));
    const page2 = await h.request({
      method: 'GET',
      url: `/admin/notifications/deliveries?status=sent&limit=2&cursor=${body1.nextCursor}`,
      token: admin,
    });
    const ids = [...body1.items, ...page2.json().items].map((d: { id: string }) => d.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      [...body1.items, ...page2.json().items].every((d: { status: string }) => d.status === 'sent'),
    ).toBe(true);

    const citizen = h.identity.token(uuidv7());
    expect(
      (await h.request({ method: 'GET', url: '/admin/notifications/deliveries', token: citizen })).statusCode,
    ).toBe(403);
    expect((await h.request({ method: 'GET', url: '/admin/notifications/deliveries' })).statusCode).toBe(401);
    const invalid = await h.request({
      method: 'GET',
      url: '/admin/notifications/deliveries?status=lost',
      token: admin,
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors).toEqual([expect.objectContaining({ field: 'status' })]);
    const unknown = await h.request({
      method: 'POST',
      url: `/admin/notifications/deliveries/${uuidv7()}/retry`,
      token: admin,
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('delivery: the rate limit', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ MAIL_RATE_PER_MINUTE: '2' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('hands no more mails to the SMTP server per minute than MAIL_RATE_PER_MINUTE', async () => {
    const people = [aPerson(), aPerson(), aPerson()];
    await h.publish(...people.map(resetMail));
    await waitFor(() => h.smtp.messages.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(h.smtp.messages).toHaveLength(2);
    expect(await h.deliveries({ status: 'queued' })).toHaveLength(1);
  });
});

describe('delivery: right after the event’s commit (MAIL_DIRECT_SEND), the job held back as its fallback', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  const jobRows = (deliveryId: string): Promise<{ published_at: Date | null; not_before: Date | null }[]> =>
    h.db.query(
      `SELECT published_at, not_before FROM "${h.service.schema.schema}".outbox_jobs WHERE data->>'deliveryId' = $1`,
      [deliveryId],
    );

  it('sends the mail without a queue job and deletes the held job with the sent mark', async () => {
    const person = aPerson();
    const event = resetMail(person);
    const queuedBefore = await h.mailQueue.getJobCounts();
    await h.publish(event);
    await h.mailTo(person.email);
    await h.settle();
    const delivery = defined((await h.deliveries({ eventId: event.id }))[0], 'the delivery');
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1, content: null });
    expect(delivery.history.map((a) => a.outcome)).toEqual(['sent']);
    expect(await jobRows(delivery.id)).toEqual([]);
    expect(await h.mailQueue.getJobCounts()).toEqual(queuedBefore);
    expect(h.mailsTo(person.email)).toHaveLength(1);
  });

  it('sends the mail once, by its job, when the process died before trying (the hold ends)', async () => {
    const direct = h.service.app.get(DirectMail);
    // the process dies between the commit and the try: nothing starts
    const start = jest.spyOn(direct, 'start').mockImplementation(() => undefined);
    const person = aPerson();
    const event = resetMail(person);
    try {
      await h.publish(event);
      const delivery = defined(await waitFor(async () => (await h.deliveries({ eventId: event.id }))[0]));
      expect(start).toHaveBeenCalledTimes(1);
      const [row] = await jobRows(delivery.id);
      expect(row).toMatchObject({ published_at: null });
      const heldFor = (row?.not_before?.getTime() ?? 0) - Date.now();
      expect(heldFor).toBeGreaterThan(170_000); // MAIL_DIRECT_HOLD_SECONDS, 180 s by default
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the relay polls every second
      expect(await jobRows(delivery.id)).toEqual([expect.objectContaining({ published_at: null })]);
      expect(h.mailsTo(person.email)).toHaveLength(0);
    } finally {
      start.mockRestore();
    }
    // the hold ends (as if 180 s had passed): the relay gives the job to the queue, which sends the mail
    await h.db.query(
      `UPDATE "${h.service.schema.schema}".outbox_jobs SET not_before = now() WHERE data->>'deliveryId' IN
         (SELECT id::text FROM "${h.service.schema.schema}".deliveries WHERE event_id = $1)`,
      [event.id],
    );
    await h.mailTo(person.email);
    await h.settle();
    expect(h.mailsTo(person.email)).toHaveLength(1);
    const delivery = defined((await h.deliveries({ eventId: event.id }))[0]);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await jobRows(delivery.id)).toEqual([expect.objectContaining({ published_at: expect.any(Date) })]);
  });
});

describe('delivery: right after the commit, with one SMTP slot (MAIL_CONCURRENCY=1)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ MAIL_CONCURRENCY: '1' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('sends mails that wait for the slot one after the other, none through the queue', async () => {
    const people = Array.from({ length: 6 }, () => aPerson());
    const jobsBefore = await h.mailQueue.getJobCounts();
    await h.publish(...people.map(resetMail));
    for (const person of people) await h.mailTo(person.email);
    await h.settle();
    const outcomes = await h.service.app
      .get(MetricsService)
      .registry.getSingleMetric('mail_direct_sends_total')
      ?.get();
    expect(outcomes?.values).toEqual([expect.objectContaining({ labels: { outcome: 'sent' }, value: 6 })]);
    expect(await h.mailQueue.getJobCounts()).toEqual(jobsBefore);
    for (const person of people) expect(h.mailsTo(person.email)).toHaveLength(1);
  });
});

describe('delivery: the mail job (outbox, relay, @OnJob)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ MAIL_DIRECT_SEND: 'false' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const outboxJobs = (
    deliveryId: string,
  ): Promise<{ name: string; data: unknown; published_at: Date | null }[]> =>
    h.db.query(
      `SELECT name, data, published_at FROM "${h.service.schema.schema}".outbox_jobs WHERE data->>'deliveryId' = $1`,
      [deliveryId],
    );

  it('is written with the delivery row in the event’s transaction, named by the kind, and relayed', async () => {
    const person = aPerson();
    const event = resetMail(person);
    await h.publish(event);
    await h.mailTo(person.email);
    await h.settle();
    const delivery = defined((await h.deliveries({ eventId: event.id }))[0], 'the delivery');
    expect(delivery.status).toBe('sent');
    const jobs = await outboxJobs(delivery.id);
    expect(jobs).toEqual([
      { name: 'password-reset', data: { deliveryId: delivery.id }, published_at: expect.any(Date) },
    ]);
  });

  it('sends a mail whose job an earlier version added to the queue itself (job id = delivery id), once', async () => {
    // a queued delivery as the mail dispatcher of an earlier version left it: its job in Redis, no outbox row
    const id = uuidv7();
    const address = `legacy-${id}@example.org`;
    await h.db.query(
      `INSERT INTO "${h.service.schema.schema}".deliveries
         (id, dedupe_key, kind, status, recipient_email, locale, subject, content)
       VALUES ($1::uuid, 'legacy:' || $1::text, 'password-reset', 'queued', $2, 'de', 'Neues Passwort festlegen', $3::jsonb)`,
      [id, address, JSON.stringify({ text: 'Hallo', html: '<p>Hallo</p>', attachments: [] })],
    );
    await h.mailQueue.add(
      'password-reset',
      { deliveryId: id },
      {
        jobId: id,
        attempts: MAIL_ATTEMPTS,
        backoff: { type: 'exponential', delay: 150 },
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
    const mail = await h.mailTo(address);
    await h.settle();
    expect(mail.subject).toBe('Neues Passwort festlegen');
    const [legacy] = await h.deliveries({ id });
    expect(legacy).toMatchObject({ status: 'sent', messageId: `<${id}@esslingen.example>`, attempts: 1 });
    expect(h.mailsTo(address)).toHaveLength(1);
    expect(await outboxJobs(id)).toEqual([]);
  });
});
