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
import { type Job, Queue } from 'bullmq';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { DataSource, FindOptionsWhere } from 'typeorm';
import { AppModule, OPENAPI } from '../../src/app.module';
import { NotificationsConfig } from '../../src/config';
import { DeliveryEntity } from '../../src/deliveries/delivery.entity';
import { DirectMail } from '../../src/mail/direct-mail';
import { type ParsedMail, parseReceived } from './mime';
import { AUDIENCE, ISSUER, TestIdentity } from './auth';

export const PUBLIC_BASE_URL = 'https://buergeramt.example.org/portal';
export const CITY_NAME = 'Stadt Esslingen am Neckar';
export const CITY_CONTACT = 'Bürgeramt, Ritterstraße 17, 73728 Esslingen · Telefon 0711 0000-0';
export const MAIL_FROM = 'Bürgeramt Esslingen <buergeramt@esslingen.example>';
export const FEEDBACK_SECRET = 'test-feedback-secret-0123456789abcdef';
export const MAIL_ATTEMPTS = 5;
export const MAIL_BACKOFF_MS = 150;

export interface ReminderJobRow {
  name: string;
  jobId: string | null;
  data: { appointmentId: string; start: string };
  delayMs: number;
  publishedAt: Date | null;
}

const JOB_STATES = ['delayed', 'waiting', 'active', 'prioritized', 'completed', 'failed'] as const;

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
  /** the reminder jobs written for an appointment (its `outbox_jobs` rows, relayed or not), oldest first */
  reminderJobRows(appointmentId: string): Promise<ReminderJobRow[]>;
  /** the reminder jobs of an appointment in the reminder queue, in any state, once all its rows are relayed */
  reminderJobs(appointmentId: string): Promise<Job<{ appointmentId: string; start: string }>[]>;
  /**
   * runs the appointment's delayed reminder jobs (only those for `start`, if given) now, promoted, and waits
   * until they have finished
   */
  runReminders(appointmentId: string, start?: string): Promise<void>;
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
  const reminderQueue = new Queue(jobQueueName('notifications', 'reminders'), { connection, prefix });
  const db = service.app.get<DataSource>(getDataSourceToken());

  const deliveries: Harness['deliveries'] = (where = {}) =>
    db.getRepository(DeliveryEntity).find({ where, order: { id: 'ASC' } });

  const reminderJobRows: Harness['reminderJobRows'] = (appointmentId) =>
    db.query(
      `SELECT name, job_id AS "jobId", data, delay_ms AS "delayMs", published_at AS "publishedAt"
         FROM "${service.schema.schema}".outbox_jobs
        WHERE queue = 'reminders' AND data->>'appointmentId' = $1 ORDER BY created_at, id`,
      [appointmentId],
    );
  const reminderJobs: Harness['reminderJobs'] = async (appointmentId) => {
    await waitFor(async () => (await reminderJobRows(appointmentId)).every((row) => row.publishedAt), {
      message: `the reminder jobs of ${appointmentId} relayed`,
    });
    const jobs = (await reminderQueue.getJobs([...JOB_STATES])) as Job<{
      appointmentId: string;
      start: string;
    }>[];
    return jobs.filter((job) => job?.data?.appointmentId === appointmentId);
  };

  const harness: Harness = {
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
      await service.app.get(DirectMail).settled();
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
    reminderJobRows,
    reminderJobs,
    async runReminders(appointmentId, start) {
      const selected = async (): Promise<Job[]> =>
        (await reminderJobs(appointmentId)).filter((job) => start === undefined || job.data.start === start);
      for (const job of await selected()) {
        if ((await job.getState()) === 'delayed') await job.promote();
      }
      await waitFor(
        async () => {
          const states = await Promise.all((await selected()).map((job) => job.getState()));
          return states.every((state) => state === 'completed' || state === 'failed');
        },
        { message: `the reminder jobs of ${appointmentId} finished` },
      );
      await harness.settle();
    },
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
  return harness;
}
