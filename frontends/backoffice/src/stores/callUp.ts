import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import {
  callNext as requestNextTicket,
  changeTicket,
  type Ticket,
  type TicketAction,
  type TicketStatus,
} from '../features/office/api';
import { useWorkplaceStore } from './workplace';

/** What the clerk can do at the counter: call the next person, or act on the ticket called. */
export type CallUpStep = 'call-next' | TicketAction;

/**
 * What happened last at the counter, for the panel to say and announce: a step done, nobody waiting
 * (a calm status, not an error), a ticket found again after a reload, or the ticket changed elsewhere
 * (another window, or the automatic no-show after the grace period).
 */
export type CallUpOutcome =
  | { kind: 'called' | 'recalled' | 'started' | 'completed' | 'no-show'; number: string }
  | { kind: 'nobody-waiting' }
  | { kind: 'recovered'; number: string; status: TicketStatus }
  | { kind: 'changed-elsewhere'; number: string; status: TicketStatus | null };

/** A step that failed: the problem as the API client threw it, and the ticket it was about. */
export interface CallUpProblem {
  step: CallUpStep;
  error: unknown;
  number: string | null;
}

const ACTIVE: readonly TicketStatus[] = ['called', 'in_service'];
/** A ticket that is at a counter now: called, or in service. */
export const isActive = (ticket: Pick<Ticket, 'status'>): boolean => ACTIVE.includes(ticket.status);

const DONE: Record<TicketAction, 'recalled' | 'started' | 'completed' | 'no-show'> = {
  recall: 'recalled',
  start: 'started',
  complete: 'completed',
  'no-show': 'no-show',
};

/** Which steps a ticket in each state allows (the API's transitions, as far as the counter uses them). */
const ALLOWED: Record<TicketAction, readonly TicketStatus[]> = {
  recall: ['called'],
  start: ['called'],
  complete: ['called', 'in_service'],
  'no-show': ['called'],
};

/** In service first, then the earliest call: the one to finish first. */
function byUrgency(a: Ticket, b: Ticket): number {
  if (a.status !== b.status) return a.status === 'in_service' ? -1 : 1;
  return (a.calledAt ?? '').localeCompare(b.calledAt ?? '');
}

/**
 * The call-up at this device's counter: the ticket called to it (or in service there) and the steps the
 * clerk takes with it — call next, recall, start, complete, no-show — one at a time.
 *
 * Never lose a call: the ticket is only let go when the API confirms it is finished; a step whose answer
 * is lost (network, server) or refused because the ticket changed elsewhere (409 `ticket-state`) counts
 * as a change, and the page's next reading of the day (`reconcile` with the agenda's tickets) says what
 * is true: after a reload, or a call whose answer never came, the ticket at this counter is found again.
 * `version` counts the changes; a reading that began before the latest change is ignored, so an older
 * answer never undoes a newer step.
 */
export const useCallUpStore = defineStore('callUp', () => {
  const workplace = useWorkplaceStore();
  const ticket = shallowRef<Ticket | null>(null);
  const pending = ref<CallUpStep | null>(null);
  const outcome = shallowRef<CallUpOutcome | null>(null);
  const problem = shallowRef<CallUpProblem | null>(null);
  /** counts the changes made here; the page reads the day again after each */
  const version = ref(0);

  /** a ticket is called to this counter or in service there: the counter is busy */
  const active = computed(() => ticket.value !== null && isActive(ticket.value));

  /**
   * Whether the counter's state allows `step` (the page shows the others as unavailable, and why); it is
   * taken only when no other step is running.
   */
  function allows(step: CallUpStep): boolean {
    if (step === 'call-next') return !active.value && workplace.chosen;
    const current = ticket.value;
    return current !== null && ALLOWED[step].includes(current.status);
  }

  function changed(): void {
    version.value += 1;
  }

  /** Calls the next person to this counter; nobody waiting is an outcome, not a problem. */
  async function callNext(): Promise<void> {
    const { locationId, counterId } = workplace;
    if (pending.value !== null || !allows('call-next') || !locationId || !counterId) return;
    pending.value = 'call-next';
    problem.value = null;
    try {
      const called = await requestNextTicket(locationId, counterId);
      ticket.value = called;
      outcome.value = called ? { kind: 'called', number: called.number } : { kind: 'nobody-waiting' };
    } catch (error) {
      // the call may have been made and only its answer lost: the next reading of the day finds it
      problem.value = { step: 'call-next', error, number: null };
    } finally {
      pending.value = null;
      changed();
    }
  }

  /** Recall, start, complete or no-show of the ticket at this counter. */
  async function act(action: TicketAction): Promise<void> {
    const current = ticket.value;
    if (pending.value !== null || !current || !allows(action)) return;
    pending.value = action;
    problem.value = null;
    try {
      const next = await changeTicket(current.id, action);
      ticket.value = isActive(next) ? next : null;
      outcome.value = { kind: DONE[action], number: current.number };
    } catch (error) {
      problem.value = { step: action, error, number: current.number };
    } finally {
      pending.value = null;
      changed();
    }
  }

  /**
   * What the day's tickets (`GET /locations/{id}/agenda`) say about this counter, named `counterName`
   * there. `basedOn` is the `version` when that reading began: a reading older than the latest step is
   * ignored (the page reads again), as is one that arrives while a step is running. Returns whether the
   * reading was used.
   */
  function reconcile(tickets: readonly Ticket[], counterName: string, basedOn: number): boolean {
    if (basedOn !== version.value || pending.value !== null) return false;
    const here = tickets.filter((t) => t.counter === counterName && isActive(t)).sort(byUrgency);
    const current = ticket.value;
    if (current) {
      const truth = tickets.find((t) => t.id === current.id);
      if (truth && isActive(truth)) {
        if (truth.status !== current.status) {
          ticket.value = truth;
          outcome.value = { kind: 'changed-elsewhere', number: truth.number, status: truth.status };
        }
        return true;
      }
      // finished elsewhere (another window, the automatic no-show), or no longer today's
      ticket.value = here[0] ?? null;
      outcome.value = { kind: 'changed-elsewhere', number: current.number, status: truth?.status ?? null };
      if (problem.value?.number === current.number) problem.value = null;
      return true;
    }
    const found = here[0];
    if (found) {
      ticket.value = found;
      outcome.value = { kind: 'recovered', number: found.number, status: found.status };
      if (problem.value?.step === 'call-next') problem.value = null;
    }
    return true;
  }

  /** Forgets the counter's state (another workplace was chosen); the next reading finds what is there. */
  function reset(): void {
    ticket.value = null;
    outcome.value = null;
    problem.value = null;
    changed();
  }

  // another workplace: what this store knew belongs to the old counter
  watch(() => [workplace.locationId, workplace.counterId], reset);

  /** Dismisses the last problem (the person read it). */
  function dismissProblem(): void {
    problem.value = null;
  }

  return {
    ticket,
    pending,
    outcome,
    problem,
    version,
    active,
    allows,
    callNext,
    act,
    reconcile,
    reset,
    dismissProblem,
  };
});
