import { describe, expect, it } from 'vitest';
import { useCursorPages } from './useCursorPages';

describe('useCursorPages', () => {
  it('appends the next page by its cursor until there is none', async () => {
    const asked: string[] = [];
    const pages = useCursorPages((cursor) => {
      asked.push(cursor);
      return Promise.resolve({ items: [cursor], nextCursor: cursor === 'b' ? null : 'b' });
    });
    pages.reset({ items: ['first'], nextCursor: 'a' });
    expect(await pages.more()).toBe(1);
    expect(await pages.more()).toBe(1);
    expect(await pages.more()).toBe(0);
    expect(asked).toEqual(['a', 'b']);
    expect(pages.items.value).toEqual(['first', 'a', 'b']);
    expect(pages.cursor.value).toBeNull();
  });

  it('drops a page that arrives after a reset, and keeps a failure for the page to show', async () => {
    let answer: (page: { items: string[]; nextCursor: string | null }) => void = () => undefined;
    const pages = useCursorPages(
      () => new Promise<{ items: string[]; nextCursor: string | null }>((resolve) => (answer = resolve)),
    );
    pages.reset({ items: ['x'], nextCursor: 'c' });
    const loading = pages.more();
    pages.reset({ items: ['fresh'], nextCursor: null });
    answer({ items: ['stale'], nextCursor: null });
    expect(await loading).toBe(0);
    expect(pages.items.value).toEqual(['fresh']);

    const failing = useCursorPages(() => Promise.reject(new Error('offline')));
    failing.reset({ items: [], nextCursor: 'c' });
    expect(await failing.more()).toBe(0);
    expect(failing.moreError.value).toBeInstanceOf(Error);
    expect(failing.loadingMore.value).toBe(false);
  });
});
