import { Inject, Injectable } from '@nestjs/common';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decryptStream, encryptStream } from './encryption';
import { KeyRing } from './keys';
import { STORAGE_DRIVER, type StorageDriver } from './storage-driver';

/** Stores and reads files through the configured driver, encrypting them on the way in. */
@Injectable()
export class StorageService {
  constructor(
    @Inject(STORAGE_DRIVER) readonly driver: StorageDriver,
    private readonly keys: KeyRing,
  ) {}

  /** Encrypts and stores what `plaintext` yields; resolves with the id of the key used. */
  async put(key: string, plaintext: Readable): Promise<{ keyId: string }> {
    const encrypt = encryptStream(this.keys.current);
    await Promise.all([pipeline(plaintext, encrypt), this.driver.put(key, encrypt)]);
    return { keyId: this.keys.current.id };
  }

  /** The decrypted file; a stream that errors when the stored bytes fail authentication. */
  async get(key: string): Promise<Readable> {
    const raw = await this.driver.get(key);
    const decrypt = decryptStream(this.keys.all);
    const out = new PassThrough();
    pipeline(raw, decrypt, out).catch(() => undefined); // errors reach the consumer of `out`
    return out;
  }

  delete(key: string): Promise<void> {
    return this.driver.delete(key);
  }
}
