import { enumsRefusingNull, operationsWithoutSuccess, shapelessSchemas } from '@buergeramt/platform';
import { v7 as uuidv7 } from 'uuid';
import { AppointmentStateEntity } from '../src/reminders/appointment-state.entity';
import { PreferenceEntity } from '../src/preferences/preference.entity';
import { RecipientEntity } from '../src/recipients/recipient.entity';
import { NotificationEntity } from '../src/inbox/notification.entity';
import {
  aPerson,
  anAppointment,
  anApplication,
  anEvent,
  type Person,
  profileChanged,
} from './support/events';
import { type Harness, startHarness } from './support/harness';
import { defined } from '@buergeramt/testing';

interface Item {
  id: string;
  type: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

describe('inbox and preferences endpoints; account deletion', () => {
  let h: Harness;
  let anna: Person;
  let annaToken: string;
  const applications: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    anna = aPerson({ locale: 'de' });
    annaToken = h.identity.token(anna.userId);
    await h.publish(profileChanged(anna));
    await h.settle();
    for (const reference of ['ESS-1', 'ESS-2', 'ESS-3']) {
      const app = anApplication(anna);
      applications.push(app.applicationId);
      await h.publish(anEvent('application.submitted', { ...app, reference, documentIds: [] }));
      await h.settle(); // one after the other: the inbox is ordered by arrival
    }
  });

  afterAll(async () => {
    await h?.close();
  });

  const inbox = (token: string, query = '', headers: Record<string, string> = {}) =>
    h.request({ method: 'GET', url: `/notifications${query}`, token, headers });

  it('lists the entries newest first with title and body in the person’s language and a link to the case', async () => {
    const res = await inbox(annaToken, '', { 'accept-language': 'en' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: Item[]; nextCursor: string | null; unreadCount: number }>();
    expect(body.nextCursor).toBeNull();
    expect(body.unreadCount).toBe(3);
    expect(body.items.map((i) => i.link)).toEqual(applications.map((id) => `/antraege/${id}`).reverse());
    expect(body.items[0]).toEqual({
      id: expect.any(String),
      type: 'application-received',
      title: 'Ihr Antrag ist eingegangen', // her profile says de; Accept-Language only decides for unknown people
      body: 'Wir haben Ihren Antrag erhalten. Die Vorgangsnummer lautet ESS-3.',
      link: `/antraege/${applications[2]}`,
      createdAt: expect.any(String),
      readAt: null,
    });
  });

  it('renders entries in the language chosen in the preferences', async () => {
    const put = await h.request({
      method: 'PUT',
      url: '/notifications/preferences',
      token: annaToken,
      payload: { email: true, locale: 'en' },
    });
    expect(put.json()).toEqual({ email: true, locale: 'en' });
    const items = (await inbox(annaToken)).json<{ items: Item[] }>().items;
    expect(items[0]).toMatchObject({ title: 'Your application has been received' });
    await h.request({
      method: 'PUT',
      url: '/notifications/preferences',
      token: annaToken,
      payload: { email: true, locale: 'de' },
    });
  });

  it('pages with limit and cursor', async () => {
    const first = (await inbox(annaToken, '?limit=2')).json<{ items: Item[]; nextCursor: string }>();
    expect(first.items).toHaveLength(2);
    const second = (await inbox(annaToken, `?limit=2&cursor=${first.nextCursor}`)).json<{
      items: Item[];
      nextCursor: string | null;
    }>();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((i) => i.link)).toEqual(
      applications.map((id) => `/antraege/${id}`).reverse(),
    );
    const bad = await inbox(annaToken, '?cursor=nonsense');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    expect((await inbox(annaToken, '?limit=101')).statusCode).toBe(422);
  });

  it('marks an entry read (204, twice is fine) and filters unread ones', async () => {
    const newest = defined((await inbox(annaToken)).json<{ items: Item[] }>().items[0], 'the newest entry');
    const read = await h.request({
      method: 'POST',
      url: `/notifications/${newest.id}/read`,
      token: annaToken,
    });
    expect(read.statusCode).toBe(204);
    const firstReadAt = (await inbox(annaToken)).json<{ items: Item[] }>().items[0]?.readAt;
    expect(firstReadAt).toEqual(expect.any(String));
    expect(
      (await h.request({ method: 'POST', url: `/notifications/${newest.id}/read`, token: annaToken }))
        .statusCode,
    ).toBe(204);
    const after = (await inbox(annaToken)).json<{ items: Item[]; unreadCount: number }>();
    expect(after.items[0]?.readAt).toBe(firstReadAt);
    expect(after.unreadCount).toBe(2);
    const unread = (await inbox(annaToken, '?unread=true')).json<{ items: Item[] }>().items;
    expect(unread.map((i) => i.id)).not.toContain(newest.id);
    expect(unread).toHaveLength(2);
  });

