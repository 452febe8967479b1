import { createWriteStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { assertStorageKey, type StorageDriver, StoredFileNotFound } from './storage-driver';

/**
 * Files under one directory. A file is written to `.tmp/` and renamed into place only when complete and
 * flushed, so a reader never sees half a file and an aborted upload leaves nothing behind.
 */
export class FsStorageDriver implements StorageDriver {
  readonly name = 'fs' as const;
  private readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  pathOf(key: string): string {
    assertStorageKey(key);
    return join(this.root, key);
  }

  async put(key: string, source: Readable): Promise<void> {
    const target = this.pathOf(key);
    const tmpDir = join(this.root, '.tmp');
    await mkdir(tmpDir, { recursive: true });
    await mkdir(dirname(target), { recursive: true });
    const tmp = join(tmpDir, `${randomBytes(8).toString('hex')}.part`);
    try {
      await pipeline(source, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
      const handle = await open(tmp, 'r');
      await handle.sync().finally(() => handle.close());
      await rename(tmp, target);
    } catch (error) {
      source.destroy();
      await rm(tmp, { force: true });
      throw error;
    }
  }

  /**
   * The file, opened before this resolves: a delete that comes after (a parallel request) removes the name,
   * not the bytes this stream reads. (Opening lazily, as `createReadStream(path)` does, let such a delete
   * turn a download into an error after the answer had begun.)
   */
  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StoredFileNotFound(key);
      throw error;
    }
    return handle.createReadStream({ autoClose: true });
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
