import { createConnection, type Socket } from 'node:net';

export interface SmtpReply {
  code: number;
  text: string;
}

/** A minimal SMTP client speaking the protocol over a plain socket, for testing the test server. */
export class RawSmtpClient {
  private buffer = '';
  private readonly replies: SmtpReply[] = [];
  private waiter: (() => void) | null = null;
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.parse();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawSmtpClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ port, host });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawSmtpClient(socket));
      });
    });
  }

  private parse(): void {
    let lines: string[] = [];
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end === -1) break;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      lines.push(line);
      // a reply ends with "NNN text" (space after the code); "NNN-text" continues it
      if (/^\d{3}( |$)/.test(line)) {
        this.replies.push({ code: Number(line.slice(0, 3)), text: lines.map((l) => l.slice(4)).join('\n') });
        lines = [];
        this.waiter?.();
      }
    }
    if (lines.length) this.buffer = lines.map((l) => `${l}\r\n`).join('') + this.buffer;
  }

  async reply(timeoutMs = 5000): Promise<SmtpReply> {
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length === 0) {
      if (this.closed) throw new Error('connection closed before a reply');
      if (Date.now() > deadline) throw new Error('no SMTP reply in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = null;
    }
    return this.replies.shift() as SmtpReply;
  }

  async command(line: string): Promise<SmtpReply> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  close(): void {
    this.socket.destroy();
  }
}

/**
 * Sends one mail and returns the reply codes of each step; stops at the first refusal, like a client would.
 */
export async function sendMail(
  port: number,
  mail: { from: string; to: string[]; data: string },
): Promise<{ greeting: number; rcpt: number[]; data?: number; accepted: boolean }> {
  const client = await RawSmtpClient.connect(port);
  try {
    const greeting = (await client.reply()).code;
    await client.command('EHLO tester.local');
    const mailFrom = await client.command(`MAIL FROM:<${mail.from}>`);
    if (mailFrom.code !== 250) throw new Error(`MAIL FROM refused: ${mailFrom.code}`);
    const rcpt: number[] = [];
    for (const to of mail.to) rcpt.push((await client.command(`RCPT TO:<${to}>`)).code);
    if (!rcpt.some((code) => code === 250)) return { greeting, rcpt, accepted: false };
    const go = await client.command('DATA');
    if (go.code !== 354) return { greeting, rcpt, data: go.code, accepted: false };
    const stuffed = mail.data.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    const done = await client.command(`${stuffed}\r\n.`);
    await client.command('QUIT').catch(() => undefined);
    return { greeting, rcpt, data: done.code, accepted: done.code === 250 };
  } finally {
    client.close();
  }
}
