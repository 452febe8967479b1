import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { FileTooLargeError, UnsupportedMediaTypeError, UploadInspector } from './inspector';

async function inspect(
  data: Buffer,
  max = 1_000_000,
  piece = 1000,
): Promise<{ inspector: UploadInspector; out: Buffer }> {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += piece) parts.push(data.subarray(i, i + piece));
  const inspector = new UploadInspector(max);
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(parts),
    inspector,
    new Writable({
      write(chunk: Buffer, _e, cb) {
        out.push(chunk);
        cb();
      },
    }),
  );
  return { inspector, out: Buffer.concat(out) };
}

describe('UploadInspector', () => {
  it('passes an allowed file through unchanged with its type, size and SHA-256', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10_000, 1)]);
    const { inspector, out } = await inspect(pdf);
    expect(out.equals(pdf)).toBe(true);
    expect(inspector.mediaType).toBe('application/pdf');
    expect(inspector.size).toBe(pdf.length);
    expect(inspector.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
  });

  it('sniffs a tiny file at its end', async () => {
    const { inspector } = await inspect(Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0, 0]));
    expect(inspector.mediaType).toBe('image/jpeg');
  });

  it('refuses other types before passing on a single byte', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(9000, 0)]);
    const inspector = new UploadInspector(1_000_000);
    let passed = 0;
    const done = pipeline(
      Readable.from([zip]),
      inspector,
      new Writable({
        write(chunk: Buffer, _e, cb) {
          passed += chunk.length;
          cb();
        },
      }),
    );
    await expect(done).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    expect(passed).toBe(0);
  });

  it('refuses more than the limit', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 1)]);
    await expect(inspect(pdf, 5000)).rejects.toBeInstanceOf(FileTooLargeError);
  });
});
