import { type DomainEvent, eventQueueName, jobQueueName } from '@buergeramt/contracts';
import { eventJobOptions } from '@buergeramt/messaging';
import {
  bootService,
  drainQueues,
  type ServiceUnderTest,
  startSmtpServer,
  type TestSmtpServer,
  waitFor,
} from '@buergeramt/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { DataSource, FindOptionsWhere } from 'typeorm';
import { AppModule, OPENAPI } from '../../src/app.module';
import { NotificationsConfig } from '../../src/config';
import { DeliveryEntity } from '../../src/deliveries/delivery.entity';
import { REMINDER_QUEUE } from '../../src/queues/queue-names';
import { type ParsedMail, parseReceived } from './mime';
import { AUDIENCE, ISSUER, TestIdentity } from './auth';

export const PUBLIC_BASE_URL = 'https://buergeramt.example.org/portal';
export const CITY_NAME = 'Stadt Esslingen am Neckar';
export const CITY_CONTACT = 'Bürgeramt, Ritterstraße 17, 73728 Esslingen · Telefon 0711 0000-0';
export const MAIL_FROM = 'Bürgeramt Esslingen <buergeramt@esslingen.example>';
export const FEEDBACK_SECRET = 'test-feedback-secret-0123456789abcdef';
export const MAIL_ATTEMPTS = 5;
export const MAIL_BACKOFF_MS = 150;

export interface Harness {
  service: ServiceUnderTest<NotificationsConfig>;
  smtp: TestSmtpServer;
  identity: TestIdentity;
  db: DataSource;
  eventQueue: Queue;
  mailQueue: Queue;
  reminderQueue: Queue;
  /** adds events to notifications' event queue exactly as the outbox relay does (job id = event id) */
  publish(...events: DomainEvent[]): Promise<void>;
  /** waits until every event is handled and every mail sent or failed for good */
  settle(): Promise<void>;
  /** the first mail to `address` (matching `predicate`), parsed */
  mailTo(address: string, predicate?: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /** every mail received for `address` so far, parsed */
  mailsTo(address: string): ParsedMail[];
  deliveries(where?: FindOptionsWhere<DeliveryEntity>): Promise<DeliveryEntity[]>;
  request(options: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Boots the real service (own schema and queue prefix) with an in-process SMTP server and a test JWKS. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const smtp = await startSmtpServer();
  const identity = new TestIdentity();
  const jwksUrl = await identity.start();
  let service: ServiceUnderTest<NotificationsConfig>;
  try {
    service = await bootService(
      'notifications',
      NotificationsConfig,
      (config) => AppModule.register(config),
      OPENAPI,
      {
        SMTP_URL: smtp.url,
        MAIL_FROM,
        CITY_NAME,
        CITY_CONTACT,
        PUBLIC_BASE_URL,
        JWKS_URL: jwksUrl,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        FEEDBACK_TOKEN_SECRET: FEEDBACK_SECRET,
        MAIL_ATTEMPTS: String(MAIL_ATTEMPTS),
        MAIL_BACKOFF_MS: String(MAIL_BACKOFF_MS),
        MAIL_RATE_PER_MINUTE: '100000',
        HOUSEKEEPING_INTERVAL_MS: '200',
        ...env,
      },
    );
  } catch (error) {
    await smtp.stop();
    await identity.stop();
    throw error;
  }
  const connection = { url: service.config.REDIS_URL };
  const prefix = service.queuePrefix;
  const eventQueue = new Queue(eventQueueName('notifications'), { connection, prefix });
  const mailQueue = new Queue(jobQueueName('notifications', 'mail'), { connection, prefix });
  const reminderQueue = new Queue(REMINDER_QUEUE, { connection, prefix });
  const db = service.app.get<DataSource>(getDataSourceToken());

  const deliveries: Harness['deliveries'] = (where = {}) =>
    db.getRepository(DeliveryEntity).find({ where, order: { id: 'ASC' } });

  return {
    service,
    smtp,
    identity,
    db,
    eventQueue,
    mailQueue,
    reminderQueue,
    async publish(...events) {
      for (const event of events) await eventQueue.add(event.type, event, eventJobOptions(event));
    },
    async settle() {
      await drainQueues([eventQueue, mailQueue], { timeoutMs: 20_000 });
      await waitFor(async () => (await deliveries({ status: 'queued' })).length === 0, {
        timeoutMs: 20_000,
        message: 'no queued mail left',
      });
      await drainQueues([eventQueue, mailQueue], { timeoutMs: 20_000 });
    },
    async mailTo(address, predicate = () => true, timeoutMs = 10_000) {
      const mail = await smtp.waitFor(
        (m) => m.to.includes(address) && predicate(parseReceived(m)),
        timeoutMs,
      );
      return parseReceived(mail);
    },
    mailsTo(address) {
      return smtp.messages.filter((m) => m.to.includes(address)).map(parseReceived);
    },
    deliveries,
    request({ token, headers, ...options }) {
      return service.inject({
        ...options,
        headers: { ...(headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
    },
    async close() {
      await Promise.all([eventQueue.close(), mailQueue.close(), reminderQueue.close()]);
      await service.close();
      await smtp.stop();
      await identity.stop();
    },
  };
}
