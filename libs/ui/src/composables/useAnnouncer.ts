import { reactive, readonly } from 'vue';
import type { UiPoliteness } from '../types';

/**
 * A tiny shared store behind the one UiAnnouncer the app layout mounts: any component or route
 * guard can announce a message to screen readers (route changes, "3 results", "saved").
 */
const regions = reactive<Record<UiPoliteness, string>>({ polite: '', assertive: '' });
const timers: Partial<Record<UiPoliteness, ReturnType<typeof globalThis.setTimeout>>> = {};

/** Delay between clearing a region and setting the new text, so a repeated message is read again. */
export const ANNOUNCE_DELAY_MS = 100;

export interface AnnounceOptions {
  /** 'polite' (default) waits for the screen reader to finish; 'assertive' interrupts (errors only) */
  politeness?: UiPoliteness;
}

/** The texts of the two live regions, read by UiAnnouncer. */
export const announcerRegions: Readonly<Record<UiPoliteness, string>> = readonly(regions);

export function announce(message: string, options: AnnounceOptions = {}): void {
  const politeness = options.politeness ?? 'polite';
  globalThis.clearTimeout(timers[politeness]);
  regions[politeness] = '';
  timers[politeness] = globalThis.setTimeout(() => {
    regions[politeness] = message;
    delete timers[politeness];
  }, ANNOUNCE_DELAY_MS);
}

/** Empties both regions (e.g. on logout or in tests). */
export function clearAnnouncements(): void {
  for (const politeness of ['polite', 'assertive'] as const) {
    globalThis.clearTimeout(timers[politeness]);
    delete timers[politeness];
    regions[politeness] = '';
  }
}

/**
 * `const { announce } = useAnnouncer(); announce(t('search.results', { count }))`.
 * Needs one UiAnnouncer in the page (UiPageLayout mounts it).
 */
export function useAnnouncer(): { announce: typeof announce; clear: typeof clearAnnouncements } {
  return { announce, clear: clearAnnouncements };
}
