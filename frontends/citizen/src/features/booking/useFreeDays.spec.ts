import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick, ref } from 'vue';
import { useFreeDays, type FreeDaysSource } from './useFreeDays';

// The API client asks for paths of the page's origin; Node's Request needs absolute URLs (see store.spec.ts).
/** GET /slots/days answering with the given days and booking window, recording each path and query. */
function stubDays(
  days: { date: string; free: number }[],
  bookable: { bookableFrom: string | null; bookableUntil: string | null } = {
    bookableFrom: '2026-12-06',
    bookableUntil: '2027-02-04',
  },
): URLSearchParams[] {
  const asked: URLSearchParams[] = [];
  vi.stubGlobal('fetch', (input: Request) => {
    const url = new URL(input.url);
    expect(url.pathname).toBe('/api/v1/slots/days');
    asked.push(url.searchParams);
    return Promise.resolve(
      new Response(JSON.stringify({ items: days, ...bookable }), {
        headers: { 'content-type': 'application/json' },
      }),
    );
  });
  return asked;
}

describe('useFreeDays', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('loads two months at a time from today, once, with the free times per day', async () => {
    const asked = stubDays([
      { date: '2026-12-08', free: 2 },
      { date: '2027-01-05', free: 1 },
    ]);
    const free = useFreeDays(() => ({ serviceId: 's', locationId: 'a' }), '2026-12-06');
    await free.ensure('2026-12');
    await free.ensure('2027-01');
    expect(asked).toHaveLength(1);
    expect(Object.fromEntries(asked[0]!)).toEqual({
      serviceId: 's',
      locationId: 'a',
      from: '2026-12-06',
      to: '2027-01-31',
    });
    expect([...free.counts.value]).toEqual([
      ['2026-12-08', 2],
      ['2027-01-05', 1],
    ]);
    expect([...free.loadedMonths.value]).toEqual(['2026-12', '2027-01']);
    expect(free.loading.value).toBe(false);

    await free.ensure('2027-02');
    // not past the booking window's last day
    expect(Object.fromEntries(asked[1]!)).toMatchObject({ from: '2027-02-01', to: '2027-02-04' });
  });

  it('learns the booking window with the first answer, and asks for nothing after it', async () => {
    const asked = stubDays([], { bookableFrom: '2026-12-07', bookableUntil: '2027-01-20' });
    const free = useFreeDays(() => ({ serviceId: 's', locationId: 'a' }), '2026-12-06');
    expect(free.bookable.value).toBeUndefined();
    await free.ensure('2026-12');
    expect(free.bookable.value).toEqual({ from: '2026-12-07', until: '2027-01-20' });
    await free.ensure('2027-02');
    await free.ensure('2027-03');
    expect(asked).toHaveLength(1);
    expect(free.loadedMonths.value.has('2027-03')).toBe(true);
  });

  it('asks for nothing more when no office takes bookings', async () => {
    const asked = stubDays([], { bookableFrom: null, bookableUntil: null });
    const free = useFreeDays(() => ({ serviceId: 's' }), '2026-12-06');
    await free.ensure('2026-12');
    await free.ensure('2027-02');
    expect(asked).toHaveLength(1);
    expect(free.bookable.value).toEqual({ from: null, until: null });
  });

  it('starts over for another office, and asks for every office without one', async () => {
    const asked = stubDays([]);
    const source = ref<FreeDaysSource>({ serviceId: 's', locationId: 'a' });
    const free = useFreeDays(source, '2026-12-06');
    await free.ensure('2026-12');
    source.value = { serviceId: 's' };
    await nextTick();
    expect(free.loadedMonths.value.size).toBe(0);
    expect(free.bookable.value).toBeUndefined();
    await free.ensure('2026-12');
    expect(asked).toHaveLength(2);
    expect(asked[1]!.has('locationId')).toBe(false);
  });

  it('keeps a failure for the page to show, and tries again when asked', async () => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(
        new Response(JSON.stringify({ type: 'unavailable', title: 'Unavailable', status: 503 }), {
          status: 503,
          headers: { 'content-type': 'application/problem+json' },
        }),
      ),
    );
    const free = useFreeDays(() => ({ serviceId: 's' }), '2026-12-06');
    await free.ensure('2026-12');
    expect(free.error.value).toBeTruthy();
    expect(free.loadedMonths.value.has('2026-12')).toBe(false);
    stubDays([]);
    await free.ensure('2026-12');
    expect(free.error.value).toBeUndefined();
    expect(free.loadedMonths.value.has('2026-12')).toBe(true);
  });
});
