import { parseMail, type ReceivedMail } from '@buergeramt/testing';
import * as ICAL from 'ical.js';

/** One MIME part, decoded. */
export interface MimePart {
  contentType: string;
  params: Record<string, string>;
  headers: Record<string, string>;
  /** decoded content (text parts as UTF-8) */
  content: string;
  filename: string | null;
  parts: MimePart[];
}

/** A received mail, parsed enough for assertions. */
export interface ParsedMail {
  to: string[];
  from: string;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  attachments: MimePart[];
  raw: string;
}

/** `type/subtype; a=b; c="d"` → type and parameters. */
function parseHeaderValue(value: string): { value: string; params: Record<string, string> } {
  const [first, ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const part of rest) {
    const match = /^\s*([^=\s]+)\s*=\s*(?:"([^"]*)"|([^\s;]*))\s*$/.exec(part);
    if (match) params[match[1].toLowerCase()] = match[2] ?? match[3] ?? '';
  }
  return { value: (first ?? '').trim().toLowerCase(), params };
}

function decodeQuotedPrintable(input: string): Buffer {
  const soft = input.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const ch = soft[i];
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`); whitespace between two of them is dropped. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

function parsePart(raw: string): MimePart {
  const { headers, body } = parseMail(raw);
  const { value: contentType, params } = parseHeaderValue(headers['content-type'] ?? 'text/plain');
  const disposition = parseHeaderValue(headers['content-disposition'] ?? '');
  const filename = disposition.params.filename ?? params.name ?? null;
  if (contentType.startsWith('multipart/')) {
    const boundary = params.boundary;
    const segments = body.replace(/\r\n/g, '\n').split(`--${boundary}`);
    const parts = segments
      .slice(1)
      .filter((segment) => !segment.startsWith('--'))
      .map((segment) => parsePart(segment.replace(/^\n/, '').replace(/\n$/, '')));
    return { contentType, params, headers, content: '', filename, parts };
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : Buffer.from(body, 'utf8');
  return { contentType, params, headers, content: bytes.toString('utf8'), filename, parts: [] };
}

function leaves(part: MimePart): MimePart[] {
  return part.parts.length > 0 ? part.parts.flatMap(leaves) : [part];
}

export function parseReceived(mail: ReceivedMail): ParsedMail {
  const root = parsePart(mail.raw.replace(/\r\n/g, '\n'));
  const all = leaves(root);
  const inline = (type: string): string =>
    all.find((p) => p.contentType === type && !p.headers['content-disposition']?.startsWith('attachment'))
      ?.content ?? '';
  return {
    to: mail.to,
    from: mail.from,
    headers: mail.headers,
    subject: decodeWords(mail.subject),
    text: inline('text/plain'),
    html: inline('text/html'),
    attachments: all.filter((p) => p.filename !== null),
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
