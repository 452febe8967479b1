import { randomBytes } from 'node:crypto';
import {
  type DomainEvent,
  eventQueueName,
  type EventPayloads,
  jobQueueName,
  type EventType,
  type Role,
} from '@buergeramt/contracts';
import { createEvent, eventJobOptions } from '@buergeramt/messaging';
import {
  bootService,
  defined,
  drainQueues,
  type ServiceUnderTest,
  TestTokenIssuer,
  waitFor,
} from '@buergeramt/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { LightMyRequestResponse } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { DataSource } from 'typeorm';
import { AppModule, OPENAPI } from '../../src/app.module';
import { Clock } from '@buergeramt/platform';
import { AppointmentsConfig } from '../../src/config';

export interface OutboxRow<T extends EventType = EventType> {
  id: string;
  type: T;
  subject: string;
  data: EventPayloads[T];
}

export interface LocationSetup {
  name?: string;
  counters?: number;
  /** [weekday, opens, closes]; default Monday–Friday 08:00–12:00 */
  hours?: [number, string, string][];
  durationMinutes?: number;
  slotIntervalMinutes?: number;
  maxFutureBookingsPerPerson?: number;
  bookingWindowDays?: number;
  minLeadMinutes?: number;
  serviceId?: string;
}

export interface SetUpLocation {
  id: string;
  serviceId: string;
  counterIds: string[];
}

/** The appointments service booked like main.ts, with real tokens, a settable clock and helpers. */
export class Harness {
  private fixedNow: Date | null = null;
  private readonly redis: Redis;
  readonly eventQueue: Queue;
  readonly expiryQueue: Queue;

  private constructor(
    readonly service: ServiceUnderTest<AppointmentsConfig>,
    readonly issuer: TestTokenIssuer,
  ) {
    const clock = service.app.get(Clock);
    const real = clock.now.bind(clock);
    clock.now = () => (this.fixedNow ? new Date(this.fixedNow) : real());
    this.redis = new Redis(service.config.REDIS_URL, { maxRetriesPerRequest: null });
    const options = { connection: this.redis, prefix: service.queuePrefix };
    this.eventQueue = new Queue(eventQueueName('appointments'), options);
    this.expiryQueue = new Queue(jobQueueName('appointments', 'expiry'), options);
  }

  static async boot(env: Record<string, string> = {}): Promise<Harness> {
    const issuer = await new TestTokenIssuer().start();
    const service = await bootService(
      'appointments',
      AppointmentsConfig,
      (config) => AppModule.register(config),
      OPENAPI,
      {
        ...issuer.env(),
        PUBLIC_BASE_URL: 'https://buergeramt.example',
        MANAGE_TOKEN_SECRET: randomBytes(32).toString('base64url'),
        ...env,
      },
    );
    return new Harness(service, issuer);
  }

  async close(): Promise<void> {
    await this.eventQueue.close();
    await this.expiryQueue.close();
    this.redis.disconnect();
    await this.service.close();
    await this.issuer.stop();
  }

  /** Fixes the service's clock (null: real time again). */
  setNow(now: Date | string | null): void {
    this.fixedNow = now === null ? null : new Date(now);
  }

  get dataSource(): DataSource {
    return this.service.app.get<DataSource>(getDataSourceToken());
  }

  get<T>(token: new (...args: never[]) => T): T {
    return this.service.app.get(token);
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  table(name: string): string {
    return `"${this.service.schema.schema}"."${name}"`;
  }

  // --------------------------------------------------------------------------------------- tokens

  citizen(id: string = uuidv7()): { id: string; token: string } {
    return { id, token: this.issuer.userToken(id, ['citizen']) };
  }

  staff(role: Role = 'clerk', locationIds?: string[]): { id: string; token: string } {
    const id = uuidv7();
    return { id, token: this.issuer.userToken(id, [role], locationIds ? { locationIds } : {}) };
  }

  get adminToken(): string {
    return this.issuer.userToken('00000000-0000-7000-8000-00000000a0a0', ['admin']);
  }

  // ----------------------------------------------------------------------------------------- HTTP

  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    return this.service.inject({
      method,
      url,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });
  }

