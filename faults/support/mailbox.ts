import { startSmtpServer, type TestSmtpServer } from '@buergeramt/testing';
import { simpleParser } from 'mailparser';

/** A mail as the recipient reads it. */
export interface Mail {
  /** envelope recipients */
  to: string[];
  messageId: string;
  subject: string;
  text: string;
  /** the appointment (`/termine/{id}`) or case (`/antraege/{id}`) the mail links to, if any */
  appointmentId: string | null;
  applicationId: string | null;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The SMTP server of the fault suite: in-process (libs/testing's `startSmtpServer`), stopped and
 * started again on the same port to play an outage; every mail it accepted, parsed.
 */
export class Mailbox {
  private readonly parsed: Mail[] = [];
  private parsing: Promise<Mail[]> = Promise.resolve([]);

  private constructor(readonly smtp: TestSmtpServer) {}

  static async start(): Promise<Mailbox> {
    return new Mailbox(await startSmtpServer());
  }

  get url(): string {
    return this.smtp.url;
  }

  /** Every mail received so far (oldest first), each parsed once. */
  mails(): Promise<Mail[]> {
    // one parse at a time: concurrent callers would parse (and append) the same mail twice
    this.parsing = this.parsing.then(() => this.parseNew());
    return this.parsing;
  }

  private async parseNew(): Promise<Mail[]> {
    while (this.parsed.length < this.smtp.messages.length) {
      const received = this.smtp.messages[this.parsed.length];
      const mail = await simpleParser(received.raw);
      const text = mail.text ?? '';
      this.parsed.push({
        to: received.to.map((a) => a.toLowerCase()),
        messageId: mail.messageId ?? '',
        subject: mail.subject ?? '',
        text,
        appointmentId: new RegExp(`/termine/(${UUID})`).exec(text)?.[1] ?? null,
        applicationId: new RegExp(`/antraege/(${UUID})`).exec(text)?.[1] ?? null,
      });
    }
    return this.parsed;
  }

  stop(): Promise<void> {
    return this.smtp.stop();
  }

  start(): Promise<void> {
    return this.smtp.start();
  }
}
