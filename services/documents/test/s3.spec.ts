import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { v7 as uuidv7 } from 'uuid';
import { type S3StorageDriver } from '../src/storage/s3.driver';
import { STORAGE_DRIVER } from '../src/storage/storage-driver';
import { files, type Harness, startHarness } from './support/harness';

/**
 * The S3 driver against a real S3-compatible server: s3rver (an S3 implementation on npm, a dev
 * dependency) started in the test, or the server at S3_TEST_ENDPOINT when set (e.g. MinIO from
 * docker-compose's `s3` profile).
 */
const EXTERNAL_ENDPOINT = process.env.S3_TEST_ENDPOINT;

async function startS3rver(bucket: string): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

describe('S3 storage driver against a real S3-compatible server', () => {
  let h: Harness;
  const bucket = process.env.S3_TEST_BUCKET ?? 'buergeramt-documents-test';
  const erika = uuidv7();

  let s3rver: Awaited<ReturnType<typeof startS3rver>> | undefined;

  beforeAll(async () => {
    if (!EXTERNAL_ENDPOINT) s3rver = await startS3rver(bucket);
    h = await startHarness({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: EXTERNAL_ENDPOINT ?? s3rver!.endpoint,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: process.env.S3_TEST_ACCESS_KEY_ID ?? 'S3RVER',
      S3_SECRET_ACCESS_KEY: process.env.S3_TEST_SECRET_ACCESS_KEY ?? 'S3RVER',
    });
    const driver = h.service.app.get<S3StorageDriver>(STORAGE_DRIVER);
    await driver.client.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
  });

  afterAll(async () => {
    await h?.close();
    await s3rver?.stop();
  });

  it('stores uploads encrypted in the bucket, serves them decrypted and deletes them', async () => {
    const driver = h.service.app.get<S3StorageDriver>(STORAGE_DRIVER);
    expect(driver.name).toBe('s3');
    const content = Buffer.concat([files.pdf(100), Buffer.alloc(300_000, 'VERTRAULICH ')]);
    const res = await h.upload(h.token(erika), content, 's3.pdf');
    expect(res.statusCode).toBe(201);
    const { id } = res.json<{ id: string }>();

    const object = await driver.client.send(new GetObjectCommand({ Bucket: bucket, Key: `uploads/${id}` }));
    const stored = Buffer.from(await object.Body!.transformToByteArray());
    expect(stored.subarray(0, 5).toString()).toBe('BADOC');
    expect(stored.includes(Buffer.from('VERTRAULICH'))).toBe(false);

    const file = await h.request('GET', `/documents/${id}/content`, h.token(erika));
    expect(file.rawPayload.equals(content)).toBe(true);

    expect((await h.request('DELETE', `/documents/${id}`, h.token(erika))).statusCode).toBe(204);
    await expect(
      driver.client.send(new HeadObjectCommand({ Bucket: bucket, Key: `uploads/${id}` })),
    ).rejects.toThrow();
    // deleting what is gone succeeds (retention may run twice)
    await expect(driver.delete(`uploads/${id}`)).resolves.toBeUndefined();
  });
});
