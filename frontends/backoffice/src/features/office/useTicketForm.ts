import { computed, ref, shallowRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import {
  type ErrorKey,
  type FormErrors,
  useAnnouncer,
  useErrorSummaryFocus,
  useFormErrors,
  useProblemMessage,
} from '@buergeramt/ui';
import { drawTicket, type Ticket } from './api';

/** The refusals of POST /tickets (API.md and the appointments service's README). */
const TICKET_PROBLEMS = [
  'not-found',
  'already-checked-in',
  'not-today',
  'appointment-not-active',
  'location-closed',
  'day-full',
  'validation-failed',
  'location-not-assigned',
];

export interface TicketForm<F extends string> {
  fields: FormErrors<F>;
  summaryRef: ReturnType<typeof useErrorSummaryFocus>['summaryRef'];
  busy: Ref<boolean>;
  /** the ticket drawn last, with what it is for (shown large until the next one) */
  issued: Ref<{ ticket: Ticket; caption: string } | null>;
  /**
   * Checks the form (`check`: a message key per field, or null), draws the ticket, shows and announces
   * it; a refusal shows at `field` in the form's words (`problems`, by problem type).
   */
  submit: (draw: {
    check: () => Partial<Record<F, ErrorKey | null>>;
    body: () => Parameters<typeof drawTicket>[0];
    field: F;
    caption: (ticket: Ticket) => string;
    announcement: (ticket: Ticket) => string;
  }) => Promise<Ticket | null>;
}

/**
 * A form at the counter that draws a ticket (check-in by reference, a walk-in): the checks and the API's
 * refusal at the field with the error summary (GOV.UK), one request at a time, and the ticket drawn shown
 * large and announced politely. `prefix` is the form's texts (`office.checkIn`: `errors`, `problems`).
 */
export function useTicketForm<F extends string>(fieldIds: Record<F, string>, prefix: string): TicketForm<F> {
  const i18n = useI18n();
  const t = i18n.t;
  const { announce } = useAnnouncer();
  const describe = useProblemMessage();
  const fields = useFormErrors(fieldIds, { messages: `${prefix}.errors` });
  const { summaryRef, focusSummary } = useErrorSummaryFocus();
  const busy = ref(false);
  const issued = shallowRef<{ ticket: Ticket; caption: string } | null>(null);
  // the form's own sentence per refusal of POST /tickets, where it has one
  const problemTexts = computed(() =>
    Object.fromEntries(
      TICKET_PROBLEMS.filter((type) => i18n.te(`${prefix}.problems.${type}`)).map((type) => [
        type,
        t(`${prefix}.problems.${type}`),
      ]),
    ),
  );

  const submit: TicketForm<F>['submit'] = async (draw) => {
    if (busy.value) return null;
    if (fields.show(draw.check())) {
      await focusSummary();
      return null;
    }
    busy.value = true;
    try {
      const ticket = await drawTicket(draw.body());
      issued.value = { ticket, caption: draw.caption(ticket) };
      announce(draw.announcement(ticket));
      return ticket;
    } catch (error) {
      fields.errors.value = { [draw.field]: describe(error, problemTexts.value) } as Partial<
        Record<F, string>
      >;
      await focusSummary();
      return null;
    } finally {
      busy.value = false;
    }
  };

  return { fields, summaryRef, busy, issued, submit };
}
