import { connect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';

export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/** INSTREAM chunks: clamd's default StreamMaxLength is 25 MB, chunks must stay far below it. */
const CHUNK = 64 * 1024;

/**
 * A client of clamd's INSTREAM command: the file is sent in length-prefixed chunks as it streams (never
 * held whole), terminated by a zero-length chunk; clamd answers `stream: OK` or `stream: <name> FOUND`.
 */
export class ClamdClient {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  private open(): Socket {
    if (this.url.startsWith('unix:')) return connect({ path: this.url.slice('unix:'.length) });
    const { hostname, port } = new URL(this.url);
    return connect({ host: hostname, port: Number(port) });
  }

  /** Answers PING with PONG when clamd is up. */
  async ping(): Promise<boolean> {
    const answer = await this.command((socket) => void socket.end('zPING\0'));
    return answer === 'PONG';
  }

  async scan(file: Readable): Promise<ScanVerdict> {
    const answer = await this.command(async (socket) => {
      socket.write('zINSTREAM\0');
      for await (const chunk of file) {
        const data = chunk as Buffer;
        for (let offset = 0; offset < data.length; offset += CHUNK) {
          const part = data.subarray(offset, offset + CHUNK);
          const length = Buffer.alloc(4);
          length.writeUInt32BE(part.length);
          if (!socket.write(Buffer.concat([length, part]))) {
            await new Promise<void>((resolve, reject) => {
              socket.once('drain', resolve);
              socket.once('close', () => reject(new Error('clamd closed the connection')));
            });
          }
        }
      }
      socket.end(Buffer.alloc(4));
    });
    // "stream: OK", "stream: Eicar-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
    if (/^stream: OK$/.test(answer)) return { clean: true };
    const signature = /^stream: (.+) FOUND$/.exec(answer)?.[1];
    if (signature) return { clean: false, signature };
    throw new Error(`clamd could not scan the file: ${answer}`);
  }

  private command(send: (socket: Socket) => void | Promise<void>): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const socket = this.open();
      const chunks: Buffer[] = [];
      let settled = false;
      const finish = (error: Error | null, answer?: string): void => {
        if (settled) return;
        settled = true;
        socket.destroy();
        if (error) reject(error);
        else resolve(answer!);
      };
      socket.setTimeout(this.timeoutMs, () => finish(new Error('clamd did not answer in time')));
      socket.on('error', (error) => finish(error));
      socket.on('data', (data: Buffer) => {
        chunks.push(data);
        const text = Buffer.concat(chunks).toString('utf8');
        const end = text.indexOf('\0');
        if (end >= 0) finish(null, text.slice(0, end).trim());
      });
      socket.on('end', () => finish(null, Buffer.concat(chunks).toString('utf8').replace(/\0/g, '').trim()));
      socket.on('connect', () => {
        Promise.resolve(send(socket)).catch((error: Error) => finish(error));
      });
    });
  }
}
