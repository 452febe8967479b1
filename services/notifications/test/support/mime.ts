import type { ReceivedMail } from '@buergeramt/testing';
import * as ICAL from 'ical.js';

/** An attachment, its content as text (the service attaches calendars). */
export interface MailAttachment {
  contentType: string;
  filename: string | null;
  content: string;
}

/** A received mail as its recipient reads it (decoded by mailparser when the test server received it). */
export interface ParsedMail {
  to: string[];
  from: string;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
  raw: string;
}

export function parseReceived(mail: ReceivedMail): ParsedMail {
  const { decoded } = mail;
  return {
    to: mail.to,
    from: mail.from,
    headers: mail.headers,
    subject: decoded.subject,
    text: decoded.text,
    html: decoded.html,
    attachments: decoded.attachments.map((a) => ({
      contentType: a.contentType,
      filename: a.filename,
      content: a.content.toString('utf8'),
    })),
    raw: mail.raw,
  };
}

/** The first VEVENT of an iCalendar text, parsed by ical.js. */
export function parseIcs(text: string): { method: string | null; event: ICAL.Event } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT in the calendar');
  const method = calendar.getFirstPropertyValue('method');
  return { method: typeof method === 'string' ? method : null, event: new ICAL.Event(vevent) };
}

/** Every http(s) link of a text part, in order. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((match) => match[0]);
}
