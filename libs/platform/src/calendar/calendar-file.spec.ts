import { calendarFile, calendarText, foldLine, type CalendarEvent } from './calendar-file';

// ical.js (dev dependency, CommonJS, untyped): parses the file as a calendar client would
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as {
  parse(text: string): unknown;
  Component: new (data: unknown) => {
    getFirstPropertyValue(name: string): unknown;
    getFirstSubcomponent(name: string): { getFirstPropertyValue(name: string): unknown } | null;
  };
};

const event: CalendarEvent = {
  productId: '-//Digitales Buergeramt//test//DE',
  method: 'PUBLISH',
  uid: '0193f1c2-aaaa-bbbb-cccc-ddddeeeeffff@termine.esslingen.de',
  sequence: 61_234_567,
  status: 'CONFIRMED',
  start: new Date('2026-12-08T09:30:00.000Z'),
  end: new Date('2026-12-08T09:45:00.000Z'),
  summary: 'Termin: Personalausweis; Reisepass, Kinderreisepass \\ Übergabe',
  location: 'Bürgeramt "Mitte", Ritterstraße 17',
  description:
    'Buchungsnummer: E-4711\nhttps://termine.esslingen.de/termine/0193f1c2-aaaa-bbbb-cccc-ddddeeeeffff?token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMTkzIn0.c2lnbmF0dXJl',
  url: 'https://termine.esslingen.de/termine/0193?token=a,b;c',
  stamp: new Date('2026-12-07T16:00:00.000Z'),
};

describe('calendarFile', () => {
  it('is read back by a calendar parser with every value as given', () => {
    const text = calendarFile(event);
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('prodid')).toBe(event.productId);
    const vevent = calendar.getFirstSubcomponent('vevent');
    if (!vevent) throw new Error('no VEVENT');
    const value = (name: string) => vevent.getFirstPropertyValue(name);
    expect(value('uid')).toBe(event.uid);
    expect(value('summary')).toBe(event.summary);
    expect(value('location')).toBe(event.location);
    expect(value('description')).toBe(event.description);
    expect(value('url')).toBe(event.url);
    expect(value('sequence')).toBe(event.sequence);
    expect(value('status')).toBe('CONFIRMED');
    expect(String(value('dtstart'))).toBe('2026-12-08T09:30:00Z');
    expect(String(value('dtend'))).toBe('2026-12-08T09:45:00Z');
    expect(String(value('dtstamp'))).toBe('2026-12-07T16:00:00Z');
  });

  it('ends every line with CRLF and keeps each within 75 octets', () => {
    const text = calendarFile({ ...event, description: 'Ä'.repeat(100) + '€'.repeat(50) });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines.every((line) => !line.includes('\n') && !line.includes('\r'))).toBe(true);
    expect(Math.max(...lines.map((line) => Buffer.byteLength(line)))).toBeLessThanOrEqual(75);
    expect(lines.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(3);
  });

  it('writes a cancellation that removes the entry', () => {
    const text = calendarFile({ ...event, method: 'CANCEL', status: 'CANCELLED', url: undefined });
    expect(text).toContain('\r\nMETHOD:CANCEL\r\n');
    expect(text).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(text).not.toContain('URL:');
  });

  it('refuses a date that is not one (the mail records a render error instead of a broken file)', () => {
    expect(() => calendarFile({ ...event, start: new Date('not a date') })).toThrow(RangeError);
  });
});

describe('calendarText', () => {
  it('escapes what separates values and writes line breaks as \\n', () => {
    expect(calendarText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });
});

describe('foldLine', () => {
  it('leaves a line of 75 octets as it is', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
  });

  it('folds after 75 octets, never inside a character, and unfolds to the same line', () => {
    const line = `DESCRIPTION:${'aé€😀'.repeat(40)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
      expect(part).not.toContain('\uFFFD');
    }
    expect(parts.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });
});
