import { randomBytes } from 'node:crypto';
import {
  DEMO_SERVICE_IDS,
  eventQueueName,
  type EventPayloads,
  type EventType,
  type ServiceName,
} from '@buergeramt/contracts';
import { createEvent, eventJobOptions } from '@buergeramt/messaging';
import { bootService, drainQueues, type ServiceUnderTest, TestTokenIssuer } from '@buergeramt/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { DataSource } from 'typeorm';
import { v4 as uuidv4 } from 'uuid';
import { AppModule, OPENAPI } from '../../src/app.module';
import { Clock } from '@buergeramt/platform';
import { ApplicationsConfig } from '../../src/config';

export interface OutboxRow<T extends EventType = EventType> {
  id: string;
  type: T;
  subject: string;
  data: EventPayloads[T];
}

/** The applications service booted like main.ts (demo catalogue seeded), with genuine ES256 tokens. */
export class Harness {
  private fixedNow: Date | null = null;

  private constructor(
    readonly service: ServiceUnderTest<ApplicationsConfig>,
    readonly issuer: TestTokenIssuer,
    readonly events: Queue,
  ) {
    // the one Clock of the app (PlatformModule's, global): settable, like the appointments harness
    const clock = service.app.get(Clock);
    const real = clock.now.bind(clock);
    clock.now = () => (this.fixedNow ? new Date(this.fixedNow) : real());
  }

  /** Fixes the service's clock (null: real time again). */
  setNow(now: Date | string | null): void {
    this.fixedNow = now === null ? null : new Date(now);
  }

  get<T>(token: new (...args: never[]) => T): T {
    return this.service.app.get(token);
  }

  static async boot(env: Record<string, string> = {}): Promise<Harness> {
    const issuer = await new TestTokenIssuer().start();
    const service = await bootService(
      'applications',
      ApplicationsConfig,
      (config) => AppModule.register(config),
      OPENAPI,
      {
        ...issuer.env(),
        DEMO_SEED: 'true',
        FEEDBACK_TOKEN_SECRET: randomBytes(32).toString('base64url'),
        // the tests read fresh figures after each change (one test below runs with the cache on)
        TRANSPARENCY_CACHE_SECONDS: '0',
        WEBHOOK_BACKOFF_MS: '100',
        WEBHOOK_TIMEOUT_MS: '2000',
        ...env,
      },
    );
    const events = new Queue(eventQueueName('applications'), {
      connection: { url: service.config.REDIS_URL },
      prefix: service.queuePrefix,
    });
    return new Harness(service, issuer, events);
  }

  get dataSource(): DataSource {
    return this.service.app.get<DataSource>(getDataSourceToken());
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  inject(options: InjectOptions | string): Promise<LightMyRequestResponse> {
    return this.service.inject(options);
  }

  /** A request with `Authorization: Bearer <token>` (no token for `null`). */
  as(
    token: string | null,
    method: InjectOptions['method'],
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    return this.inject({
      method,
      url,
      payload: payload as never,
      headers: token ? { authorization: `Bearer ${token}`, ...headers } : headers,
    });
  }

  citizen(id: string = uuidv4()): { id: string; token: string } {
    return { id, token: this.issuer.userToken(id, ['citizen']) };
  }

  staff(role: 'clerk' | 'supervisor' | 'admin', id: string = uuidv4()): { id: string; token: string } {
    return { id, token: this.issuer.userToken(id, [role]) };
  }

  client(scopes: ('applications:read' | 'applications:write' | 'catalogue:read')[]): string {
    return this.issuer.clientToken(`client-${uuidv4().slice(0, 8)}`, scopes);
  }

  /** Delivers an event the way the relay of another service does: on our event queue, job id = event id. */
  async feed<T extends EventType>(
    type: T,
    data: EventPayloads[T],
    source: ServiceName = 'documents',
    occurredAt?: Date,
  ): Promise<string> {
    const event = createEvent(type, 'subject', data, { source, occurredAt });
    await this.events.add(type, event, eventJobOptions(event));
    return event.id;
  }

  async drain(): Promise<void> {
    await drainQueues([this.events]);
  }

  /** A clean document of `ownerId`, known through document.status-changed. */
  async cleanDocument(ownerId: string): Promise<string> {
    const documentId = uuidv4();
    await this.feed('document.status-changed', {
      documentId,
      ownerId,
      status: 'clean',
      mediaType: 'application/pdf',
    });
    return documentId;
  }

  async outbox<T extends EventType>(type: T, subject?: string): Promise<OutboxRow<T>[]> {
    const rows = await this.query<OutboxRow<T>>(
      `SELECT id, type, subject, data FROM outbox WHERE type = $1 ORDER BY created_at, id`,
      [type],
    );
    return subject === undefined ? rows : rows.filter((r) => r.subject === subject);
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.service.close();
    await this.issuer.stop();
  }
}

export const MELDEBESCHEINIGUNG = DEMO_SERVICE_IDS.meldebescheinigung;
export const PARKAUSWEIS = DEMO_SERVICE_IDS.bewohnerparkausweis;
export const HUND = DEMO_SERVICE_IDS['hundesteuer-anmeldung'];

/** Valid data for the demo form of the Meldebescheinigung. */
export const MELDE_DATA = {
  applicant: { givenName: 'Erika', familyName: 'Mustermann', birthDate: '1980-04-12' },
  kind: 'einfach',
  purpose: 'Arbeitgeber',
};

/** A citizen's draft of the Meldebescheinigung with valid data; returns its id. */
export async function validDraft(h: Harness, token: string, data: unknown = MELDE_DATA): Promise<string> {
  const created = await h.as(token, 'POST', '/applications', { serviceId: MELDEBESCHEINIGUNG });
  if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`);
  const id = created.json<{ id: string }>().id;
  const patched = await h.as(token, 'PATCH', `/applications/${id}`, { data });
  if (patched.statusCode !== 200) throw new Error(`patch: ${patched.statusCode} ${patched.body}`);
  return id;
}
