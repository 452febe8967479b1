import { PassThrough, Writable } from 'node:stream';
import { multipartBoundary, UploadBody, UploadBrokenError } from './upload-body';

const BOUNDARY = 'b0undary';
const BODY = Buffer.from(
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7 x\r\n--${BOUNDARY}--\r\n`,
);

/** A raw body stand-in that is read (flowing) as the parser reads the real one. */
function rawBody(): PassThrough {
  const raw = new PassThrough();
  raw.pipe(new Writable({ write: (_chunk, _encoding, callback) => callback() }));
  return raw;
}

const outcome = (body: UploadBody): Promise<string> =>
  body.complete.then(
    () => 'complete',
    (error: UploadBrokenError) => error.reason,
  );

describe('multipartBoundary', () => {
  it.each([
    ['multipart/form-data; boundary=abc', 'abc'],
    ['multipart/form-data;boundary="a b;c"', 'a b;c'],
    [
      'Multipart/Form-Data; charset=utf-8; BOUNDARY=----WebKitFormBoundary7MA4YWxk',
      '----WebKitFormBoundary7MA4YWxk',
    ],
    ['multipart/form-data', null],
    [undefined, null],
  ])('%j → %j', (header, expected) => {
    expect(multipartBoundary(header)).toBe(expected);
  });
});

describe('UploadBody', () => {
  it('completes when the body ends with its closing delimiter, however the chunks split it', async () => {
    const at = BODY.indexOf(`--${BOUNDARY}--`);
    for (let split = at - 3; split <= at + BOUNDARY.length + 5; split++) {
      const raw = rawBody();
      const body = new UploadBody(raw, BOUNDARY, 10_000);
      raw.write(BODY.subarray(0, split));
      raw.write(BODY.subarray(split, split + 1));
      raw.end(BODY.subarray(split + 1));
      await expect(outcome(body)).resolves.toBe('complete');
      body.dispose();
    }
  });

  it('takes a closing delimiter at the very start (no parts) and ignores an epilogue after it', async () => {
    const raw = rawBody();
    const body = new UploadBody(raw, BOUNDARY, 10_000);
    raw.end(Buffer.from(`--${BOUNDARY}--\r\nepilogue`));
    await expect(outcome(body)).resolves.toBe('complete');
  });

  it('is malformed when the body ends without it (also with only the delimiter line, no dashes)', async () => {
    for (const cut of [BODY.length - 4, BODY.length - 10, 20]) {
      const raw = rawBody();
      const body = new UploadBody(raw, BOUNDARY, 10_000);
      raw.end(BODY.subarray(0, cut));
      await expect(outcome(body)).resolves.toBe('malformed');
    }
  });

  it('is aborted when the connection closes first', async () => {
    const raw = rawBody();
    const body = new UploadBody(raw, BOUNDARY, 10_000);
    raw.write(BODY.subarray(0, 30));
    raw.destroy();
    await expect(outcome(body)).resolves.toBe('aborted');
  });

  it('is idle when nothing arrives for idleMs, but not while the service itself holds the body back', async () => {
    const stalled = rawBody();
    const idle = new UploadBody(stalled, BOUNDARY, 100);
    stalled.write(BODY.subarray(0, 30));
    await expect(outcome(idle)).resolves.toBe('idle');

    const held = new PassThrough(); // nobody reads it: backpressure from the service's side
    const waiting = new UploadBody(held, BOUNDARY, 100);
    held.pause();
    held.write(BODY.subarray(0, 30));
    await new Promise((resolve) => setTimeout(resolve, 300));
    held.resume();
    held.end(BODY.subarray(30));
    await expect(outcome(waiting)).resolves.toBe('complete');
  });

  it('explains parser errors by what happened to the body', async () => {
    const raw = rawBody();
    const body = new UploadBody(raw, BOUNDARY, 10_000);
    raw.end(BODY.subarray(0, 40));
    await outcome(body);
    const explained = body.explain(
      new Error('Part terminated early due to unexpected end of multipart data'),
    );
    expect(explained).toBeInstanceOf(UploadBrokenError);
    expect((explained as UploadBrokenError).reason).toBe('malformed');
    const other = new Error('disk full');
    expect(new UploadBody(rawBody(), BOUNDARY, 10_000).explain(other)).toBe(other);
  });
});
