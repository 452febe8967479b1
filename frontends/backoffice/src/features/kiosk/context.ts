import { inject, type ComputedRef, type InjectionKey } from 'vue';
import type { IdleTimer } from './useIdleTimer';

/** What the kiosk's frame (KioskLayout) gives its steps. */
export interface KioskContext {
  /** the office's name ('' until known) */
  officeName: ComputedRef<string>;
  /** the patience of the current step (the ticket screen shows its countdown) */
  idle: IdleTimer;
  /** back to the start screen, in German, the ticket forgotten */
  backToStart: () => void;
}

export const KIOSK_CONTEXT: InjectionKey<KioskContext> = Symbol('kiosk');

/** The kiosk frame's context, in one of its steps. */
export function useKioskContext(): KioskContext {
  const context = inject(KIOSK_CONTEXT);
  if (!context) throw new Error('a kiosk step outside KioskLayout');
  return context;
}
