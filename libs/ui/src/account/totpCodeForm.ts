import { ref, type Ref } from 'vue';
import { useErrorSummaryFocus } from '../composables/useErrorSummaryFocus';
import { useFormErrors, type FormErrors } from '../composables/useFormErrors';
import { isProblem } from '../composables/useProblemMessage';
import { checkTotp, normaliseTotp } from './credentials';

/** The state of a form that sends one TOTP code (`UiTotpCodeField`): a set-up's first code. */
export interface TotpCodeForm {
  id: string;
  code: Ref<string>;
  errors: FormErrors<'code'>;
  /** bind with `ref="summaryRef"` on the page's UiErrorSummary of `errors.summary` */
  summaryRef: Ref<{ focus(): void } | null>;
  busy: Ref<boolean>;
  /** the last failure that is not a wrong code, for the page to explain (or act on, by its type) */
  failure: Ref<{ error: unknown } | null>;
  /**
   * Checks the code in the browser, then sends its six digits (`send`: the app's call). A code identity
   * refuses (422) is shown at the field; any other failure is kept in `failure`. True when it was taken.
   */
  submit(send: (code: string) => Promise<void>): Promise<boolean>;
}

/**
 * A form with one TOTP code: the first code of a set-up (a resident's own, a staff member's enrollment
 * at log-in). Messages from `options.messages` where the page has its own, else the library's.
 */
export function useTotpCodeForm(id: string, options: { messages?: string } = {}): TotpCodeForm {
  const code = ref('');
  const errors = useFormErrors({ code: id }, options);
  const { summaryRef, focusSummary } = useErrorSummaryFocus();
  const busy = ref(false);
  const failure = ref<{ error: unknown } | null>(null);

  async function submit(send: (code: string) => Promise<void>): Promise<boolean> {
    if (busy.value) return false;
    failure.value = null;
    if (errors.show({ code: checkTotp(code.value) })) {
      await focusSummary();
      return false;
    }
    busy.value = true;
    try {
      await send(normaliseTotp(code.value) ?? '');
      code.value = '';
      return true;
    } catch (error) {
      code.value = '';
      if (isProblem(error) && error.status === 422) {
        errors.show({ code: 'codeWrong' });
        await focusSummary();
      } else failure.value = { error };
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { id, code, errors, summaryRef, busy, failure, submit };
}
