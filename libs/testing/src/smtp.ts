import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

/** A mail as its recipient's program shows it: decoded by the maintained `mailparser`. */
export interface DecodedMail {
  /** the subject, MIME encoded words decoded */
  subject: string;
  /** the plain-text part, decoded (quoted-printable, base64, charset) */
  text: string;
  /** the HTML part, decoded; empty when there is none */
  html: string;
  messageId: string;
  attachments: { filename: string | null; contentType: string; content: Buffer }[];
}

/** One mail the test server accepted. */
export interface ReceivedMail {
  /** envelope sender (MAIL FROM); empty string for a null sender */
  from: string;
  /** envelope recipients (RCPT TO) */
  to: string[];
  /** the message as received (headers and body, CRLF line ends, dot-unstuffed) */
  raw: string;
  /** header fields, names lower-cased, folded lines joined; repeated fields keep the first value */
  headers: Record<string, string>;
  /** the `Subject` header as it stands (not MIME-decoded) */
  subject: string;
  /** everything after the blank line that ends the header (not MIME-decoded) */
  body: string;
  /** the message decoded (parts, transfer encodings, encoded words) */
  decoded: DecodedMail;
  receivedAt: Date;
}

/**
 * How the server misbehaves, to test a mailer against a down or refusing server:
 * - `none`: accept everything;
 * - `temporary`: answer 451 (try again later) at the chosen stage;
 * - `permanent`: answer 550 (RCPT) or 554 (DATA), a permanent refusal.
 */
export type SmtpFailureMode = 'none' | 'temporary' | 'permanent';
export type SmtpFailureStage = 'rcpt' | 'data';

/** A refusal the server sent, for assertions on how often a mailer tried. */
export interface SmtpRejection {
  stage: SmtpFailureStage;
  code: number;
  recipients: string[];
  at: Date;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:PORT` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** every accepted mail, oldest first (kept across stop/start) */
  readonly messages: ReceivedMail[];
  /** every refusal caused by `setFailure`, oldest first */
  readonly rejections: SmtpRejection[];
  /** resolves with the first (past or future) mail matching `predicate` */
  waitFor(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** makes the server refuse mails from now on (see SmtpFailureMode); `setFailure('none')` heals it */
  setFailure(mode: SmtpFailureMode, stage?: SmtpFailureStage): void;
  /** forgets received mails and rejections */
  clear(): void;
  /** stops listening and drops open connections: clients get "connection refused" */
  stop(): Promise<void>;
  /** listens again on the same port after `stop()` */
  start(): Promise<void>;
}

/** Splits a raw message into its header fields and body, unfolding folded header lines. */
export function parseMail(raw: string): { headers: Record<string, string>; body: string } {
  const normalized = raw.replace(/\r\n/g, '\n');
  const end = normalized.indexOf('\n\n');
  const head = end === -1 ? normalized : normalized.slice(0, end);
  const body = end === -1 ? '' : normalized.slice(end + 2);
  const headers: Record<string, string> = {};
  const unfolded = head.replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

async function decode(raw: string): Promise<DecodedMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  return {
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    messageId: parsed.messageId ?? '',
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      content: a.content,
    })),
  };
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

function address(a: SMTPServerAddress | false): string {
  return a ? a.address : '';
}

/**
 * An in-process SMTP server (no TLS, no authentication required) on a free local port that records
 * every mail it receives.
 */
export async function startSmtpServer(options: { port?: number } = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const rejections: SmtpRejection[] = [];
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  let failure: { mode: SmtpFailureMode; stage: SmtpFailureStage } = { mode: 'none', stage: 'rcpt' };
  let server: SMTPServer | null = null;
  let port = options.port ?? 0;
  const host = '127.0.0.1';

  const failureCode = (stage: SmtpFailureStage): number | null => {
    if (failure.mode === 'none' || failure.stage !== stage) return null;
    if (failure.mode === 'temporary') return 451;
    return stage === 'rcpt' ? 550 : 554;
  };

  const create = (): SMTPServer =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      hideSTARTTLS: true,
      secure: false,
      logger: false,
      closeTimeout: 100,
      size: 50 * 1024 * 1024,
      onRcptTo(to: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
        const code = failureCode('rcpt');
        if (code === null) return callback();
        rejections.push({ stage: 'rcpt', code, recipients: [to.address], at: new Date() });
        callback(
          smtpError(
            code < 500 ? 'Temporary failure, try again later (test)' : 'Recipient refused (test)',
            code,
          ),
        );
      },
      onData(stream: Readable, session: SMTPServerSession, callback: (err?: Error | null) => void) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        const receive = async (): Promise<void> => {
          const recipients = session.envelope.rcptTo.map((r) => r.address);
          const code = failureCode('data');
          if (code !== null) {
            rejections.push({ stage: 'data', code, recipients, at: new Date() });
            return callback(
              smtpError(
                code < 500 ? 'Temporary failure, try again later (test)' : 'Message refused (test)',
                code,
              ),
            );
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const { headers, body } = parseMail(raw);
          let decoded: DecodedMail;
          try {
            decoded = await decode(raw);
          } catch (error) {
            return callback(smtpError(`Message not parseable (test): ${String(error)}`, 554));
          }
          const mail: ReceivedMail = {
            from: address(session.envelope.mailFrom),
            to: recipients,
            raw,
            headers,
            subject: headers.subject ?? '',
            body,
            decoded,
            receivedAt: new Date(),
          };
          messages.push(mail);
          arrivals.emit('mail', mail);
          callback();
        };
        stream.on('end', () => void receive());
      },
    });

  const listen = async (): Promise<void> => {
    if (server) return;
    const next = create();
    next.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      const netServer = next.server;
      netServer.once('error', reject);
      netServer.listen(port, host, () => {
        netServer.off('error', reject);
        port = (netServer.address() as AddressInfo).port;
        resolve();
      });
    });
    server = next;
  };

  await listen();

  const api: TestSmtpServer = {
    get url() {
      return `smtp://${host}:${port}`;
    },
    host,
    get port() {
      return port;
    },
    messages,
    rejections,
    waitFor(predicate = () => true, timeoutMs = 10_000) {
      const existing = messages.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const onMail = (mail: ReceivedMail): void => {
          if (!predicate(mail)) return;
          clearTimeout(timer);
          arrivals.off('mail', onMail);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          arrivals.off('mail', onMail);
          reject(
            new Error(
              `smtp waitFor: no matching mail within ${timeoutMs} ms (${messages.length} received: ${JSON.stringify(
                messages.map((m) => ({ to: m.to, subject: m.subject })),
              )})`,
            ),
          );
        }, timeoutMs);
        arrivals.on('mail', onMail);
      });
    },
    setFailure(mode, stage = 'rcpt') {
      failure = { mode, stage };
    },
    clear() {
      messages.length = 0;
      rejections.length = 0;
    },
    async stop() {
      const current = server;
      server = null;
      if (!current) return;
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    start: listen,
  };
  return api;
}
