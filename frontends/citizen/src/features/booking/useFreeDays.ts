import { ref, shallowRef, watch, type WatchSource } from 'vue';
import { listSlots } from './api';
import { freeTimesByDay, slotWindow } from './slots';

export interface FreeDaysSource {
  serviceId: string;
  /** absent: every office offering the service */
  locationId?: string;
}

/**
 * How many free times each day has, loaded two months at a time (`GET /slots` takes at most 62 days)
 * as the calendar asks for a month. A new service or office starts over; an answer for an older one
 * is dropped.
 */
export function useFreeDays(source: WatchSource<FreeDaysSource | null>, today: string) {
  const counts = shallowRef<ReadonlyMap<string, number>>(new Map());
  const loadedMonths = shallowRef<ReadonlySet<string>>(new Set());
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
    error.value = undefined;
    loading.value = false;
  }

  /** Loads `month` (and the month after it) unless known; resolves when done (errors land in `error`). */
  function ensure(month: string): Promise<void> {
    if (!current || loadedMonths.value.has(month)) return Promise.resolve();
    const inFlight = pending.get(month);
    if (inFlight) return inFlight;
    const window = slotWindow(month, today);
    if (!window) {
      loadedMonths.value = new Set([...loadedMonths.value, month]);
      return Promise.resolve();
    }
    const mine = generation;
    const { serviceId, locationId } = current;
    loading.value = true;
    error.value = undefined;
    const request = listSlots({ serviceId, locationId, from: window.from, to: window.to })
      .then((slots) => {
        if (mine !== generation) return;
        const merged = new Map(counts.value);
        for (const [day, count] of freeTimesByDay(slots)) merged.set(day, count);
        counts.value = merged;
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

  return { counts, loadedMonths, loading, error, ensure };
}
