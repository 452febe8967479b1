import { ref, shallowRef, watch, type WatchSource } from 'vue';
import { listFreeDays } from './api';
import { slotWindow } from './slots';

export interface FreeDaysSource {
  serviceId: string;
  /** absent: every office offering the service */
  locationId?: string;
}

/** The days one can book now, as `GET /slots/days` says (null: no office takes bookings for the service). */
export interface BookableDays {
  from: string | null;
  until: string | null;
}

/**
 * How many free times each day has, loaded two months at a time (`GET /slots/days` takes at most 62 days)
 * as the calendar asks for a month, and the booking window (`bookable`, unknown until the first answer):
 * months after its last day are not asked for. A new service or office starts over; an answer for an
 * older one is dropped.
 */
export function useFreeDays(source: WatchSource<FreeDaysSource | null>, today: string) {
  const counts = shallowRef<ReadonlyMap<string, number>>(new Map());
  const loadedMonths = shallowRef<ReadonlySet<string>>(new Set());
  const bookable = shallowRef<BookableDays>();
  const loading = ref(false);
  const error = shallowRef<unknown>();
  let current: FreeDaysSource | null = null;
  let generation = 0;
  const pending = new Map<string, Promise<void>>();

  function reset(next: FreeDaysSource | null): void {
    current = next;
    generation += 1;
    pending.clear();
    counts.value = new Map();
    loadedMonths.value = new Set();
    bookable.value = undefined;
    error.value = undefined;
    loading.value = false;
  }

  /** The dates to ask for `month` (and the month after it), not past the last bookable day once known. */
  function windowFor(month: string): { from: string; to: string; months: string[] } | null {
    const window = slotWindow(month, today);
    const until = bookable.value ? bookable.value.until : undefined;
    if (!window || until === undefined) return window;
    if (until === null || window.from > until) return null;
    return { ...window, to: window.to < until ? window.to : until };
  }

  /** Loads `month` (and the month after it) unless known; resolves when done (errors land in `error`). */
  function ensure(month: string): Promise<void> {
    if (!current || loadedMonths.value.has(month)) return Promise.resolve();
    const inFlight = pending.get(month);
    if (inFlight) return inFlight;
    const window = windowFor(month);
    if (!window) {
      loadedMonths.value = new Set([...loadedMonths.value, month]);
      return Promise.resolve();
    }
    const mine = generation;
    const { serviceId, locationId } = current;
    loading.value = true;
    error.value = undefined;
    const request = listFreeDays({ serviceId, locationId, from: window.from, to: window.to })
      .then((list) => {
        if (mine !== generation) return;
        const merged = new Map(counts.value);
        for (const day of list.items) merged.set(day.date, day.free);
        counts.value = merged;
        bookable.value = { from: list.bookableFrom, until: list.bookableUntil };
        loadedMonths.value = new Set([...loadedMonths.value, ...window.months]);
      })
      .catch((failure: unknown) => {
        if (mine === generation) error.value = failure;
      })
      .finally(() => {
        for (const m of window.months) if (pending.get(m) === request) pending.delete(m);
        if (mine === generation) loading.value = pending.size > 0;
      });
    for (const m of window.months) pending.set(m, request);
    return request;
  }

  watch(
    source,
    (next) => {
      const same =
        next && current && next.serviceId === current.serviceId && next.locationId === current.locationId;
      if (!same) reset(next);
    },
    { immediate: true, deep: true },
  );

  return { counts, loadedMonths, bookable, loading, error, ensure };
}
