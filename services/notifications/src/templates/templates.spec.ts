import { loadConfig } from '@buergeramt/platform';
import * as ICAL from 'ical.js';
import { NotificationsConfig } from '../config';
import { escapeHtml, headerText, safeHref } from './escape';
import { formatDateTime, formatTimeRange } from './format';
import { PublicLinks } from './links';
import { MailRenderer } from './mail-renderer';
import { ALWAYS_SENT, MAIL_KINDS, type MailKind, type MailParams, type MailRequestOf } from './mail-kinds';

const appointment = {
  appointmentId: '0194d0b2-6c1e-7a52-9a7e-3c2b1d0e4f5a',
  reference: 'ESS-A-1234',
  start: '2026-12-01T09:30:00.000Z',
  end: '2026-12-01T09:45:00.000Z',
  manageToken: 'manage-token-1',
  serviceName: { de: 'Personalausweis <neu>', en: 'ID card <new>' },
  locationName: 'Bürgeramt "Mitte"',
  locationAddress: 'Ritterstraße 17',
};

/** Parameters for every kind: a kind without a sample does not compile. */
const SAMPLES: { [K in MailKind]: MailParams[K] } = {
  'email-verification': { token: 't1', expiresAt: '2026-12-01T10:00:00Z', alreadyRegistered: false },
  'password-reset': { token: 't2', expiresAt: '2026-12-01T10:00:00Z' },
  'staff-invitation': { token: 't3', expiresAt: '2026-12-01T10:00:00Z', roles: ['clerk'] },
  'account-locked': { lockedUntil: '2026-12-01T10:00:00Z' },
  'guest-confirmation': { ...appointment, confirmBy: '2026-11-20T10:30:00Z' },
  'booking-confirmation': appointment,
  'appointment-reminder': appointment,
  'appointment-cancelled': { ...appointment, cancelledBy: 'owner', sequence: 3 },
  'appointment-rescheduled': {
    ...appointment,
    previousStart: '2026-11-30T09:30:00Z',
    previousEnd: '2026-11-30T09:45:00Z',
    sequence: 4,
  },
  'application-received': { applicationId: 'a-1', reference: 'ESS-2026-000001' },
  'information-requested': { applicationId: 'a-1', reference: 'ESS-2026-000001', message: 'secret <b>' },
  'decision-available': {
    applicationId: 'a-1',
    reference: 'ESS-2026-000001',
    outcome: 'approved',
    serviceName: { de: 'Wohnsitz', en: 'Residence' },
  },
  'staff-message': { applicationId: 'a-1' },
  'feedback-request': { subjectType: 'appointment', subjectId: 's-1', reference: 'ESS-A-1', token: 'v1.abc' },
};

const request = <K extends MailKind>(kind: K): MailRequestOf<K> => ({ kind, params: SAMPLES[kind] });

