import type { Locale } from '@buergeramt/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MailAttachment } from '../templates/mail-renderer';
import type { MailKind } from '../templates/mail-kinds';

/**
 * - `pending`: the person's profile (address, language) has not arrived yet; sent when it does, failed
 *   after RECIPIENT_WAIT_SECONDS;
 * - `queued`: rendered and waiting for (or between) attempts;
 * - `sent`: the SMTP server accepted it;
 * - `failed`: refused for good (5xx), out of attempts, invalid, or the recipient never became known;
 * - `skipped`: not sent on purpose (the person switched optional mails off).
 */
export const DELIVERY_STATUSES = ['pending', 'queued', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One try to hand the mail to the SMTP server, as the delivery log shows it. */
export interface DeliveryAttempt {
  at: string;
  outcome: 'sent' | 'retry' | 'failed';
  /** the SMTP reply code, when the server answered */
  code?: number | null;
  error?: string;
}

/** What is kept of a rendered mail until it is sent (the subject stays in the log). */
export interface DeliveryContent {
  text: string;
  html: string;
  attachments: MailAttachment[];
}

/** The delivery log: one row per mail, from the event that caused it to the server's answer. */
@Entity({ name: 'deliveries' })
export class DeliveryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** one mail per key, e.g. `event:<eventId>:<kind>`: a redelivered event finds it and adds nothing */
  @Column('text', { name: 'dedupe_key', unique: true })
  dedupeKey!: string;

  @Column('text')
  kind!: MailKind;

  @Column('text')
  status!: DeliveryStatus;

  /** the person with an account, if any (preferences, inbox, erasure) */
  @Column('uuid', { name: 'user_id', nullable: true })
  userId!: string | null;

  @Column('text', { name: 'recipient_email', nullable: true })
  recipientEmail!: string | null;

  @Column('text', { name: 'recipient_name', nullable: true })
  recipientName!: string | null;

  @Column('text', { nullable: true })
  locale!: Locale | null;

  @Column('text', { nullable: true })
  subject!: string | null;

  /** the template's parameters, kept while the mail can still be (re-)rendered; dropped once sent */
  @Column('jsonb', { nullable: true })
  params!: Record<string, unknown> | null;

  /** the rendered mail, kept until it is sent (its links may carry tokens) */
  @Column('jsonb', { nullable: true })
  content!: DeliveryContent | null;

  @Column('uuid', { name: 'event_id', nullable: true })
  eventId!: string | null;

  @Column('text', { name: 'event_type', nullable: true })
  eventType!: string | null;

  @Column('int', { default: 0 })
  attempts!: number;

  @Column('jsonb', { default: () => `'[]'::jsonb` })
  history!: DeliveryAttempt[];

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  /** the Message-ID header of the mail (deterministic per delivery, so a resend keeps it) */
  @Column('text', { name: 'message_id', nullable: true })
  messageId!: string | null;

  /** the SMTP server's final answer, e.g. `250 OK: queued as 4F2A1` */
  @Column('text', { name: 'server_response', nullable: true })
  serverResponse!: string | null;

  @Column('timestamptz', { name: 'pending_until', nullable: true })
  pendingUntil!: Date | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @Column('timestamptz', { name: 'failed_at', nullable: true })
  failedAt!: Date | null;
}
