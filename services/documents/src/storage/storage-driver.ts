import type { Readable } from 'node:stream';

/** Where the (already encrypted) bytes of files live. Keys look like `uploads/<uuid>`. */
export interface StorageDriver {
  readonly name: 'fs' | 's3';
  /** Stores everything `source` yields under `key`; resolves once it is stored completely, or rejects. */
  put(key: string, source: Readable): Promise<void>;
  /** The stored bytes; rejects with {@link StoredFileNotFound} when there are none. */
  get(key: string): Promise<Readable>;
  /** Removes `key`; removing what is not there succeeds (retention may run twice). */
  delete(key: string): Promise<void>;
}

export const STORAGE_DRIVER = Symbol('STORAGE_DRIVER');

export class StoredFileNotFound extends Error {
  constructor(key: string) {
    super(`no stored file ${key}`);
    this.name = 'StoredFileNotFound';
  }
}

const KEY = /^(uploads|issued)\/[0-9a-f-]{36}$/;

/** Keys are made by the service, never from client input; this guards the file system driver anyway. */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid storage key "${key}"`);
}
