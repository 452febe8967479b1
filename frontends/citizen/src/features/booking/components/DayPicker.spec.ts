import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n, setLocale } from '../../../i18n';
import DayPicker from './DayPicker.vue';

let wrapper: VueWrapper | undefined;

/** GET /slots/days: a free time on every Tuesday of the asked range, and the given booking window. */
function stubDays(bookableUntil: string | null): URLSearchParams[] {
  const asked: URLSearchParams[] = [];
  vi.stubGlobal('fetch', (input: Request) => {
    const url = new URL(input.url);
    expect(url.pathname).toBe('/api/v1/slots/days');
    asked.push(url.searchParams);
    const items: { date: string; free: number }[] = [];
    const to = url.searchParams.get('to')!;
    for (let d = new Date(`${url.searchParams.get('from')!}T00:00:00Z`); ; d.setUTCDate(d.getUTCDate() + 1)) {
      const day = d.toISOString().slice(0, 10);
      if (day > to) break;
      if (d.getUTCDay() === 2 && bookableUntil && day <= bookableUntil) {
        items.push({ date: day, free: 1 });
      }
    }
    const body = { items, bookableFrom: bookableUntil ? '2026-12-06' : null, bookableUntil };
    return Promise.resolve(
      new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
    );
  });
  return asked;
}

async function render(): Promise<VueWrapper> {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', component: { template: '<p />' } }],
  });
  await router.push('/');
  wrapper = mount(DayPicker, {
    attachTo: document.body,
    global: { plugins: [i18n, router] },
    props: { serviceId: 's', locationId: 'a', dayLink: () => '/' },
  });
  await flushPromises();
  return wrapper;
}

const next = (w: VueWrapper) => w.get('button[data-month="next"]');
const title = (w: VueWrapper) => w.get('.slot-calendar__title').text();

describe('DayPicker', () => {
  beforeEach(() => {
    setLocale('de');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-06T10:00:00Z')); // a Sunday in Esslingen
  });
  afterEach(() => {
    wrapper?.unmount();
    wrapper = undefined;
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('offers the months up to the last bookable day, and says so under the calendar', async () => {
    const asked = stubDays('2027-02-06');
    const w = await render();
    expect(title(w)).toBe('Dezember 2026');
    expect(w.get('.slot-calendar__until').text()).toBe(
      'Termine können bis zum 6. Februar 2027 gebucht werden.',
    );
    await next(w).trigger('click');
    await flushPromises();
    expect(title(w)).toBe('Januar 2027');
    await next(w).trigger('click');
    await flushPromises();
    expect(title(w)).toBe('Februar 2027');
    // the last month: asked only up to the window's last day, and no month after it is offered
    expect(Object.fromEntries(asked[asked.length - 1]!)).toMatchObject({
      from: '2027-02-01',
      to: '2027-02-06',
    });
    expect(next(w).attributes('aria-disabled')).toBe('true');
    expect(w.get(`#${next(w).attributes('aria-describedby')}`).text()).toContain('6. Februar 2027');
    await next(w).trigger('click');
    await flushPromises();
    expect(title(w)).toBe('Februar 2027');
    expect(w.get('button[data-day="2027-02-02"]').attributes('aria-disabled')).toBeUndefined();
    expect(w.get('button[data-day="2027-02-09"]').text()).toContain('noch nicht buchbar');
  });

  it('does not page ahead before it knows the window', async () => {
    stubDays('2027-02-06');
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: {} }] });
    wrapper = mount(DayPicker, {
      attachTo: document.body,
      global: { plugins: [i18n, router] },
      props: { serviceId: 's', locationId: 'a', dayLink: () => '/' },
    });
    expect(next(wrapper).attributes('aria-disabled')).toBe('true');
    expect(next(wrapper).attributes('aria-describedby')).toBeUndefined();
    await flushPromises();
    expect(next(wrapper).attributes('aria-disabled')).toBeUndefined();
  });

  it('stays in this month when no office takes bookings, without a date to name', async () => {
    const asked = stubDays(null);
    const w = await render();
    expect(asked).toHaveLength(1);
    expect(next(w).attributes('aria-disabled')).toBe('true');
    expect(w.find('.slot-calendar__until').exists()).toBe(false);
    expect(w.text()).toContain('Im Dezember 2026 gibt es keine freien Zeiten (mehr).');
    expect(w.text()).not.toContain('Januar 2027 anzeigen');
  });

  it('reads in English', async () => {
    setLocale('en');
    stubDays('2027-01-20');
    const w = await render();
    expect(w.get('.slot-calendar__until').text()).toBe('Appointments can be booked up to 20 January 2027.');
  });
});
