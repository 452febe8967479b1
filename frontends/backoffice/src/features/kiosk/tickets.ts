import { ref, type Ref } from 'vue';
import { useRouter } from 'vue-router';
import { useI18n } from 'vue-i18n';
import { isProblem, useProblemMessage } from '@buergeramt/ui';
import type { TicketRequest } from './api';
import { useKioskStore } from './store';

/** What the kiosk asked for: a check-in by reference, or a walk-in ticket. */
export type TicketAttempt = 'check-in' | 'walk-in';

/** The API's refusals of a ticket, in the kiosk's words (`kiosk.refusals.<key>`). */
const REFUSALS: Record<string, string> = {
  'not-today': 'notToday',
  'already-checked-in': 'alreadyCheckedIn',
  'appointment-not-active': 'notActive',
  'location-closed': 'closed',
  'day-full': 'dayFull',
  'location-not-assigned': 'notAllowed',
  forbidden: 'notAllowed',
};
/** Refusals that concern the typed reference (a walk-in has none). */
const CHECK_IN_REFUSALS: Record<string, string> = {
  'not-found': 'notFound',
  'validation-failed': 'referenceFormat',
};

/** The message key of a refusal, or null when the library's general sentences fit (network, server …). */
export function refusalKey(error: unknown, attempt: TicketAttempt): string | null {
  if (!isProblem(error)) return null;
  const key = REFUSALS[error.type] ?? (attempt === 'check-in' ? CHECK_IN_REFUSALS[error.type] : undefined);
  return key ? `kiosk.refusals.${key}` : null;
}

/**
 * Whether `typed` can be a booking reference (`T-7KQ2M9XA`, any case, spaces or dashes, with or without
 * the `T-`): eight letters or digits after an optional T. The API checks the rest (and answers 404 for a
 * reference that is not booked here).
 */
export function looksLikeReference(typed: string): boolean {
  const compact = typed.replace(/[\s-]/g, '');
  return /^[a-z0-9]{8}$/i.test(compact) || /^t[a-z0-9]{8}$/i.test(compact);
}

/** Turns a refused ticket into a sentence for the person at the kiosk. */
export function useTicketProblem(): (error: unknown, attempt: TicketAttempt) => string {
  const { t } = useI18n();
  const describe = useProblemMessage();
  return (error, attempt) => {
    const key = refusalKey(error, attempt);
    return key ? t(key) : describe(error);
  };
}

export interface TicketDraw {
  /** a ticket is being drawn */
  busy: Ref<boolean>;
  /**
   * Draws the ticket and shows it (the ticket screen); resolves null then, or the refusal as a sentence
   * for the person. One at a time: a second tap while one is on its way does nothing.
   */
  draw: (request: TicketRequest) => Promise<string | null>;
}

/** Drawing a ticket at the kiosk, as both ways to one (check-in, walk-in) do it. */
export function useTicketDraw(attempt: TicketAttempt): TicketDraw {
  const router = useRouter();
  const kiosk = useKioskStore();
  const describe = useTicketProblem();
  const busy = ref(false);

  async function draw(request: TicketRequest): Promise<string | null> {
    if (busy.value) return null;
    busy.value = true;
    try {
      await kiosk.draw(request);
      await router.push({ name: 'kiosk-ticket' });
      return null;
    } catch (error) {
      return describe(error, attempt);
    } finally {
      busy.value = false;
    }
  }

  return { busy, draw };
}
