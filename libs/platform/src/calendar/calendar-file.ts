/**
 * An iCalendar file (RFC 5545) with one event, as the appointments service's `.ics` download and the
 * notifications service's mail attachments send it. Written here rather than by a library: the `ics`
 * package validated every event with yup, which cost more than the rest of rendering a booking's mail
 * (decision §41); what an appointment needs is a dozen properties.
 */
export interface CalendarEvent {
  /** PRODID: who made the file, e.g. `-//Digitales Buergeramt//appointments//DE` */
  productId: string;
  /** PUBLISH for a new or moved entry, CANCEL to remove it */
  method: 'PUBLISH' | 'CANCEL';
  uid: string;
  /** higher for every change of the same entry */
  sequence: number;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  start: Date;
  end: Date;
  summary: string;
  location: string;
  description: string;
  /** a link to the entry's page (URI value, not escaped as text) */
  url?: string;
  /** DTSTAMP: when the file was made; default now */
  stamp?: Date;
}

/** A UTC date-time as RFC 5545 writes it: `20261208T093000Z`. */
export function calendarDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** A TEXT value (§3.3.11): backslash, semicolon and comma escaped, line breaks as `\n`. */
export function calendarText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

const MAX_LINE_OCTETS = 75;

/**
 * A content line folded after at most 75 octets (§3.1): CRLF and one space before each continuation,
 * never inside a UTF-8 sequence (the octets of one character stay on one line).
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  // the continuation's leading space counts towards its 75 octets
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The file's text, lines ending in CRLF. */
export function calendarFile(event: CalendarEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `PRODID:${calendarText(event.productId)}`,
    `METHOD:${event.method}`,
    'BEGIN:VEVENT',
    `UID:${calendarText(event.uid)}`,
    `DTSTAMP:${calendarDateTime(event.stamp ?? new Date())}`,
    `SEQUENCE:${Math.max(0, Math.floor(event.sequence))}`,
    `DTSTART:${calendarDateTime(event.start)}`,
    `DTEND:${calendarDateTime(event.end)}`,
    `SUMMARY:${calendarText(event.summary)}`,
    `LOCATION:${calendarText(event.location)}`,
    `DESCRIPTION:${calendarText(event.description)}`,
    ...(event.url ? [`URL:${event.url.replace(/[\r\n]/g, '')}`] : []),
    `STATUS:${event.status}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
