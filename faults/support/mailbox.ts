import { startSmtpServer, type TestSmtpServer } from '@buergeramt/testing';

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
 * started again on the same port to play an outage; every mail it accepted, decoded.
 */
export class Mailbox {
  private constructor(readonly smtp: TestSmtpServer) {}

  static async start(): Promise<Mailbox> {
    return new Mailbox(await startSmtpServer());
  }

  get url(): string {
    return this.smtp.url;
  }

  /** Every mail received so far (oldest first), as the test server decoded it (mailparser). */
  mails(): Promise<Mail[]> {
    return Promise.resolve(
      this.smtp.messages.map((received) => {
        const { text, subject, messageId } = received.decoded;
        return {
          to: received.to.map((a) => a.toLowerCase()),
          messageId,
          subject,
          text,
          appointmentId: new RegExp(`/termine/(${UUID})`).exec(text)?.[1] ?? null,
          applicationId: new RegExp(`/antraege/(${UUID})`).exec(text)?.[1] ?? null,
        };
      }),
    );
  }

  stop(): Promise<void> {
    return this.smtp.stop();
  }

  start(): Promise<void> {
    return this.smtp.start();
  }
}
