import { type DomainEvent, type EventPayloads, eventQueueName, type Role } from '@buergeramt/contracts';
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
import { Queue } from 'bullmq';
import type { LightMyRequestResponse } from 'fastify';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AppModule, OPENAPI } from '../../src/app.module';
import { DocumentsConfig } from '../../src/config';
import { ISSUE_QUEUE, SCAN_QUEUE } from '../../src/queues/queue-names';

export const PUBLIC_BASE_URL = 'https://buergeramt.example.org';
export const CITY_NAME = 'Stadt Esslingen am Neckar';

/** A PDF, JPEG, PNG … by their magic bytes, padded to `size` bytes. */
export const files = {
  pdf: (size = 2000): Buffer => pad(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), size),
  jpeg: (size = 2000): Buffer =>
    pad(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), size),
  png: (size = 2000): Buffer =>
    pad(
      Buffer.concat([
        Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
        Buffer.from('0000000100000001080600000001f15c48', 'hex'),
      ]),
      size,
    ),
  exe: (size = 2000): Buffer => pad(Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), size),
  text: (size = 2000): Buffer => Buffer.alloc(size, 'Hallo Bürgeramt, das ist nur Text. '),
};

function pad(head: Buffer, size: number): Buffer {
  const body = Buffer.alloc(Math.max(size, head.length), 0x20);
  head.copy(body);
  return body;
}

/** A multipart/form-data body with one file part (field `file` unless said otherwise). */
export function multipart(
  content: Buffer,
  filename: string,
  options: { field?: string; contentType?: string } = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----buergeramt${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${filename}"\r\n` +
      `Content-Type: ${options.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export interface Harness {
  service: ServiceUnderTest<DocumentsConfig>;
  issuer: TestTokenIssuer;
  db: DataSource;
  storageDir: string;
  eventQueue: Queue;
  token(userId: string, roles?: Role[]): string;
  upload(token: string, content: Buffer, filename?: string): Promise<LightMyRequestResponse>;
  request(method: 'GET' | 'DELETE' | 'POST', url: string, token?: string): Promise<LightMyRequestResponse>;
  /** adds events to documents' event queue exactly as the outbox relay does (job id = event id) */
  publish(...events: DomainEvent[]): Promise<void>;
  /** waits until the events, and the jobs their handlers wrote (relayed after the commit), have run */
  settle(): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  table(name: string): string;
  close(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const issuer = await new TestTokenIssuer().start();
  const storageDir = await mkdtemp(join(tmpdir(), 'documents-test-'));
  const service = await bootService(
    'documents',
    DocumentsConfig,
    (config) => AppModule.register(config),
    OPENAPI,
    {
      ...issuer.env(),
      STORAGE_DIR: storageDir,
      STORAGE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      STORAGE_ENCRYPTION_KEY_ID: 'test-k1',
      SIGNING_KEY: randomBytes(32).toString('base64'),
      SIGNING_KEY_ID: 'test-s1',
      PUBLIC_BASE_URL,
      CITY_NAME,
      UPLOAD_MAX_BYTES: String(1024 * 1024),
      ...env,
    },
  );
  const connection = { url: service.config.REDIS_URL };
  const prefix = service.queuePrefix;
  const eventQueue = new Queue(eventQueueName('documents'), { connection, prefix });
  const issueQueue = new Queue(ISSUE_QUEUE, { connection, prefix });
  const scanQueue = new Queue(SCAN_QUEUE, { connection, prefix });
  const db = service.app.get<DataSource>(getDataSourceToken());
  const token = (userId: string, roles: Role[] = ['citizen']): string => issuer.userToken(userId, roles);
  return {
    service,
    issuer,
    db,
    storageDir,
    eventQueue,
    token,
    upload(bearer, content, filename = 'nachweis.pdf') {
      const { payload, headers } = multipart(content, filename);
      return service.inject({
        method: 'POST',
        url: '/documents',
        payload,
        headers: { ...headers, authorization: `Bearer ${bearer}` },
      });
    },
    request(method, url, bearer) {
      return service.inject({
        method,
        url,
        headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      });
    },
    async publish(...events) {
      for (const event of events) await eventQueue.add(event.type, event, eventJobOptions(event));
    },
    async settle() {
      const jobs = async (): Promise<{ all: number; unpublished: number }> => {
        const [row] = await db.query<{ all: number; unpublished: number }[]>(
          `SELECT count(*)::int AS "all", count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished
             FROM "${service.schema.schema}".outbox_jobs`,
        );
        return defined(row, 'the counts of outbox_jobs');
      };
      // a job written while the queues drained (by an event's handler) is relayed after its commit: drain
      // again until no job was written meanwhile and every one is in its queue
      await waitFor(
        async () => {
          const before = await jobs();
          await drainQueues([eventQueue, issueQueue, scanQueue], { timeoutMs: 30_000 });
          const after = await jobs();
          return before.unpublished === 0 && after.unpublished === 0 && after.all === before.all;
        },
        { timeoutMs: 60_000, message: 'events and jobs settled' },
      );
    },
    query: (sql, params = []) => db.query(sql, params),
    table: (name) => `"${service.schema.schema}"."${name}"`,
    async close() {
      await Promise.all([eventQueue.close(), issueQueue.close(), scanQueue.close()]);
      await service.close();
      await issuer.stop();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

/** An event as the applications (or identity) service would write it to its outbox. */
export function anEvent<T extends keyof EventPayloads>(
  type: T,
  data: EventPayloads[T],
  occurredAt = new Date(),
): DomainEvent<T> {
  const source = type.startsWith('identity.') ? 'identity' : 'applications';
  const subject =
    (data as { applicationId?: string; userId?: string }).applicationId ??
    (data as { userId?: string }).userId ??
    'x';
  return createEvent(type, subject, data, { source, occurredAt, traceId: 'test' });
}

export function anApplication(ownerId: string): {
  applicationId: string;
  serviceId: string;
  ownerId: string;
} {
  return { applicationId: uuidv7(), serviceId: uuidv7(), ownerId };
}
