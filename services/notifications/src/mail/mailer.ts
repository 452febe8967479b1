import { connect, type Socket } from 'node:net';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { NotificationsConfig } from '../config';
import type { DeliveryContent } from '../deliveries/delivery.entity';
import type { MailAttachment } from '../templates/mail-renderer';
import { greetingName } from '../templates/person-name';

export interface OutgoingMail {
  /** the delivery's id: the Message-ID is derived from it, so a resend of the same mail keeps its id */
  deliveryId: string;
  to: { name: string | null; address: string };
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
}

/** The mail of a queued delivery, as its row (or its event's transaction) holds it. */
export function outgoingMail(
  deliveryId: string,
  d: { recipientEmail: string; recipientName: string | null; subject: string; content: DeliveryContent },
): OutgoingMail {
  return {
    deliveryId,
    // rows written before names were checked may hold any text: no such display name on the address
    to: { name: greetingName(d.recipientName), address: d.recipientEmail },
    subject: d.subject,
    text: d.content.text,
    html: d.content.html,
    attachments: d.content.attachments,
  };
}

export interface SentMail {
  messageId: string;
  /** the server's final reply, e.g. `250 OK: queued as 4F2A1` */
  response: string;
}

/** The domain of an address line like `Bürgeramt <buergeramt@esslingen.de>`, for Message-IDs. */
export function senderDomain(from: string, fallback: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return match?.[1] ?? fallback;
}

type SocketCallback = (error: Error | null, socketOptions?: { connection: Socket }) => void;

/** Errors `openSocket` reported: each one costs nodemailer's pool a connection slot (see `Mailer.send`). */
const socketErrors = new WeakSet<object>();

/**
 * Opens the TCP connection for nodemailer with Nagle's algorithm off. nodemailer leaves it on, and its
 * small writes at the end of a message then wait for the server's delayed ACK: about 40 ms per mail on a
 * reused connection (measured: 46 ms against 6 ms). TLS (smtps, STARTTLS) is layered on top by nodemailer.
 */
function openSocket(options: SMTPPool.Options, callback: SocketCallback): void {
  const socket = connect({ host: options.host ?? '127.0.0.1', port: options.port ?? 25 });
  socket.setNoDelay(true);
  const timer = setTimeout(() => {
    socket.destroy();
    finish(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' }));
  }, options.connectionTimeout ?? 10_000);
  let done = false;
  function finish(error: Error | null): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    socket.off('error', finish);
    if (error) {
      socketErrors.add(error);
      callback(error);
    } else callback(null, { connection: socket });
  }
  socket.once('connect', () => finish(null));
  socket.once('error', finish);
}

/**
 * nodemailer's options for SMTP_URL: a connection pool of MAIL_CONCURRENCY connections, timeouts, and
 * sockets without Nagle's delay. Parameters in the URL's query (nodemailer's URL format) win.
 */
export function transportOptions(smtpUrl: string, connections: number): SMTPPool.Options {
  return {
    maxConnections: connections,
    maxMessages: 1000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ...(parseConnectionUrl(smtpUrl) as Omit<SMTPPool.Options, 'pool'>),
    pool: true,
    getSocket: openSocket,
  };
}

/**
 * Sends through SMTP_URL with nodemailer over a small connection pool. Everything outside (the server)
 * sits behind this class; the queue's processor decides about retries.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private transport: Transporter<SMTPPool.SentMessageInfo>;
  private readonly domain: string;

  constructor(@Inject(NotificationsConfig) private readonly config: NotificationsConfig) {
    this.transport = this.createPool();
    this.domain = senderDomain(config.MAIL_FROM, new URL(config.PUBLIC_BASE_URL).hostname);
  }

  private createPool(): Transporter<SMTPPool.SentMessageInfo> {
    return createTransport(transportOptions(this.config.SMTP_URL, this.config.MAIL_CONCURRENCY));
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const transport = this.transport;
    try {
      return await this.sendWith(transport, mail);
    } catch (error) {
      if (
        typeof error === 'object' &&
        error !== null &&
        socketErrors.has(error) &&
        transport === this.transport
      ) {
        // nodemailer's pool never frees the slot of a connection whose socket could not be opened
        // (PoolResource.connect hands that error to the mail only, not to the pool): after
        // MAIL_CONCURRENCY refused connects, i.e. an SMTP server away for a moment, every later mail
        // would wait forever. So a fresh pool takes over; mails waiting in the old one fail with
        // "Connection pool was closed" and are retried like any other unreachable-server failure.
        this.transport = this.createPool();
        transport.close();
      }
      throw error;
    }
  }

  private async sendWith(
    transport: Transporter<SMTPPool.SentMessageInfo>,
    mail: OutgoingMail,
  ): Promise<SentMail> {
    const messageId = `<${mail.deliveryId}@${this.domain}>`;
    const info = await transport.sendMail({
      from: this.config.MAIL_FROM,
      to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
      messageId,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
    return { messageId: info.messageId || messageId, response: String(info.response ?? '') };
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
