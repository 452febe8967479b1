import { chunkReclaimer } from '@buergeramt/platform';
import { defined, waitFor } from '@buergeramt/testing';
import { existsSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { files, type Harness, startHarness } from './support/harness';

const BOUNDARY = 'broken-upload-boundary';
const IDLE_TIMEOUT_MS = 1500;

/** The multipart frame around one file part, split so that tests can send parts of it. */
function frame(filename = 'scan.pdf'): { head: Buffer; tail: Buffer } {
  return {
    head: Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    tail: Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** milliseconds from the last byte sent to the answer */
  after: number;
}

describe('broken uploads (real Postgres and Redis, a real socket)', () => {
  let h: Harness;
  let port: number;
  let storageDir: string;
  const erika = uuidv7();

  beforeAll(async () => {
    h = await startHarness({
      UPLOAD_MAX_BYTES: String(8 * 1024 * 1024),
      UPLOAD_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
    });
    await h.service.app.listen(0, '127.0.0.1');
    port = (h.service.app.getHttpServer().address() as AddressInfo).port;
    storageDir = realpathSync(h.storageDir);
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Open descriptors of this process (the service runs in it) on files under the storage directory. */
  const openStorageFiles = (): string[] =>
    readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return ''; // closed while listing
        }
      })
      .filter((target) => target.startsWith(storageDir));

  const partFiles = (): string[] => {
    const dir = join(storageDir, '.tmp');
    return existsSync(dir) ? readdirSync(dir) : [];
  };
  const storedFiles = (): string[] => {
    const dir = join(storageDir, 'uploads');
    return existsSync(dir) ? readdirSync(dir) : [];
  };
  const rowsOf = async (owner: string): Promise<number> => {
    const [row] = await h.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${h.table('documents')} WHERE owner_id = $1`,
      [owner],
    );
    return defined(row, 'a count').n;
  };

  const requestHead = (owner: string, contentLength: number): string =>
    `POST /documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${h.token(owner)}\r\n` +
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${contentLength}\r\n\r\n`;

  /**
   * Sends the request head and `sent` on a raw socket, as a client that promised `declared` bytes of body,
   * waits until the service has read what was sent (`until`), then closes the socket without a word.
   */
  async function abortAfter(
    owner: string,
    sent: Buffer,
    declared: number,
    until: () => boolean,
  ): Promise<void> {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(requestHead(owner, declared));
    socket.write(sent);
    await waitFor(until, { timeoutMs: 10_000, intervalMs: 10, message: 'the service reads the upload' });
    socket.destroy();
  }

  /** Sends `sent` as a body declared `declared` bytes long, ending the request only when all is sent. */
  function send(owner: string, sent: Buffer, declared = sent.length): Promise<Answer> {
    return new Promise((resolve, reject) => {
      let lastByte = Date.now();
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/documents',
          agent: false,
          headers: {
            authorization: `Bearer ${h.token(owner)}`,
            'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
            'content-length': String(declared),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
              after: Date.now() - lastByte,
            }),
          );
        },
      );
      req.on('error', reject);
      req.write(sent, () => (lastByte = Date.now()));
      if (sent.length === declared) req.end();
    });
  }

  const expectNothingLeft = async (owner: string): Promise<void> => {
    await waitFor(() => partFiles().length === 0 && openStorageFiles().length === 0, {
      timeoutMs: 2000,
      intervalMs: 20,
      message: 'the part file is removed and its descriptor closed',
    });
    expect(await rowsOf(owner)).toBe(0);
  };

  describe('a client that closes the socket mid-body', () => {
    it.each([
      ['while the file streams into storage (encrypting)', 600 * 1024],
      ['while the type is still being sniffed (first 4100 bytes)', 1000],
    ])('%s leaves no part file, no open descriptor and no row', async (_when, bytes) => {
      const owner = uuidv7();
      const { head, tail } = frame();
      const content = files.pdf(2 * 1024 * 1024);
      const sent = Buffer.concat([head, content.subarray(0, bytes)]);
      const before = storedFiles();
      // closed once the service has begun to store it (its part file exists)
      await abortAfter(owner, sent, head.length + content.length + tail.length, () => partFiles().length > 0);
      await expectNothingLeft(owner);
      expect(storedFiles()).toEqual(before);
    });

    it('leaves streaming and the chunk reclaimer as they were: the next upload is stored and counted', async () => {
      const collections: string[] = [];
      chunkReclaimer.configure(1024 * 1024, (options) => collections.push(options.type));
      try {
        const { head, tail } = frame();
        const content = files.pdf(3 * 1024 * 1024);
        await abortAfter(
          uuidv7(),
          Buffer.concat([head, content.subarray(0, 1024 * 1024)]),
          head.length + content.length + tail.length,
          () => partFiles().length > 0,
        );
        await waitFor(() => partFiles().length === 0, { timeoutMs: 2000, message: 'cleaned up' });
        collections.length = 0;
        const res = await send(erika, Buffer.concat([head, content, tail]));
        expect(res.status).toBe(201);
        // 3 MiB of plaintext passed the encryption: one collection per MiB, as without the abort
        expect(collections).toEqual(['minor', 'minor', 'minor']);
      } finally {
        chunkReclaimer.configure(0, undefined);
      }
    });
  });

  describe('a body without its closing boundary', () => {
    it.each([
      ['in the middle of the file', (head: Buffer) => Buffer.concat([head, files.pdf(300 * 1024)])],
      ['while the type is still being sniffed', (head: Buffer) => Buffer.concat([head, files.pdf(1000)])],
      [
        'after the whole file, in the closing delimiter',
        (head: Buffer) => Buffer.concat([head, files.pdf(5000), Buffer.from(`\r\n--${BOUNDARY}`)]),
      ],
      ['before the file part has begun', () => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-da`)],
    ])(
      'ending %s is answered at once with 400 malformed-upload and leaves nothing behind',
      async (_where, body) => {
        const owner = uuidv7();
        const before = storedFiles();
        const res = await send(owner, body(frame().head));
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(res.body)).toMatchObject({ type: 'malformed-upload', status: 400 });
        // 400 rather than the idle timeout's 408 is what shows it was not left waiting (no clock asserted:
        // a loaded CI machine must not fail it)
        await expectNothingLeft(owner);
        expect(storedFiles()).toEqual(before);
      },
    );

    it('without any boundary in the Content-Type is 400 malformed-upload too', async () => {
      const res = await h.service.inject({
        method: 'POST',
        url: '/documents',
        payload: frame().head,
        headers: { authorization: `Bearer ${h.token(erika)}`, 'content-type': 'multipart/form-data' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ type: 'malformed-upload' });
    });
  });

  describe('a body that stalls', () => {
    it.each([
      ['in the middle of the file', 200 * 1024],
      ['before the file part has begun', 0],
    ])(
      '%s is ended after UPLOAD_IDLE_TIMEOUT_MS with 408 request-timeout and leaves nothing behind',
      async (_where, bytes) => {
        const owner = uuidv7();
        const { head, tail } = frame();
        const content = files.pdf(1024 * 1024);
        const sent = bytes > 0 ? Buffer.concat([head, content.subarray(0, bytes)]) : head.subarray(0, 10);
        const res = await send(owner, sent, head.length + content.length + tail.length);
        expect(res.status).toBe(408);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.headers.connection).toBe('close');
        expect(JSON.parse(res.body)).toMatchObject({ type: 'request-timeout', status: 408 });
        expect(res.after).toBeGreaterThanOrEqual(IDLE_TIMEOUT_MS - 100);
        await expectNothingLeft(owner);
      },
    );

    it('is not ended while bytes keep coming, however slowly', async () => {
      // 12 pieces 300 ms apart: longer in total than the idle timeout, never idle that long
      const { head, tail } = frame();
      const content = files.pdf(120 * 1024);
      const body = Buffer.concat([head, content, tail]);
      const answer = new Promise<Answer>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/documents',
            agent: false,
            headers: {
              authorization: `Bearer ${h.token(erika)}`,
              'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
              'content-length': String(body.length),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '', after: 0 }),
            );
          },
        );
        req.on('error', reject);
        const piece = Math.ceil(body.length / 12);
        let offset = 0;
        const next = (): void => {
          req.write(body.subarray(offset, offset + piece));
          offset += piece;
          if (offset >= body.length) req.end();
          else setTimeout(next, 300);
        };
        next();
      });
      expect((await answer).status).toBe(201);
    });
  });

  describe('a body with more parts than the parser takes', () => {
    const part = (disposition: string, content: Buffer | string): Buffer =>
      Buffer.concat([
        Buffer.from(`\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; ${disposition}\r\n\r\n`),
        Buffer.from(content),
      ]);
    it.each([
      ['a second file part', () => part('name="file"; filename="zweite.pdf"', files.pdf(3000))],
      [
        'more fields than tolerated',
        () => Buffer.concat(Array.from({ length: 8 }, (_, i) => part(`name="feld${i}"`, 'x'))),
      ],
    ])(
      'after the file (%s) is answered with the first file stored, not left waiting',
      async (_what, extra) => {
        // the parser lets go of the body at its limit, which paused it: the request used to hang for good
        const owner = uuidv7();
        const { head, tail } = frame('erste.pdf');
        const res = await send(owner, Buffer.concat([head, files.pdf(5000), extra(), tail]));
        expect(res.status).toBe(201);
        expect(JSON.parse(res.body)).toMatchObject({ filename: 'erste.pdf', mediaType: 'application/pdf' });
        expect(await rowsOf(owner)).toBe(1);
        await waitFor(() => partFiles().length === 0 && openStorageFiles().length === 0, {
          timeoutMs: 2000,
          intervalMs: 20,
          message: 'no part file or descriptor is left',
        });
      },
    );
  });

  describe('POST /verify/{code} (public: anyone could tie up a connection)', () => {
    const code = 'VRFY-7K3M-Q9XD';
    beforeAll(async () => {
      await h.query(
        `INSERT INTO ${h.table('documents')} (id, owner_id, kind, filename, media_type, size, sha256, status,
           storage_key, key_id, application_id, verification_code, signature, signing_key_id, document_type,
           created_at, updated_at)
         VALUES ($1, $2, 'issued', 'bescheid.pdf', 'application/pdf', 1, repeat('0', 64), 'clean', $3, 'test-k1',
           $4, $5, 'AAAA', 'test-s1', 'decision-letter', now(), now())`,
        [uuidv7(), erika, `issued/${uuidv7()}`, uuidv7(), code],
      );
    });

    const verify = (sent: Buffer, declared = sent.length): Promise<Answer> =>
      new Promise((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: `/verify/${code}`,
            agent: false,
            headers: {
              'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
              'content-length': String(declared),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks).toString(),
                after: 0,
              }),
            );
          },
        );
        req.on('error', reject);
        req.write(sent);
        if (sent.length === declared) req.end();
      });

    it('answers a whole file, 400 for a body without its closing boundary, 408 for a stalled one', async () => {
      const { head, tail } = frame('bescheid.pdf');
      const content = files.pdf(50_000);
      const whole = await verify(Buffer.concat([head, content, tail]));
      expect(whole.status).toBe(200);
      expect(JSON.parse(whole.body)).toMatchObject({ valid: false, matches: false });

      const cut = await verify(Buffer.concat([head, content]));
      expect(cut.status).toBe(400);
      expect(JSON.parse(cut.body)).toMatchObject({ type: 'malformed-upload' });

      // a second file part (over the parser's limit) does not leave the request hanging either
      const twoFiles = await verify(
        Buffer.concat([head, content, Buffer.from('\r\n'), frame('kopie.pdf').head, content, tail]),
      );
      expect(twoFiles.status).toBe(200);

      const stalled = await verify(Buffer.concat([head, content.subarray(0, 20_000)]), head.length + 50_000);
      expect(stalled.status).toBe(408);
      expect(JSON.parse(stalled.body)).toMatchObject({ type: 'request-timeout' });
    });
  });
});