  admin(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse> {
    return this.request(method, url, { token: this.adminToken, body });
  }

  /** A location with counters, weekly hours and one offered service, through the admin API. */
  async setUpLocation(setup: LocationSetup = {}): Promise<SetUpLocation> {
    const created = await this.admin('POST', '/admin/locations', {
      name: setup.name ?? `Bürgeramt ${uuidv7().slice(-6)}`,
      address: { street: 'Rathausplatz 2', postalCode: '73728', city: 'Esslingen am Neckar' },
      slotIntervalMinutes: setup.slotIntervalMinutes ?? 15,
      ...(setup.bookingWindowDays ? { bookingWindowDays: setup.bookingWindowDays } : {}),
      ...(setup.minLeadMinutes !== undefined ? { minLeadMinutes: setup.minLeadMinutes } : {}),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const counterIds: string[] = [];
    for (let i = 1; i <= (setup.counters ?? 2); i += 1) {
      const counter = await this.admin('POST', `/admin/locations/${id}/counters`, { name: `Schalter ${i}` });
      expect(counter.statusCode).toBe(201);
      counterIds.push(counter.json<{ id: string }>().id);
    }
    const hours =
      setup.hours ?? [1, 2, 3, 4, 5].map((d) => [d, '08:00', '12:00'] as [number, string, string]);
    const set = await this.admin('PUT', `/admin/locations/${id}/opening-hours`, {
      ranges: hours.map(([weekday, opens, closes]) => ({ weekday, opens, closes })),
    });
    expect(set.statusCode).toBe(200);
    const serviceId = setup.serviceId ?? uuidv7();
    const offer = await this.admin('PUT', `/admin/locations/${id}/services/${serviceId}`, {
      durationMinutes: setup.durationMinutes ?? 15,
      maxFutureBookingsPerPerson: setup.maxFutureBookingsPerPerson ?? 1,
    });
    expect(offer.statusCode).toBe(200);
    return { id, serviceId, counterIds };
  }

  async slots(
    serviceId: string,
    locationId: string | null,
    from: string,
    to: string,
  ): Promise<{ locationId: string; start: string; end: string }[]> {
    const res = await this.request(
      'GET',
      `/slots?serviceId=${serviceId}${locationId ? `&locationId=${locationId}` : ''}&from=${from}&to=${to}`,
    );
    expect(res.statusCode).toBe(200);
    return res.json<{ items: { locationId: string; start: string; end: string }[] }>().items;
  }

  // --------------------------------------------------------------------------------------- events

  /** Adds an event to this service's event queue exactly as the outbox relay does (job id = event id). */
  async deliver<T extends EventType>(
    type: T,
    subject: string,
    data: EventPayloads[T],
    occurredAt?: string,
  ): Promise<DomainEvent<T>> {
    const event = createEvent(type, subject, data, {
      source: type.startsWith('identity') ? 'identity' : 'applications',
      ...(occurredAt ? { occurredAt: new Date(occurredAt) } : {}),
    });
    await this.eventQueue.add(type, event, eventJobOptions(event));
    await drainQueues([this.eventQueue]);
    return event;
  }

  /** Outbox rows of a type (optionally about one subject), oldest first. */
  outbox<T extends EventType>(type: T, subject?: string): Promise<OutboxRow<T>[]> {
    return this.query<OutboxRow<T>>(
      `SELECT id, type, subject, data FROM ${this.table('outbox')} WHERE type = $1 AND ($2::text IS NULL OR subject = $2)
        ORDER BY created_at, id`,
      [type, subject ?? null],
    );
  }

  /** The expiry job rows the booking of `appointmentId` wrote (`outbox_jobs`, relayed or not). */
  expiryJobRows(appointmentId: string): Promise<ExpiryJobRow[]> {
    return this.query<ExpiryJobRow>(
      `SELECT name, job_id AS "jobId", data, delay_ms::int AS "delayMs", published_at AS "publishedAt"
         FROM ${this.table('outbox_jobs')} WHERE queue = 'expiry' AND data->>'appointmentId' = $1
        ORDER BY created_at, id`,
      [appointmentId],
    );
  }

  /** The expiry job of `appointmentId` in the expiry queue, once the relay has handed its row over. */
  async expiryJob(appointmentId: string): Promise<Job<{ appointmentId: string }>> {
    return waitFor(
      async () => {
        const rows = await this.expiryJobRows(appointmentId);
        if (rows.length === 0 || !rows.every((row) => row.publishedAt)) return null;
        const job: Job<{ appointmentId: string }> | undefined = await this.expiryQueue.getJob(
          `expire-${appointmentId}`,
        );
        return job ?? null;
      },
      { message: `the expiry job of ${appointmentId} relayed` },
    );
  }

  waitForOutbox<T extends EventType>(type: T, subject: string): Promise<OutboxRow<T>[]> {
    return waitFor(async () => {
      const rows = await this.outbox(type, subject);
      return rows.length > 0 ? rows : null;
    });
  }
}

export interface ExpiryJobRow {
  name: string;
  jobId: string;
  data: { appointmentId: string };
  delayMs: number;
  publishedAt: Date | null;
}

/** Counts rows of two active appointments overlapping on one counter: must always be 0. */
export async function overlappingPairs(h: Harness): Promise<number> {
  const [row] = await h.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${h.table('appointments')} a JOIN ${h.table('appointments')} b
       ON a.counter_id = b.counter_id AND a.id < b.id AND a.period && b.period
      WHERE a.status NOT IN ('cancelled', 'expired') AND b.status NOT IN ('cancelled', 'expired')`,
  );
  return defined(row, 'the count').n;
}

/** The next date (YYYY-MM-DD) on or after `from` with ISO weekday `weekday` that is no public holiday in BW. */
export function nextWeekday(from: string, weekday: number, skip: string[] = []): string {
  const date = new Date(`${from}T12:00:00Z`);
  for (;;) {
    const iso = date.toISOString().slice(0, 10);
    const wd = ((date.getUTCDay() + 6) % 7) + 1;
    if (wd === weekday && !skip.includes(iso)) return iso;
    date.setUTCDate(date.getUTCDate() + 1);
  }
}
