import { waitFor } from '@buergeramt/testing';
import {
  aPerson,
  anAppointment,
  anApplication,
  anEvent,
  type Person,
  profileChanged,
} from './support/events';
import { type Harness, PUBLIC_BASE_URL, startHarness } from './support/harness';
import { linksIn } from './support/mime';

const SERVICE_NAME = { de: 'Wohnsitz anmelden', en: 'Register your residence' };

describe('application mails, unknown recipients and preferences (application events → SMTP)', () => {
  let h: Harness;

  beforeAll(async () => {
    // mails for people whose profile has not arrived wait 2 s here (a day in production)
    h = await startHarness({ RECIPIENT_WAIT_SECONDS: '2' });
  });

  afterAll(async () => {
    await h?.close();
  });

  async function knownPerson(overrides: Partial<Person> = {}): Promise<Person> {
    const person = aPerson(overrides);
    await h.publish(profileChanged(person));
    await h.settle();
    return person;
  }

  const decided = (app: ReturnType<typeof anApplication>, reference: string) =>
    anEvent('application.decided', {
      ...app,
      reference,
      outcome: 'approved',
      reason: 'Alle Unterlagen vollständig.',
      decidedAt: new Date().toISOString(),
      decidedByRole: 'clerk',
      serviceName: SERVICE_NAME,
      applicant: { givenName: 'Anna', familyName: 'Muster' },
    });

  it('confirms receipt with the reference and the link to the case, in the owner’s language', async () => {
    const owner = await knownPerson({ locale: 'en', givenName: 'Ola' });
    const app = anApplication(owner);
    await h.publish(
      anEvent('application.submitted', { ...app, reference: 'ESS-2026-000123', documentIds: [] }),
    );
    const mail = await h.mailTo(owner.email);
    expect(mail.subject).toBe('Your application has been received');
    expect(mail.text).toContain('Hello Ola,');
    expect(mail.text).toContain('Reference: ESS-2026-000123');
    expect(linksIn(mail.text)).toContain(`${PUBLIC_BASE_URL}/antraege/${app.applicationId}`);
    // optional mails say how to switch them off
    expect(linksIn(mail.text)).toContain(`${PUBLIC_BASE_URL}/konto/benachrichtigungen`);
  });

  it('tells about a request for information without quoting it', async () => {
    const owner = await knownPerson();
    const app = anApplication(owner);
    await h.publish(
      anEvent('application.info-requested', {
        ...app,
        reference: 'ESS-2026-000124',
        message: 'Bitte reichen Sie die Geburtsurkunde <b>im Original</b> nach.',
      }),
    );
    const mail = await h.mailTo(owner.email);
    expect(mail.subject).toBe('Rückfrage zu Ihrem Antrag ESS-2026-000124');
    expect(mail.text).not.toContain('Geburtsurkunde');
    expect(linksIn(mail.text)).toContain(`${PUBLIC_BASE_URL}/antraege/${app.applicationId}`);
  });

  it('tells that a decision is available and asks for feedback once a week at most', async () => {
    const owner = await knownPerson();
    const app = anApplication(owner);
    await h.publish(decided(app, 'ESS-2026-000125'));
    const mail = await h.mailTo(owner.email, (m) => m.subject.startsWith('Entscheidung'));
    expect(mail.subject).toBe('Entscheidung zu Ihrem Antrag ESS-2026-000125');
    expect(mail.text).toContain('„Wohnsitz anmelden“');
    expect(mail.text).not.toContain('Alle Unterlagen vollständig'); // the decision itself is in the letter
    const feedback = await h.mailTo(owner.email, (m) => m.subject === 'Wie zufrieden waren Sie?');
    expect(linksIn(feedback.text).filter((l) => l.includes('subjectType=application'))).toHaveLength(5);

    // a completed appointment of the same person in the same week: no second request
    const appointment = anAppointment({ owner });
    await h.publish(
      anEvent('appointment.completed', { ...appointment, completedAt: new Date().toISOString() }),
    );
    await h.settle();
    expect(h.mailsTo(owner.email).filter((m) => m.subject === 'Wie zufrieden waren Sie?')).toHaveLength(1);
  });

  it('mails a new message from staff, not the citizen’s own message', async () => {
    const owner = await knownPerson();
    const app = anApplication(owner);
    const message = (fromStaff: boolean) =>
      anEvent('application.message-posted', {
        ...app,
        messageId: crypto.randomUUID(),
        fromStaff,
        documentIds: [],
      });
    await h.publish(message(false), message(true));
    await h.settle();
    expect(h.mailsTo(owner.email).map((m) => m.subject)).toEqual(['Neue Nachricht zu Ihrem Antrag']);
  });

  it('sends one mail for a request for information, though its question is also posted as a message', async () => {
    const owner = await knownPerson();
    const app = anApplication(owner);
    // what applications writes to its outbox in the transaction of POST /request-info
    await h.publish(
      anEvent('application.message-posted', {
        ...app,
        messageId: crypto.randomUUID(),
        fromStaff: true,
        documentIds: [],
        kind: 'info-request',
      }),
      anEvent('application.info-requested', {
        ...app,
        reference: 'ESS-2026-000130',
        message: 'Bitte reichen Sie die Geburtsurkunde nach.',
      }),
    );
    await h.settle();
    expect(h.mailsTo(owner.email).map((m) => m.subject)).toEqual([
      'Rückfrage zu Ihrem Antrag ESS-2026-000130',
    ]);
    const inbox = await h.request({
      method: 'GET',
      url: '/notifications',
      token: h.identity.token(owner.userId),
    });
    expect(inbox.json<{ items: { type: string }[] }>().items.map((i) => i.type)).toEqual([
      'information-requested',
    ]);

    // a later message of the thread is news again, also one written before `kind` existed
    const message = { ...app, fromStaff: true, documentIds: [] };
    await h.publish(
      anEvent('application.message-posted', { ...message, messageId: crypto.randomUUID(), kind: 'message' }),
      anEvent('application.message-posted', { ...message, messageId: crypto.randomUUID() }),
    );
    await h.settle();
    expect(h.mailsTo(owner.email).map((m) => m.subject)).toEqual([
      'Rückfrage zu Ihrem Antrag ESS-2026-000130',
      'Neue Nachricht zu Ihrem Antrag',
      'Neue Nachricht zu Ihrem Antrag',
    ]);
  });

  it('keeps a mail for an unknown person pending and sends it when the profile arrives', async () => {
    const owner = aPerson({ locale: 'en' });
    const app = anApplication(owner);
    await h.publish(
      anEvent('application.submitted', { ...app, reference: 'ESS-2026-000126', documentIds: [] }),
    );
    await h.settle();
    expect(await h.deliveries({ userId: owner.userId })).toEqual([
      expect.objectContaining({ status: 'pending', kind: 'application-received', recipientEmail: null }),
    ]);
    expect(h.mailsTo(owner.email)).toHaveLength(0);

    await h.publish(profileChanged(owner));
    const mail = await h.mailTo(owner.email);
    expect(mail.subject).toBe('Your application has been received');
    await h.settle();
    expect(await h.deliveries({ userId: owner.userId })).toEqual([
      expect.objectContaining({ status: 'sent', recipientEmail: owner.email, locale: 'en' }),
    ]);
  });

  it('records a mail as failed with a clear error when the profile never arrives in time', async () => {
    const owner = aPerson();
    const app = anApplication(owner);
    await h.publish(
      anEvent('application.submitted', { ...app, reference: 'ESS-2026-000127', documentIds: [] }),
    );
    const failed = await waitFor(
      async () => (await h.deliveries({ userId: owner.userId, status: 'failed' }))[0],
      { timeoutMs: 8000 },
    );
    expect(failed.lastError).toMatch(/^recipient-unknown: no profile/);
    // the profile arriving late changes nothing: the mail stays failed (an admin may retry it)
    await h.publish(profileChanged(owner));
    await h.settle();
    expect(h.mailsTo(owner.email)).toHaveLength(0);
    // now that the profile is there, an admin's retry renders and sends it
    const admin = h.identity.token(crypto.randomUUID(), { roles: ['admin'] });
    const retry = await h.request({
      method: 'POST',
      url: `/admin/notifications/deliveries/${failed.id}/retry`,
      token: admin,
    });
    expect(retry.json()).toMatchObject({ status: 'queued', recipient: owner.email });
    const mail = await h.mailTo(owner.email);
    expect(mail.subject).toBe('Ihr Antrag ist eingegangen');
  });

  it('skips optional mails when e-mail is switched off, keeps the inbox entry, and always sends required ones', async () => {
    const owner = await knownPerson({ locale: 'de' });
    const token = h.identity.token(owner.userId);
    const put = await h.request({
      method: 'PUT',
      url: '/notifications/preferences',
      token,
      payload: { email: false, locale: 'en' },
    });
    expect(put.statusCode).toBe(200);

    const app = anApplication(owner);
    await h.publish(
      anEvent('application.submitted', { ...app, reference: 'ESS-2026-000128', documentIds: [] }),
    );
    const appointment = anAppointment({ owner });
    await h.publish(anEvent('appointment.booked', appointment));
    await h.settle();

    // the booking confirmation is needed for the booking to hold: sent, in the language chosen
    expect(h.mailsTo(owner.email).map((m) => m.subject)).toEqual(['Your appointment is confirmed']);
    expect(await h.deliveries({ userId: owner.userId, kind: 'application-received' })).toEqual([
      expect.objectContaining({ status: 'skipped', recipientEmail: null }),
    ]);
    const inbox = await h.request({ method: 'GET', url: '/notifications', token });
    expect(
      inbox
        .json<{ items: { type: string }[] }>()
        .items.map((i) => i.type)
        .sort(),
    ).toEqual(['application-received', 'booking-confirmation']);

    // switched on again: optional mails flow again
    await h.request({
      method: 'PUT',
      url: '/notifications/preferences',
      token,
      payload: { email: true, locale: 'en' },
    });
    await h.publish(
      anEvent('application.submitted', {
        ...anApplication(owner),
        reference: 'ESS-2026-000129',
        documentIds: [],
      }),
    );
    await h.mailTo(owner.email, (m) => m.subject === 'Your application has been received');
  });

  it('follows a new language chosen in the profile over the one chosen in the preferences before', async () => {
    const owner = await knownPerson({ locale: 'de' });
    const token = h.identity.token(owner.userId);
    await h.request({
      method: 'PUT',
      url: '/notifications/preferences',
      token,
      payload: { email: true, locale: 'en' },
    });
    await h.publish(profileChanged({ ...owner, locale: 'de' }));
    await h.settle();
    expect((await h.request({ method: 'GET', url: '/notifications/preferences', token })).json().locale).toBe(
      'en',
    );
    const at = Date.now();
    await h.publish(profileChanged({ ...owner, locale: 'en' }, new Date(at + 1000)));
    await h.settle();
    await h.publish(profileChanged({ ...owner, locale: 'de' }, new Date(at + 2000)));
    await h.settle();
    expect((await h.request({ method: 'GET', url: '/notifications/preferences', token })).json()).toEqual({
      email: true,
      locale: 'de',
    });
  });
});
