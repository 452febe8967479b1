import { Inject, Injectable } from '@nestjs/common';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decryptStream, encryptStream } from './encryption';
import { KeyRing } from './keys';
import { STORAGE_DRIVER, type StorageDriver } from './storage-driver';

function isPrematureClose(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/** Stores and reads files through the configured driver, encrypting them on the way in. */
@Injectable()
export class StorageService {
  constructor(
    @Inject(STORAGE_DRIVER) readonly driver: StorageDriver,
    private readonly keys: KeyRing,
  ) {}

  /**
   * Encrypts and stores what `plaintext` yields; resolves with the id of the key used. When either side
   * fails (the plaintext breaks off, the driver cannot write), settles only after both have stopped, so
   * that the driver has removed its partial file and closed it when this rejects.
   */
  async put(key: string, plaintext: Readable): Promise<{ keyId: string }> {
    const encrypt = encryptStream(this.keys.current);
    const [source, sink] = await Promise.allSettled([
      pipeline(plaintext, encrypt),
      this.driver.put(key, encrypt),
    ]);
    // the side that failed first says why; the other one only reports a premature close
    const reasons = [source, sink].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (reasons.length > 0) throw reasons.find((r) => !isPrematureClose(r)) ?? reasons[0];
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
