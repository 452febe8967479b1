import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n, setLocale } from '../../i18n';
import { session } from '../../services/api';
import { WORKPLACE_KEY } from '../../stores/workplace';
import { clerkLogin } from './testing';
import WorkplaceChooser from './WorkplaceChooser.vue';

const office = (id: string, name: string, open = true) => ({
  id,
  name,
  address: { street: 'Rathausplatz 2', postalCode: '73728', city: 'Esslingen am Neckar' },
  openingHours: [],
  serviceIds: [],
  today: {
    date: '2026-12-07',
    open,
    hours: open ? [{ opens: '08:00', closes: '12:00' }] : [],
    closedReason: open ? null : 'no-hours',
    note: null,
  },
});
const OFFICES = [
  office('innenstadt', 'Bürgeramt Innenstadt'),
  office('berkheim', 'Bürgeramt Berkheim'),
  office('zell', 'Bürgeramt Zell', false),
];
const COUNTERS: Record<string, { id: string; name: string; active: boolean }[]> = {
  innenstadt: [
    { id: 'i1', name: 'Schalter 1', active: true },
    { id: 'i2', name: 'Schalter 2', active: true },
    { id: 'i3', name: 'Schalter 3', active: false },
  ],
  berkheim: [{ id: 'b1', name: 'Schalter 1', active: true }],
};

let wrapper: VueWrapper | undefined;

async function render(locationIds?: string[]): Promise<VueWrapper> {
  session.start(clerkLogin(locationIds));
  vi.stubGlobal('fetch', (input: Request) => {
    const path = new URL(input.url).pathname;
    const counters = /^\/api\/v1\/locations\/([^/]+)\/counters$/.exec(path)?.[1];
    const body =
      path === '/api/v1/locations'
        ? { items: OFFICES, nextCursor: null }
        : counters
          ? { items: COUNTERS[counters] ?? [], nextCursor: null }
          : null;
    if (!body) return Promise.reject(new TypeError(`unexpected request ${path}`));
    return Promise.resolve(
      new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
    );
  });
  wrapper = mount(WorkplaceChooser, { attachTo: document.body, global: { plugins: [i18n] } });
  await flushPromises();
  return wrapper;
}

const radios = (w: VueWrapper, id: string) =>
  w.findAll(`input[name="${id}"]`).map((input) => w.get(`label[for="${input.attributes('id')}"]`).text());

describe('choosing the workplace', () => {
  beforeEach(() => {
    setLocale('de');
    window.localStorage.clear();
    setActivePinia(createPinia());
  });
  afterEach(() => {
    wrapper?.unmount();
    session.end('logout', false);
    vi.unstubAllGlobals();
  });

  it('offers a clerk their offices and the counters in use, and remembers the choice on the device', async () => {
    const w = await render(['innenstadt', 'berkheim']);
    expect(radios(w, 'workplace-location')).toEqual(['Bürgeramt Innenstadt', 'Bürgeramt Berkheim']);
    await w.get('input[value="innenstadt"]').setValue(true);
    await flushPromises();
    expect(radios(w, 'workplace-counter')).toEqual(['Schalter 1', 'Schalter 2']);
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(w.text()).toContain('Wählen Sie einen Schalter');
    await w.get('input[value="i2"]').setValue(true);
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(JSON.parse(window.localStorage.getItem(WORKPLACE_KEY) ?? 'null')).toEqual({
      locationId: 'innenstadt',
      counterId: 'i2',
    });
    expect(w.get('h2').text()).toBe('Ihr Arbeitsplatz');
    expect(w.get('.ui-summary-list').text()).toContain('Schalter 2');
    expect(w.get('.ui-summary-list').text()).toContain('08:00–12:00 Uhr');
    // the page moves focus on (to the counter's call-up above)
    expect(w.emitted('chosen')).toHaveLength(1);
  });

  it('shows every office to staff without assigned locations, and preselects the only one of a clerk', async () => {
    expect(radios(await render(), 'workplace-location')).toHaveLength(3);
    wrapper?.unmount();
    setActivePinia(createPinia());
    const w = await render(['berkheim']);
    expect((w.get('input[value="berkheim"]').element as HTMLInputElement).checked).toBe(true);
    expect(radios(w, 'workplace-counter')).toEqual(['Schalter 1']);
  });

  it('drops a remembered office the person may not work at, and a counter no longer in use', async () => {
    window.localStorage.setItem(WORKPLACE_KEY, JSON.stringify({ locationId: 'zell', counterId: 'z1' }));
    const w = await render(['innenstadt', 'berkheim']);
    expect(w.get('h2').text()).toBe('Arbeitsplatz wählen');
    expect(window.localStorage.getItem(WORKPLACE_KEY)).toBeNull();
    wrapper?.unmount();

    setActivePinia(createPinia());
    window.localStorage.setItem(WORKPLACE_KEY, JSON.stringify({ locationId: 'innenstadt', counterId: 'i3' }));
    const again = await render(['innenstadt', 'berkheim']);
    expect(again.get('h2').text()).toBe('Arbeitsplatz wählen');
    expect((again.get('input[value="innenstadt"]').element as HTMLInputElement).checked).toBe(true);
    expect(JSON.parse(window.localStorage.getItem(WORKPLACE_KEY) ?? 'null')).toEqual({
      locationId: 'innenstadt',
      counterId: null,
    });
  });

  it('shows a remembered workplace, and changing it can be cancelled', async () => {
    window.localStorage.setItem(WORKPLACE_KEY, JSON.stringify({ locationId: 'innenstadt', counterId: 'i1' }));
    const w = await render(['innenstadt']);
    expect(w.get('h2').text()).toBe('Ihr Arbeitsplatz');
    await w.get('button').trigger('click');
    await flushPromises();
    expect(w.get('h2').text()).toBe('Arbeitsplatz wählen');
    expect((w.get('input[value="i1"]').element as HTMLInputElement).checked).toBe(true);
    await w
      .findAll('button')
      .find((b) => b.text() === 'Abbrechen')
      ?.trigger('click');
    await flushPromises();
    expect(w.get('h2').text()).toBe('Ihr Arbeitsplatz');
  });
});
