import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorPages<T> {
  items: ShallowRef<T[]>;
  /** the next page's cursor; null when everything is shown */
  cursor: Ref<string | null>;
  loadingMore: Ref<boolean>;
  /** the failure of the last "show more", for the page to show */
  moreError: ShallowRef<unknown>;
  /** starts over from a first page */
  reset: (page: CursorPage<T> | undefined) => void;
  /** loads the next page and appends it; resolves with the number of items added */
  more: () => Promise<number>;
}

/**
 * A list after its first page: "show more" appends the next page by its cursor (the API pages on a
 * stable order, so nothing repeats and nothing is skipped). A `reset` while a page is loading drops that
 * page's answer.
 */
export function useCursorPages<T>(load: (cursor: string) => Promise<CursorPage<T>>): CursorPages<T> {
  const items = shallowRef<T[]>([]);
  const cursor = ref<string | null>(null);
  const loadingMore = ref(false);
  const moreError = shallowRef<unknown>();
  let generation = 0;

  function reset(page: CursorPage<T> | undefined): void {
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
      const page = await load(cursor.value);
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
