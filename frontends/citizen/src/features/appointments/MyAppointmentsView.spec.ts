import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { UiAnnouncer } from '@buergeramt/ui';
import { i18n, setLocale } from '../../i18n';
import MyAppointmentsView from './MyAppointmentsView.vue';

const Empty = { template: '<h1>elsewhere</h1>' };
let wrapper: VueWrapper | undefined;

interface Page {
  items: Record<string, unknown>[];
  nextCursor: string | null;
}

const appointment = (reference: string, start: string, status = 'confirmed') => ({
  id: `0192f0e0-0000-7000-8000-${reference.padStart(12, '0')}`,
  reference,
  status,
  serviceId: '0192f0e0-0000-7000-8000-00000000aaaa',
  locationId: '0192f0e0-0000-7000-8000-00000000bbbb',
  start,
  end: start.replace(/T(\d\d):00/, 'T$1:15'),
  expiresAt: null,
  serviceName: { de: 'Personalausweis beantragen', en: 'Apply for an identity card' },
  locationName: 'Bürgeramt Innenstadt',
  locationAddress: 'Rathausplatz 2, 73728 Esslingen am Neckar',
  contact: null,
  cancelledBy: null,
});

/**
 * GET /appointments answering from `pages[when][cursor ?? '']` (a function may fail instead), and the
 * queries asked.
 */
function stubAppointments(pages: Record<string, Record<string, Page | (() => Response)>>): URLSearchParams[] {
  const asked: URLSearchParams[] = [];
  vi.stubGlobal('fetch', (input: Request) => {
    const url = new URL(input.url);
    if (url.pathname !== '/api/v1/appointments') {
      return Promise.reject(new TypeError(`unexpected request ${url.pathname}`));
    }
    asked.push(url.searchParams);
    const answer = pages[url.searchParams.get('when') ?? '']?.[url.searchParams.get('cursor') ?? ''];
    if (!answer) return Promise.reject(new TypeError(`unexpected query ${url.search}`));
    if (typeof answer === 'function') return Promise.resolve(answer());
    return Promise.resolve(
      new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } }),
    );
  });
  return asked;
}

async function render(): Promise<VueWrapper> {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/termine', name: 'my-appointments', component: MyAppointmentsView },
      { path: '/termine/:id', name: 'appointment', component: Empty },
      { path: '/leistungen', name: 'services', component: Empty },
    ],
  });
  await router.push('/termine');
  wrapper = mount(
    { components: { UiAnnouncer }, template: '<main id="main"><RouterView /></main><UiAnnouncer />' },
    { attachTo: document.body, global: { plugins: [createPinia(), i18n, router] } },
  );
  await flushPromises();
  return wrapper;
}

const section = (w: VueWrapper, id: 'upcoming' | 'past') => w.get(`section[aria-labelledby="${id}-heading"]`);
const references = (w: VueWrapper, id: 'upcoming' | 'past') =>
  section(w, id)
    .findAll('.appointment-card__meta')
    .map((p) => /T-\w+/.exec(p.text())?.[0]);

