import { waitFor } from '@buergeramt/testing';
import { RecipientEntity } from '../src/recipients/recipient.entity';
import { aPerson, anEvent, profileChanged, token } from './support/events';
import {
  CITY_CONTACT,
  CITY_NAME,
  type Harness,
  MAIL_FROM,
  PUBLIC_BASE_URL,
  startHarness,
} from './support/harness';
import { linksIn } from './support/mime';

describe('account mails (identity events → SMTP)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('sends the verification mail in German with the verification link, the sender and the city footer', async () => {
    const person = aPerson({ locale: 'de' });
    const secret = token();
    await h.publish(
      anEvent('identity.email-verification-requested', {
        ...person,
        token: secret,
        expiresAt: '2026-12-01T10:00:00Z',
        alreadyRegistered: false,
      }),
    );
    const mail = await h.mailTo(person.email);
    expect(mail.to).toEqual([person.email]);
    expect(mail.from).toBe('buergeramt@esslingen.example');
    expect(mail.headers.from).toContain('buergeramt@esslingen.example');
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihre E-Mail-Adresse');
    expect(linksIn(mail.text)).toContain(`${PUBLIC_BASE_URL}/konto/bestaetigen?token=${secret}`);
    expect(mail.html).toContain(`href="${PUBLIC_BASE_URL}/konto/bestaetigen?token=${secret}"`);
    expect(mail.text).toContain('Guten Tag Anna,');
    expect(mail.text).toContain('gültig bis Dienstag, 1. Dezember 2026, 11:00 Uhr');
    expect(mail.text).toContain(CITY_NAME);
    expect(mail.text).toContain(CITY_CONTACT);
    expect(mail.html).toContain('<html lang="de"');
    expect(MAIL_FROM).toContain(mail.from);
  });

  it('tells an already registered address so, with login and reset links instead of a token', async () => {
    const person = aPerson({ locale: 'en' });
    await h.publish(
      anEvent('identity.email-verification-requested', {
        ...person,
        token: token(),
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        alreadyRegistered: true,
      }),
    );
    const mail = await h.mailTo(person.email);
    expect(mail.subject).toBe('You already have an account');
    expect(linksIn(mail.text)).toEqual(
      expect.arrayContaining([
        `${PUBLIC_BASE_URL}/konto/anmelden`,
        `${PUBLIC_BASE_URL}/konto/passwort-vergessen`,
      ]),
    );
    expect(mail.text).not.toContain('token=');
  });

  it('sends the password reset mail in English with the reset link', async () => {
    const person = aPerson({ locale: 'en', givenName: 'John' });
    const secret = token();
    await h.publish(
      anEvent('identity.password-reset-requested', {
        ...person,
        token: secret,
        expiresAt: '2026-07-01T08:30:00Z',
      }),
    );
    const mail = await h.mailTo(person.email);
    expect(mail.subject).toBe('Set a new password');
    expect(mail.text).toContain('Hello John,');
    expect(mail.text).toContain('valid until Wednesday, 1 July 2026, 10:30'); // CEST
    expect(linksIn(mail.text)).toContain(`${PUBLIC_BASE_URL}/konto/passwort-neu?token=${secret}`);
    expect(mail.html).toContain('<html lang="en"');
  });

  it('sends the staff invitation with the back-office link and the roles', async () => {
    const person = aPerson({ locale: 'de' });
    const secret = token();
    await h.publish(
      anEvent('identity.staff-invited', {
        ...person,
        roles: ['clerk', 'supervisor'],
        token: secret,
        expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
      }),
    );
    const mail = await h.mailTo(person.email);
    expect(mail.subject).toBe('Einladung in das Back-Office des Digitalen Bürgeramts');
    expect(linksIn(mail.text)).toContain(`${PUBLIC_BASE_URL}/backoffice/einladung?token=${secret}`);
    expect(mail.text).toContain('Rollen: Sachbearbeitung, Teamleitung');
  });

  it('tells about a locked account and leaves an inbox entry without any link', async () => {
    const person = aPerson({ locale: 'de' });
    await h.publish(anEvent('identity.account-locked', { ...person, lockedUntil: '2026-03-02T09:15:00Z' }));
    const mail = await h.mailTo(person.email);
    expect(mail.subject).toBe('Ihr Konto wurde vorübergehend gesperrt');
    expect(mail.text).toContain('bis Montag, 2. März 2026, 10:15 Uhr gesperrt');
    await h.settle();
    const inbox = await h.request({
      method: 'GET',
      url: '/notifications',
      token: h.identity.token(person.userId),
    });
    expect(inbox.json().items).toEqual([
      expect.objectContaining({
        type: 'account-locked',
        title: 'Ihr Konto wurde vorübergehend gesperrt',
        link: null,
      }),
    ]);
  });

  it("escapes data in HTML: a name like D'Arcy arrives as text", async () => {
    const person = aPerson({ givenName: "Renée D'Arcy" });
    await h.publish(
      anEvent('identity.password-reset-requested', {
        ...person,
        token: token(),
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      }),
    );
    const mail = await h.mailTo(person.email);
    expect(mail.html).toContain('Guten Tag Renée D&#39;Arcy,');
    expect(mail.text).toContain("Guten Tag Renée D'Arcy,");
  });

  it.each([
    ['de', 'Guten Tag,', '<script>alert("x")</script> & Co'],
    ['de', 'Guten Tag,', 'Erika, bitte bestätigen Sie unter https://evil.example'],
    ['en', 'Hello,', 'Erika, please confirm at https://evil.example'],
  ] as const)(
    'greets neutrally (%s) and leaves out a "name" that is no name: %s %s',
    async (locale, neutral, hostile) => {
      const person = aPerson({ givenName: hostile, locale });
      await h.publish(
        anEvent('identity.email-verification-requested', {
          ...person,
          token: token(),
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
          alreadyRegistered: false,
        }),
      );
      const mail = await h.mailTo(person.email);
      expect(mail.text.startsWith(`${neutral}\n`)).toBe(true);
      expect(mail.html).toContain(`>${neutral}</p>`);
      // neither the greeting, nor the HTML, nor the address line carries any of it
      for (const part of [mail.text, mail.html, mail.raw]) {
        expect(part).not.toContain('evil.example');
        expect(part).not.toContain('<script>');
      }
      expect(mail.headers.to).toBe(person.email);
    },
  );

  it('sends one mail for an event delivered twice, also after the first delivery was processed', async () => {
    const person = aPerson();
    const event = anEvent('identity.password-reset-requested', {
      ...person,
      token: token(),
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    await h.publish(event, event); // a second add while the job exists is ignored by BullMQ
    await h.mailTo(person.email);
    await h.settle();
    // the relay publishing again after the job was removed: a new job with the same event id
    await h.eventQueue.remove(event.id);
    await h.publish(event);
    await h.settle();
    expect(h.mailsTo(person.email)).toHaveLength(1);
    expect(await h.deliveries({ eventId: event.id })).toHaveLength(1);
  });

  it('keeps the recipient read model from profile events and mail events, never older over newer', async () => {
    const person = aPerson({ locale: 'de', givenName: 'Berta' });
    const newer = new Date();
    const older = new Date(newer.getTime() - 60_000);
    await h.publish(profileChanged({ ...person, givenName: 'Bertha', locale: 'en' }, newer));
    await h.settle();
    await h.publish(
      anEvent(
        'identity.password-reset-requested',
        { ...person, token: token(), expiresAt: new Date(Date.now() + 3600_000).toISOString() },
        { occurredAt: older },
      ),
    );
    await h.settle();
    const row = await waitFor(() => h.db.getRepository(RecipientEntity).findOneBy({ userId: person.userId }));
    expect(row).toMatchObject({
      givenName: 'Bertha',
      locale: 'en',
      familyName: 'Muster',
      email: person.email,
    });
  });
});
