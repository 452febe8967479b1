import { type ReadStream, unlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { FsStorageDriver } from './fs.driver';
import { StoredFileNotFound } from './storage-driver';

describe('FsStorageDriver', () => {
  let dir: string;
  let driver: FsStorageDriver;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fs-driver-'));
    driver = new FsStorageDriver(dir);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file it got even when a parallel delete removes it before the bytes are read', async () => {
    await driver.put(
      'uploads/0193f1c2-0000-7000-8000-000000000001',
      Readable.from([Buffer.from('Bescheid')]),
    );
    const stream = await driver.get('uploads/0193f1c2-0000-7000-8000-000000000001');
    // already open when it is handed out, so the delete below cannot take the bytes away
    expect((stream as ReadStream).pending).toBe(false);
    unlinkSync(driver.pathOf('uploads/0193f1c2-0000-7000-8000-000000000001'));
    expect(await text(stream)).toBe('Bescheid');
    await expect(driver.get('uploads/0193f1c2-0000-7000-8000-000000000001')).rejects.toBeInstanceOf(
      StoredFileNotFound,
    );
  });

  it('says StoredFileNotFound for a key that has no file', async () => {
    await expect(driver.get('uploads/0193f1c2-0000-7000-8000-000000000002')).rejects.toBeInstanceOf(
      StoredFileNotFound,
    );
  });
});
