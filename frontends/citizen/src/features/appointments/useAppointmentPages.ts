import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { listMyAppointments, type Appointment, type AppointmentListWhen, type AppointmentPage } from './api';

export interface AppointmentPages {
  items: ShallowRef<Appointment[]>;
  /** the next page's cursor; null when everything is shown */
  cursor: Ref<string | null>;
  loadingMore: Ref<boolean>;
  /** the failure of the last "show more", for the section to show */
  moreError: ShallowRef<unknown>;
  /** starts over from a first page */
  reset(page: AppointmentPage | undefined): void;
  /** loads the next page and appends it; resolves with the number of appointments added */
  more(): Promise<number>;
}

/**
 * One list of "My appointments" (upcoming or past) after its first page: "show more" appends the next
 * page by its cursor (the API pages on start time and id, so nothing repeats and nothing is skipped).
 */
export function useAppointmentPages(when: AppointmentListWhen): AppointmentPages {
  const items = shallowRef<Appointment[]>([]);
  const cursor = ref<string | null>(null);
  const loadingMore = ref(false);
  const moreError = shallowRef<unknown>();
  let generation = 0;

  function reset(page: AppointmentPage | undefined): void {
    generation += 1;
    items.value = page?.items ?? [];
    cursor.value = page?.nextCursor ?? null;
    loadingMore.value = false;
    moreError.value = undefined;
  }

  async function more(): Promise<number> {
    if (!cursor.value || loadingMore.value) return 0;
    const mine = generation;
    loadingMore.value = true;
    moreError.value = undefined;
    try {
      const page = await listMyAppointments(when, cursor.value);
      if (mine !== generation) return 0;
      items.value = [...items.value, ...page.items];
      cursor.value = page.nextCursor;
      return page.items.length;
    } catch (failure) {
      if (mine === generation) moreError.value = failure;
      return 0;
    } finally {
      if (mine === generation) loadingMore.value = false;
    }
  }

  return { items, cursor, loadingMore, moreError, reset, more };
}
