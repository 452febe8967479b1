import { shallowRef, watch, type Ref } from 'vue';
import { useLoader, type Loader } from '@buergeramt/ui';
import {
  type EventSourceFactory,
  type EventStream,
  type StreamEnvironment,
  useEventStream,
} from '../../composables/useEventStream';
import { type PollVisibility, usePoll } from '../../composables/usePoll';
import { useCallUpStore } from '../../stores/callUp';
import { displayStreamUrl, loadQueue, type QueueSummary } from '../display/api';
import { type Agenda, loadAgenda } from './api';

/** How often the queue is asked while the page is seen (the display stream brings calls at once). */
export const QUEUE_POLL_MS = 15_000;
/** The agenda is read again at least this often (besides whenever the queue or the counter changes). */
export const AGENDA_MAX_AGE_MS = 120_000;
/** Calls arriving together (a busy morning) lead to one reading. */
const CALL_SETTLE_MS = 300;

export interface OfficeDay {
  /** today's agenda, and the call-up's `version` when its reading began */
  agenda: Loader<{ agenda: Agenda; basedOn: number } | null>;
  queue: Loader<QueueSummary | null>;
  /** when the queue was last read successfully (the figures are "as of" then) */
  updatedAt: Ref<Date | null>;
  /** the display stream (calls at this location): its state for the page */
  stream: EventStream;
  /** Reads queue and agenda again now (after a check-in or a walk-in). */
  refresh(): Promise<void>;
}

export interface OfficeDayOptions {
  locationId: () => string | null;
  /** the counter's name, as the agenda's tickets name it (null until known) */
  counterName: () => string | null;
  /** tests: the EventSource, the page's visibility */
  streamFactory?: EventSourceFactory;
  streamEnvironment?: StreamEnvironment;
  visibility?: PollVisibility;
}

/** What of the queue tells that the day moved on: people waiting (check-ins, walk-ins) and calls. */
const fingerprint = (queue: QueueSummary | null | undefined): string =>
  queue ? `${queue.waiting}:${queue.lastCalled[0]?.id ?? ''}` : '';

/**
 * The day at a location as the counter sees it, kept current: the agenda (appointments and tickets) and
 * the queue. Calls at the location arrive by the display stream (`useEventStream`, reconnecting) and lead
 * to a new reading; the queue is also asked every 15 s while the page is seen (a check-in at the kiosk
 * makes no call), and the agenda is read again when the queue moved, when the call-up changed, or after
 * two minutes. The agenda's reads are audited, so it is not polled blindly. Every agenda reading goes to
 * the call-up store (`reconcile`), which is how a reload finds the ticket at this counter again.
 */
export function useOfficeDay(options: OfficeDayOptions): OfficeDay {
  const callUp = useCallUpStore();
  const updatedAt = shallowRef<Date | null>(null);
  /** the order in which the readings were asked for, and when the agenda last came */
  let asked = 0;
  let agendaAsked = 0;
  let queueAsked = 0;
  let agendaReadAt = 0;

  const agenda = useLoader(async () => {
    const locationId = options.locationId();
    if (!locationId) return null;
    const basedOn = callUp.version;
    agendaAsked = ++asked;
    const day = await loadAgenda(locationId);
    agendaReadAt = Date.now();
    return { agenda: day, basedOn };
  }, [options.locationId]);

  const queue = useLoader(async () => {
    const locationId = options.locationId();
    if (!locationId) return null;
    queueAsked = ++asked;
    const summary = await loadQueue(locationId);
    updatedAt.value = new Date();
    return summary;
  }, [options.locationId]);

  watch(
    [agenda.data, options.counterName],
    ([day, counterName]) => {
      if (day && counterName) callUp.reconcile(day.agenda.tickets, counterName, day.basedOn);
    },
    { immediate: true },
  );

  async function refresh(): Promise<void> {
    await Promise.all([queue.reload(), agenda.reload()]);
  }

  // every step at the counter (and every failed one) is followed by a fresh reading
  watch(
    () => callUp.version,
    () => void refresh(),
  );

  // the queue moved (someone arrived, another counter called) or the agenda is old: read it again
  // (unless a reading of the agenda began since this one of the queue: it knows as much)
  watch(queue.data, (now, before) => {
    const moved = before != null && fingerprint(now) !== fingerprint(before) && agendaAsked < queueAsked;
    const old = agendaReadAt > 0 && Date.now() - agendaReadAt >= AGENDA_MAX_AGE_MS;
    if (moved || old) void agenda.reload();
  });

  usePoll(() => queue.reload(), QUEUE_POLL_MS, options.visibility);

  let settle: ReturnType<typeof setTimeout> | undefined;
  const stream = useEventStream({
    url: () => displayStreamUrl(options.locationId() ?? ''),
    on: {
      call: () => {
        clearTimeout(settle);
        settle = setTimeout(() => void refresh(), CALL_SETTLE_MS);
      },
    },
    factory: options.streamFactory,
    environment: options.streamEnvironment,
  });
  // the stream resumes after the newest call the queue showed, so it brings only calls made since
  let streaming: string | null = null;
  watch(queue.data, (summary) => {
    const locationId = options.locationId();
    if (!summary || !locationId || streaming === locationId) return;
    streaming = locationId;
    stream.open(summary.lastCalled[0]?.id ?? null);
  });
  watch(options.locationId, () => {
    streaming = null;
    stream.close();
  });

  return { agenda, queue, updatedAt, stream, refresh };
}
