const FOCUSABLE = 'input:not([type="hidden"]), select, textarea, button, a[href], [tabindex]';

function labelOf(element: HTMLElement): HTMLElement | null {
  const legend = element.closest('fieldset')?.querySelector('legend');
  if (legend) return legend;
  if ('labels' in element) {
    const labels = (element as HTMLInputElement).labels;
    if (labels && labels.length > 0) return labels[0] ?? null;
  }
  return null;
}

/**
 * Moves focus to the field with this id (or, for a fieldset or wrapper, to the first input in it) and
 * scrolls its label or legend into view, so the question is visible too (GOV.UK error summary).
 * Returns false when there is no such element.
 */
export function focusField(fieldId: string): boolean {
  const target = document.getElementById(fieldId);
  if (!target) return false;
  const field = target.matches(FOCUSABLE) ? target : (target.querySelector<HTMLElement>(FOCUSABLE) ?? target);
  const anchor = labelOf(field) ?? field;
  if (typeof anchor.scrollIntoView === 'function') anchor.scrollIntoView({ block: 'start' });
  field.focus({ preventScroll: true });
  return document.activeElement === field;
}
