/**
 * The page numbers to show: the first, the last, the current one and its neighbours; `null` marks a
 * gap ("…"). A gap of a single page shows that page instead.
 */
export function paginationItems(page: number, pages: number): (number | null)[] {
  if (pages < 1) return [];
  const current = Math.min(Math.max(1, page), pages);
  const wanted = [...new Set([1, current - 1, current, current + 1, pages])]
    .filter((candidate) => candidate >= 1 && candidate <= pages)
    .sort((a, b) => a - b);
  const items: (number | null)[] = [];
  let previous = 0;
  for (const candidate of wanted) {
    if (candidate - previous === 2) items.push(previous + 1);
    else if (candidate - previous > 2) items.push(null);
    items.push(candidate);
    previous = candidate;
  }
  return items;
}

/** A plain left click without modifier keys: the app navigates; otherwise the browser (new tab…). */
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