describe('mail templates', () => {
  const config = loadConfig(NotificationsConfig, {
    FEEDBACK_TOKEN_SECRET: 'a-feedback-secret-of-this-test-only-01234',
    PUBLIC_BASE_URL: 'https://stadt.example/buergeramt/',
    CITY_NAME: 'Stadt <Esslingen>',
    CITY_CONTACT: 'Telefon 0711 & mehr',
  });
  const renderer = new MailRenderer(config);

  describe.each(MAIL_KINDS)('%s', (kind) => {
    it.each(['de', 'en'] as const)('renders in %s: subject, text and accessible HTML', (locale) => {
      const mail = renderer.render(request(kind), { locale, name: "Ada O'Hara", hasAccount: true });
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.html).toContain(`<html lang="${locale}"`);
      expect(mail.html).toContain(`<title>${escapeHtml(mail.subject)}</title>`);
      expect(mail.html).toMatch(/<h1[^>]*>/);
      expect(mail.html).not.toMatch(/<img|<script|javascript:/i);
      // data never arrives as markup
      expect(mail.html).not.toContain("Ada O'Hara");
      expect(mail.html).toContain('Ada O&#39;Hara,');
      expect(mail.html).not.toContain('Stadt <Esslingen>');
      expect(mail.text).toContain("Ada O'Hara,");
      expect(mail.text).toContain('Stadt <Esslingen>');
      expect(mail.text).toContain('Telefon 0711 & mehr');
      // every link is absolute and below PUBLIC_BASE_URL, in the text and in the HTML
      const links = [...mail.text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) expect(link.startsWith('https://stadt.example/buergeramt/')).toBe(true);
      for (const [, href] of mail.html.matchAll(/href="([^"]+)"/g)) {
        expect(href?.startsWith('https://stadt.example/buergeramt/')).toBe(true);
      }
      // optional mails say how to switch them off, required ones do not
      expect(mail.text.includes('/konto/benachrichtigungen')).toBe(!ALWAYS_SENT[kind]);
    });

    it('differs between the languages', () => {
      const de = renderer.render(request(kind), { locale: 'de', name: null, hasAccount: false });
      const en = renderer.render(request(kind), { locale: 'en', name: null, hasAccount: false });
      expect(de.subject).not.toBe(en.subject);
      expect(de.text).toContain('Guten Tag,');
      expect(en.text).toContain('Hello,');
    });

    it('has an inbox title and body in both languages', () => {
      const de = renderer.inboxText(request(kind), 'de');
      const en = renderer.inboxText(request(kind), 'en');
      expect(de.title).not.toBe(en.title);
      expect(de.body.length).toBeGreaterThan(10);
    });
  });

  it('never offers guests the preferences link (they have none)', () => {
    const mail = renderer.render(request('appointment-reminder'), {
      locale: 'de',
      name: null,
      hasAccount: false,
    });
    expect(mail.text).not.toContain('/konto/benachrichtigungen');
  });

  it('does not put a clerk’s message into the mail', () => {
    const mail = renderer.render(request('information-requested'), {
      locale: 'de',
      name: null,
      hasAccount: true,
    });
    expect(mail.text).not.toContain('secret');
  });

  it('attaches a calendar entry that ical.js reads to confirmations, reschedules and cancellations', () => {
    const confirmation = renderer.render(request('booking-confirmation'), {
      locale: 'en',
      name: null,
      hasAccount: true,
    });
    expect(confirmation.attachments).toHaveLength(1);
    const calendar = new ICAL.Component(ICAL.parse(confirmation.attachments[0]!.content)); // one, as checked
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent'));
    expect(event.uid).toBe(`${appointment.appointmentId}@stadt.example`);
    expect(event.summary).toBe('Appointment: ID card <new>');
    expect(event.location).toBe('Bürgeramt "Mitte", Ritterstraße 17');
    expect(event.startDate.toJSDate().toISOString()).toBe(appointment.start);
    expect(event.endDate.toJSDate().toISOString()).toBe(appointment.end);

    const cancel = renderer.render(request('appointment-cancelled'), {
      locale: 'de',
      name: null,
      hasAccount: true,
    });
    const [cancelIcs] = cancel.attachments;
    if (!cancelIcs) throw new Error('the cancellation has no calendar entry');
    const cancelled = new ICAL.Component(ICAL.parse(cancelIcs.content));
    expect(cancelled.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(new ICAL.Event(cancelled.getFirstSubcomponent('vevent')).sequence).toBe(3);
    expect(cancelIcs.contentType).toBe('text/calendar; charset=utf-8; method=CANCEL');

    expect(
      renderer.render(request('appointment-reminder'), { locale: 'de', name: null, hasAccount: true })
        .attachments,
    ).toEqual([]);
  });

  it('links inbox entries to the case or the appointment, never with a token', () => {
    expect(renderer.inboxLink(request('booking-confirmation'))).toBe(`/termine/${appointment.appointmentId}`);
    expect(renderer.inboxLink(request('decision-available'))).toBe('/antraege/a-1');
    expect(renderer.inboxLink(request('feedback-request'))).toBe(
      '/feedback?subjectType=appointment&subjectId=s-1',
    );
    expect(renderer.inboxLink(request('account-locked'))).toBeNull();
  });
});

describe('links', () => {
  const links = new PublicLinks('https://stadt.example/portal/');

  it('builds every documented path from the base URL, query values encoded', () => {
    expect(links.verifyEmail('a+b/c')).toBe('https://stadt.example/portal/konto/bestaetigen?token=a%2Bb%2Fc');
    expect(links.resetPassword('x')).toBe('https://stadt.example/portal/konto/passwort-neu?token=x');
    expect(links.invitation('x')).toBe('https://stadt.example/portal/backoffice/einladung?token=x');
    expect(links.appointment('id-1', 'tok')).toBe('https://stadt.example/portal/termine/id-1?token=tok');
    expect(links.appointment('id-1', null)).toBe('https://stadt.example/portal/termine/id-1');
    expect(links.confirmAppointment('id-1', 'tok')).toBe(
      'https://stadt.example/portal/termine/id-1/bestaetigen?token=tok',
    );
    expect(links.application('a/1')).toBe('https://stadt.example/portal/antraege/a%2F1');
    expect(links.feedback('application', 'a-1', 4, 'v1.x')).toBe(
      'https://stadt.example/portal/feedback?subjectType=application&subjectId=a-1&rating=4&token=v1.x',
    );
  });
});

describe('escaping and formatting', () => {
  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('refuses links that are not http(s)', () => {
    expect(() => safeHref('javascript:alert(1)')).toThrow(/refusing/);
    expect(safeHref('https://a.example/?x="1"&y=2')).toBe('https://a.example/?x=%221%22&amp;y=2');
  });

  it('keeps subjects on one line', () => {
    expect(headerText('Hallo\r\nBcc: evil@example.org')).toBe('Hallo Bcc: evil@example.org');
  });

  it('shows times in Europe/Berlin, winter and summer', () => {
    expect(formatDateTime('2026-01-15T08:00:00Z', 'de')).toBe('Donnerstag, 15. Januar 2026, 09:00 Uhr');
    expect(formatDateTime('2026-07-15T08:00:00Z', 'de')).toBe('Mittwoch, 15. Juli 2026, 10:00 Uhr');
    expect(formatTimeRange('2026-07-15T08:00:00Z', '2026-07-15T08:20:00Z', 'en')).toBe(
      'Wednesday, 15 July 2026, 10:00–10:20',
    );
  });
});
