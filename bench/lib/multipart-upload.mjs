// A streamed multipart upload of a generated PDF (`%PDF-1.7` and random bytes) of any size, as a browser
// sends a file: field `file`, Content-Length known, body written as the socket drains, never held whole.
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';

/**
 * POSTs `size` bytes to http://`host`:`port``path` with `token`; resolves with `{ status, body, sha256,
 * ms }` (`sha256` of the bytes sent, computed only with `hash: true`, the default).
 */
export function streamUpload({ host = '127.0.0.1', port, path, size, token, hash: hashing = true, agent }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const boundary = `----bench${randomBytes(8).toString('hex')}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="gross.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const hash = hashing ? createHash('sha256') : null;
    const req = request(
      {
        host,
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + size + tail.length,
        },
      },
      (res) => {
        const parts = [];
        res.on('data', (c) => parts.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            body: Buffer.concat(parts).toString(),
            sha256: hash?.digest('hex') ?? null,
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('error', reject);
    req.write(head);
    const block = randomBytes(64 * 1024);
    const first = Buffer.from('%PDF-1.7\n');
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        let chunk = block.subarray(0, Math.min(block.length, size - sent));
        if (sent === 0) chunk = Buffer.concat([first, chunk.subarray(first.length)]);
        hash?.update(chunk);
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    pump();
  });
}