  it('answers 404 for another person’s entry and for ids that do not exist', async () => {
    const entry = defined((await inbox(annaToken)).json<{ items: Item[] }>().items[0], 'an entry');
    const bob = h.identity.token(uuidv7());
    const foreign = await h.request({ method: 'POST', url: `/notifications/${entry.id}/read`, token: bob });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ type: 'not-found', status: 404 });
    expect((await inbox(bob)).json().items).toEqual([]);
    expect(
      (await h.request({ method: 'POST', url: `/notifications/${uuidv7()}/read`, token: annaToken }))
        .statusCode,
    ).toBe(404);
    expect(
      (await h.request({ method: 'POST', url: '/notifications/not-an-id/read', token: annaToken }))
        .statusCode,
    ).toBe(404);
  });

  it('needs a logged-in person: 401 without a token, 403 for machine clients', async () => {
    expect((await h.request({ method: 'GET', url: '/notifications' })).statusCode).toBe(401);
    expect((await h.request({ method: 'GET', url: '/notifications/preferences' })).statusCode).toBe(401);
    const client = h.identity.token('client-1', { typ: 'client', scope: 'applications:read' });
    const res = await h.request({ method: 'GET', url: '/notifications', token: client });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ type: 'forbidden' });
  });

  it('serves preferences with defaults and validates a replacement', async () => {
    const stranger = h.identity.token(uuidv7());
    const defaults = await h.request({
      method: 'GET',
      url: '/notifications/preferences',
      token: stranger,
      headers: { 'accept-language': 'en-GB,en;q=0.9,de;q=0.5' },
    });
    expect(defaults.json()).toEqual({ email: true, locale: 'en' });
    const invalid = await h.request({
      method: 'PUT',
      url: '/notifications/preferences',
      token: stranger,
      payload: { email: 'yes', locale: 'fr', extra: 1 },
    });
    expect(invalid.statusCode).toBe(422);
    expect(
      invalid
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['email', 'extra', 'locale']);
    const missing = await h.request({
      method: 'PUT',
      url: '/notifications/preferences',
      token: stranger,
      payload: { email: false },
    });
    expect(missing.statusCode).toBe(422);
    const saved = await h.request({
      method: 'PUT',
      url: '/notifications/preferences',
      token: stranger,
      payload: { email: false, locale: 'de' },
    });
    expect(saved.json()).toEqual({ email: false, locale: 'de' });
    expect(
      (await h.request({ method: 'GET', url: '/notifications/preferences', token: stranger })).json(),
    ).toEqual({
      email: false,
      locale: 'de',
    });
  });

  it('documents its routes in its OpenAPI document', async () => {
    const doc = (await h.request({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, object>;
    }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/notifications',
        '/notifications/{id}/read',
        '/notifications/preferences',
        '/admin/notifications/deliveries',
        '/admin/notifications/deliveries/{id}/retry',
      ]),
    );
  });

  it('documents Accept-Language as optional (de by default), a shape for every object and null in nullable enums', async () => {
    const doc = (await h.request({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<
        string,
        Record<string, { parameters?: { in: string; name: string; required?: boolean }[] }>
      >;
    }>();
    for (const path of ['/notifications', '/notifications/preferences']) {
      const headers = (doc.paths[path]?.get?.parameters ?? []).filter((p) => p.in === 'header');
      expect(headers).toEqual([expect.objectContaining({ name: 'accept-language', required: false })]);
    }
    expect(shapelessSchemas(doc)).toEqual([]);
    expect(enumsRefusingNull(doc)).toEqual([]);
    expect(operationsWithoutSuccess(doc)).toEqual([]);
  });

  it('erases inbox, preferences, delivery log, profile and appointments when the account is deleted', async () => {
    const carl = aPerson();
    const token = h.identity.token(carl.userId);
    await h.publish(profileChanged(carl));
    await h.settle();
    await h.request({
      method: 'PUT',
      url: '/notifications/preferences',
      token,
      payload: { email: true, locale: 'en' },
    });
    const appointment = anAppointment({ owner: carl });
    await h.publish(
      anEvent('appointment.booked', appointment),
      anEvent('application.submitted', { ...anApplication(carl), reference: 'ESS-9', documentIds: [] }),
    );
    await h.settle();
    expect((await inbox(token)).json().items).toHaveLength(2);
    expect(await h.deliveries({ userId: carl.userId })).toHaveLength(2);
    expect(await h.reminderJobs(appointment.appointmentId)).toHaveLength(1);

    await h.publish(anEvent('identity.account-deleted', { userId: carl.userId }));
    await h.settle();
    expect((await inbox(token)).json().items).toEqual([]);
    expect(await h.deliveries({ userId: carl.userId })).toEqual([]);
    expect(await h.db.getRepository(PreferenceEntity).findOneBy({ userId: carl.userId })).toBeNull();
    expect(await h.db.getRepository(RecipientEntity).findOneBy({ userId: carl.userId })).toBeNull();
    expect(await h.db.getRepository(AppointmentStateEntity).findOneBy({ userId: carl.userId })).toBeNull();
    // the appointment's reminder job, when it runs, finds no appointment and sends nothing
    await h.runReminders(appointment.appointmentId);
    expect(await h.deliveries({ userId: carl.userId })).toEqual([]);

    // events about the person that arrive late store nothing again
    await h.publish(
      profileChanged(carl, new Date(Date.now() + 1000)),
      anEvent('application.submitted', { ...anApplication(carl), reference: 'ESS-10', documentIds: [] }),
    );
    await h.settle();
    expect(await h.db.getRepository(RecipientEntity).findOneBy({ userId: carl.userId })).toBeNull();
    expect(await h.db.getRepository(NotificationEntity).findBy({ userId: carl.userId })).toEqual([]);
    expect(await h.deliveries({ userId: carl.userId })).toEqual([]);
    // other people keep theirs
    expect((await inbox(annaToken)).json().items).toHaveLength(3);
  });
});
