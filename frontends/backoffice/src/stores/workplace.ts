import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

/** Where a staff member works today: a location and one of its counters. */
export interface Workplace {
  locationId: string;
  counterId: string | null;
}

/** Kept on the device (a counter's computer stays at its counter), not per person, and never a secret. */
export const WORKPLACE_KEY = 'buergeramt.backoffice.workplace';

function remembered(): Workplace | null {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(WORKPLACE_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { locationId, counterId } = value as Record<string, unknown>;
    if (typeof locationId !== 'string') return null;
    return { locationId, counterId: typeof counterId === 'string' ? counterId : null };
  } catch {
    return null; // storage disabled, or something else was written there
  }
}

function remember(workplace: Workplace | null): void {
  try {
    if (workplace) window.localStorage.setItem(WORKPLACE_KEY, JSON.stringify(workplace));
    else window.localStorage.removeItem(WORKPLACE_KEY);
  } catch {
    // private mode without storage: the choice holds for this visit
  }
}

/**
 * The workplace of this device: location and counter, remembered across log-ins and reloads until
 * changed. What is remembered is checked against what the person may use (`keepLocations`,
 * `keepCounters`) before the app relies on it: a location or counter that is not (or no longer) theirs
 * is dropped, and they choose again.
 */
export const useWorkplaceStore = defineStore('workplace', () => {
  const workplace = ref<Workplace | null>(remembered());
  const locationId = computed(() => workplace.value?.locationId ?? null);
  const counterId = computed(() => workplace.value?.counterId ?? null);
  /** both location and counter chosen */
  const chosen = computed(() => locationId.value !== null && counterId.value !== null);

  function set(next: Workplace | null): void {
    workplace.value = next;
    remember(next);
  }

  /** Works at this location and counter from now on, on this device. */
  function choose(location: string, counter: string): void {
    set({ locationId: location, counterId: counter });
  }

  /** Forgets location and counter (nothing is chosen). */
  function forget(): void {
    set(null);
  }

  /** Drops the remembered location (and its counter) unless it is one of `locationIds`; true if kept. */
  function keepLocations(locationIds: readonly string[]): boolean {
    if (locationId.value === null) return false;
    if (locationIds.includes(locationId.value)) return true;
    set(null);
    return false;
  }

  /** Drops the remembered counter unless it is an active one of the location's `counters`; true if kept. */
  function keepCounters(counters: readonly { id: string; active: boolean }[]): boolean {
    const current = workplace.value;
    if (!current || current.counterId === null) return false;
    if (counters.some((counter) => counter.id === current.counterId && counter.active)) return true;
    set({ locationId: current.locationId, counterId: null });
    return false;
  }

  return { locationId, counterId, chosen, choose, forget, keepLocations, keepCounters };
});