describe('My appointments', () => {
  beforeEach(() => setLocale('de'));
  afterEach(() => {
    wrapper?.unmount();
    wrapper = undefined;
    vi.unstubAllGlobals();
  });

  it('asks the API for the upcoming and the past ones and shows each list in its order', async () => {
    const asked = stubAppointments({
      upcoming: {
        '': {
          items: [
            appointment('T-SOON', '2026-12-08T09:00:00+01:00'),
            appointment('T-LATER', '2026-12-20T10:00:00+01:00', 'pending_confirmation'),
          ],
          nextCursor: null,
        },
      },
      past: {
        '': {
          items: [
            appointment('T-CANCELLED', '2026-12-21T08:00:00+01:00', 'cancelled'),
            appointment('T-DONE', '2026-11-02T08:00:00+01:00', 'completed'),
          ],
          nextCursor: null,
        },
      },
    });
    const w = await render();
    expect(asked.map((q) => Object.fromEntries(q))).toEqual([
      { when: 'upcoming', limit: '10' },
      { when: 'past', limit: '10' },
    ]);
    expect(w.get('#upcoming-heading').text()).toBe('Anstehende Termine');
    expect(w.get('#past-heading').text()).toBe('Vergangene und abgesagte Termine');
    // the API's order is kept: a cancelled appointment later in the year is still among the past ones
    expect(references(w, 'upcoming')).toEqual(['T-SOON', 'T-LATER']);
    expect(references(w, 'past')).toEqual(['T-CANCELLED', 'T-DONE']);
    expect(section(w, 'upcoming').text()).toContain('Dienstag, 8. Dezember 2026, 09:00 Uhr');
    expect(section(w, 'past').text()).toContain('Abgesagt');
    expect(w.text()).not.toContain('anzeigen'); // no "show more" without a next page
    expect(section(w, 'upcoming').get('a.ui-button').text()).toBe('Weiteren Termin buchen');
  });

  it('shows more of each list on its own, by its cursor, and moves focus to the first one added', async () => {
    const asked = stubAppointments({
      upcoming: {
        '': { items: [appointment('T-U1', '2026-12-08T09:00:00+01:00')], nextCursor: 'u-2' },
        'u-2': {
          items: [
            appointment('T-U2', '2026-12-09T09:00:00+01:00'),
            appointment('T-U3', '2026-12-10T09:00:00+01:00'),
          ],
          nextCursor: null,
        },
      },
      past: {
        '': { items: [appointment('T-P1', '2026-11-30T09:00:00+01:00', 'completed')], nextCursor: 'p-2' },
        'p-2': { items: [appointment('T-P2', '2026-11-20T09:00:00+01:00', 'no_show')], nextCursor: 'p-3' },
      },
    });
    const w = await render();
    const more = (id: 'upcoming' | 'past') => section(w, id).get('.my-appointments__more button');
    expect(more('upcoming').text()).toBe('Weitere anstehende Termine anzeigen');
    expect(more('past').text()).toBe('Weitere vergangene und abgesagte Termine anzeigen');

    await more('upcoming').trigger('click');
    await flushPromises();
    expect(Object.fromEntries(asked[2]!)).toEqual({ when: 'upcoming', limit: '10', cursor: 'u-2' });
    expect(references(w, 'upcoming')).toEqual(['T-U1', 'T-U2', 'T-U3']);
    expect(references(w, 'past')).toEqual(['T-P1']);
    expect(section(w, 'upcoming').find('.my-appointments__more').exists()).toBe(false);
    expect(document.activeElement?.closest('li')?.textContent).toContain('T-U2');
    await vi.waitFor(() => expect(document.body.textContent).toContain('2 weitere Termine geladen'));

    await more('past').trigger('click');
    await flushPromises();
    expect(Object.fromEntries(asked[3]!)).toEqual({ when: 'past', limit: '10', cursor: 'p-2' });
    expect(references(w, 'past')).toEqual(['T-P1', 'T-P2']);
    // the past list has a further page still
    expect(section(w, 'past').find('.my-appointments__more button').exists()).toBe(true);
  });

  it('says so in each list that is empty, and offers booking when there is nothing at all', async () => {
    stubAppointments({
      upcoming: { '': { items: [], nextCursor: null } },
      past: {
        '': { items: [appointment('T-OLD', '2026-11-02T08:00:00+01:00', 'completed')], nextCursor: null },
      },
    });
    const w = await render();
    expect(section(w, 'upcoming').text()).toContain('Sie haben zurzeit keinen anstehenden Termin.');
    expect(references(w, 'past')).toEqual(['T-OLD']);
    w.unmount();

    stubAppointments({
      upcoming: { '': { items: [appointment('T-NEXT', '2026-12-08T09:00:00+01:00')], nextCursor: null } },
      past: { '': { items: [], nextCursor: null } },
    });
    const w2 = await render();
    expect(section(w2, 'past').text()).toContain('Sie haben keine vergangenen oder abgesagten Termine.');
    w2.unmount();

    stubAppointments({
      upcoming: { '': { items: [], nextCursor: null } },
      past: { '': { items: [], nextCursor: null } },
    });
    const w3 = await render();
    expect(w3.find('section').exists()).toBe(false);
    expect(w3.text()).toContain('Sie haben noch keinen Termin gebucht.');
    expect(w3.get('a.ui-button').text()).toBe('Leistung suchen und Termin buchen');
  });

  it('keeps what is shown when "show more" fails, and says why', async () => {
    stubAppointments({
      upcoming: { '': { items: [], nextCursor: null } },
      past: {
        '': { items: [appointment('T-P1', '2026-11-30T09:00:00+01:00', 'completed')], nextCursor: 'p-2' },
        'p-2': () =>
          new Response(JSON.stringify({ type: 'unavailable', title: 'Unavailable', status: 503 }), {
            status: 503,
            headers: { 'content-type': 'application/problem+json' },
          }),
      },
    });
    const w = await render();
    await section(w, 'past').get('.my-appointments__more button').trigger('click');
    await flushPromises();
    expect(references(w, 'past')).toEqual(['T-P1']);
    expect(section(w, 'past').find('[role="alert"]').exists()).toBe(true);
    expect(section(w, 'past').find('.my-appointments__more button').exists()).toBe(true);
  });

  it('reads in English', async () => {
    setLocale('en');
    stubAppointments({
      upcoming: { '': { items: [], nextCursor: null } },
      past: {
        '': { items: [appointment('T-P1', '2026-11-30T09:00:00+01:00', 'cancelled')], nextCursor: 'p-2' },
      },
    });
    const w = await render();
    expect(w.get('#upcoming-heading').text()).toBe('Upcoming appointments');
    expect(section(w, 'upcoming').text()).toContain('You have no upcoming appointment at the moment.');
    expect(w.get('#past-heading').text()).toBe('Past and cancelled appointments');
    expect(section(w, 'past').get('.my-appointments__more button').text()).toBe(
      'Show more past and cancelled appointments',
    );
  });
});
