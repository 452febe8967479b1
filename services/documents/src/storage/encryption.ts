import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { chunkReclaimer } from '@buergeramt/platform';

/**
 * Files at rest: AES-256-GCM in independent chunks (a STREAM construction like Tink's), so that files of
 * any size are encrypted and decrypted while streaming and every byte served was authenticated first.
 *
 *   header  = "BADOC" | version 1 | keyId length (1 byte) | keyId | salt (16) | nonce prefix (7)
 *   chunk i = AES-256-GCM(fileKey, nonce = prefix | i (uint32 BE) | last ? 1 : 0, aad = header)
 *             of at most 64 KiB plaintext, followed by its 16-byte tag
 *   fileKey = HKDF-SHA256(master key, salt, "buergeramt-documents/v1")
 *
 * The last-chunk flag in the nonce makes truncation detectable; the header (with the key id) is
 * authenticated as associated data of every chunk. The key id lets old files be read after a rotation.
 */
export const CHUNK_SIZE = 64 * 1024;
const TAG = 16;
const MAGIC = Buffer.from('BADOC', 'ascii');
const VERSION = 1;
const INFO = Buffer.from('buergeramt-documents/v1', 'utf8');

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

function fileKey(master: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', master, salt, INFO, 32));
}

function nonce(prefix: Buffer, index: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, 7);
  n[11] = last ? 1 : 0;
  return n;
}

/** A growable byte queue that hands out exact-size slices without re-copying every write. */
class ByteQueue {
  private parts: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    this.parts.push(chunk);
    this.length += chunk.length;
  }

  /** the byte at `offset` without consuming anything */
  peek(offset: number): number {
    let rest = offset;
    for (const part of this.parts) {
      if (rest < part.length) return part.readUInt8(rest);
      rest -= part.length;
    }
    throw new RangeError('peek past the end');
  }

  take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const head = this.parts[0];
      if (!head) throw new RangeError('take past the end');
      const use = Math.min(head.length, n - filled);
      head.copy(out, filled, 0, use);
      filled += use;
      if (use === head.length) this.parts.shift();
      else this.parts[0] = head.subarray(use);
    }
    this.length -= n;
    return out;
  }
}

/** Encrypts a plaintext stream with `key`. */
export function encryptStream(key: EncryptionKey): Transform {
  const keyId = Buffer.from(key.id, 'utf8');
  if (keyId.length === 0 || keyId.length > 255) throw new Error('key id must be 1-255 bytes');
  const salt = randomBytes(16);
  const prefix = randomBytes(7);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION, keyId.length]), keyId, salt, prefix]);
  const k = fileKey(key.key, salt);
  // plaintext not yet sealed: references to the incoming buffers (no copy), at most one chunk and a bit
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let index = 0;
  let headerSent = false;

  /**
   * Seals the first `n` pending bytes as one chunk, pushing the ciphertext piece by piece as the cipher
   * yields it (no re-assembly: one allocation per incoming buffer, the cipher's output).
   */
  const seal = (stream: Transform, n: number, last: boolean): void => {
    const cipher = createCipheriv('aes-256-gcm', k, nonce(prefix, index, last));
    cipher.setAAD(header);
    let rest = n;
    while (rest > 0) {
      const head = pending[0];
      if (!head) throw new RangeError('seal past the pending bytes');
      const use = Math.min(head.length, rest);
      stream.push(cipher.update(use === head.length ? head : head.subarray(0, use)));
      if (use === head.length) pending.shift();
      else pending[0] = head.subarray(use);
      rest -= use;
    }
    pendingLength -= n;
    const final = cipher.final();
    if (final.length > 0) stream.push(final);
    stream.push(cipher.getAuthTag());
    index += 1;
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (!headerSent) {
        this.push(header);
        headerSent = true;
      }
      pending.push(chunk);
      pendingLength += chunk.length;
      chunkReclaimer.passed(chunk.length); // the chunk and its ciphertext are garbage once written
      // keep at least one byte back: the final chunk is only known at the end
      while (pendingLength > CHUNK_SIZE) seal(this, CHUNK_SIZE, false);
      callback();
    },
    flush(callback: TransformCallback) {
      if (!headerSent) this.push(header);
      seal(this, pendingLength, true);
      pending = [];
      callback();
    },
  });
}

/** Decrypts what `encryptStream` produced, with the key named in the header (from `keys`). */
export function decryptStream(keys: ReadonlyMap<string, Buffer>): Transform {
  const pending = new ByteQueue();
  let header: Buffer | null = null;
  let k: Buffer | null = null;
  let prefix: Buffer | null = null;
  let index = 0;

  const open = (sealed: Buffer, last: boolean): Buffer => {
    const decipher = createDecipheriv('aes-256-gcm', k!, nonce(prefix!, index, last));
    decipher.setAAD(header!);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    try {
      let plain = decipher.update(sealed.subarray(0, sealed.length - TAG));
      // final() checks the tag before anything is released (GCM yields no more bytes there; kept general)
      const rest = decipher.final();
      if (rest.length > 0) plain = Buffer.concat([plain, rest]);
      index += 1;
      // the sealed copy and the plaintext are garbage once written on (the input chunk is counted on arrival)
      chunkReclaimer.passed(sealed.length + plain.length);
      return plain;
    } catch {
      throw new DecryptionError('stored file failed authentication (tampered, truncated or wrong key)');
    }
  };

  const readHeader = (): boolean => {
    const fixed = MAGIC.length + 2;
    if (pending.length < fixed) return false;
    const idLength = pending.peek(MAGIC.length + 1);
    const total = fixed + idLength + 16 + 7;
    if (pending.length < total) return false;
    const whole = pending.take(total);
    if (!whole.subarray(0, MAGIC.length).equals(MAGIC) || whole[MAGIC.length] !== VERSION) {
      throw new DecryptionError('not an encrypted document file');
    }
    const keyId = whole.subarray(fixed, fixed + idLength).toString('utf8');
    const master = keys.get(keyId);
    if (!master) throw new DecryptionError(`no key "${keyId}" is configured`);
    header = whole;
    k = fileKey(master, whole.subarray(fixed + idLength, fixed + idLength + 16));
    prefix = whole.subarray(fixed + idLength + 16);
    return true;
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        pending.push(chunk);
        chunkReclaimer.passed(chunk.length); // the chunk as read from storage, garbage once taken apart
        if (!header && !readHeader()) return callback();
        while (pending.length > CHUNK_SIZE + TAG) this.push(open(pending.take(CHUNK_SIZE + TAG), false));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (!header && !readHeader()) throw new DecryptionError('stored file is truncated');
        if (pending.length < TAG) throw new DecryptionError('stored file is truncated');
        this.push(open(pending.take(pending.length), true));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
