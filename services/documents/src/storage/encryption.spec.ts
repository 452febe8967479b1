import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CHUNK_SIZE, decryptStream, encryptStream } from './encryption';

const key = { id: 'k1', key: randomBytes(32) };
const keys = new Map([[key.id, key.key]]);

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function encrypt(plain: Buffer, pieces = 7): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const step = Math.max(1, Math.ceil(plain.length / pieces));
  for (let i = 0; i < plain.length; i += step) chunks.push(plain.subarray(i, i + step));
  const out = new PassThrough();
  const done = collect(out);
  const [result] = await Promise.all([done, pipeline(Readable.from(chunks), encryptStream(key), out)]);
  return result;
}

async function decrypt(sealed: Buffer, keyring = keys): Promise<Buffer> {
  const out = new PassThrough();
  const done = collect(out);
  const [result] = await Promise.all([
    done,
    pipeline(Readable.from([sealed.subarray(0, 3), sealed.subarray(3)]), decryptStream(keyring), out),
  ]);
  return result;
}

describe('chunked AES-256-GCM at rest', () => {
  it.each([0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE, 200_001])(
    'round-trips %i bytes',
    async (size) => {
      const plain = randomBytes(size);
      const sealed = await encrypt(plain);
      expect(sealed.includes(plain.subarray(0, Math.min(32, size))) && size >= 32).toBe(false);
      expect((await decrypt(sealed)).equals(plain)).toBe(true);
    },
  );

  it('encrypts the same file differently every time', async () => {
    const plain = Buffer.alloc(1000, 'a');
    expect((await encrypt(plain)).equals(await encrypt(plain))).toBe(false);
  });

  it('refuses a flipped bit, a truncated file, a dropped chunk and an unknown key', async () => {
    const plain = randomBytes(3 * CHUNK_SIZE + 10);
    const sealed = await encrypt(plain);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 100]! ^= 1; // a byte of the last chunk (3 chunks and 10 bytes)
    await expect(decrypt(flipped)).rejects.toThrow(/authentication/);
    await expect(decrypt(sealed.subarray(0, sealed.length - 20))).rejects.toThrow();
    // cut exactly after the first full chunk: the missing final flag is detected
    const header = sealed.length - (plain.length + 4 * 16);
    await expect(decrypt(sealed.subarray(0, header + CHUNK_SIZE + 16))).rejects.toThrow(/authentication/);
    await expect(decrypt(sealed, new Map([['other', randomBytes(32)]]))).rejects.toThrow(/no key "k1"/);
  });
});
