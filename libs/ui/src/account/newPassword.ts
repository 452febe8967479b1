import { ref, type Ref } from 'vue';
import { useErrorSummaryFocus } from '../composables/useErrorSummaryFocus';
import { useFormErrors, type FormErrors } from '../composables/useFormErrors';
import { isProblem } from '../composables/useProblemMessage';
import { checkNewPassword, checkPasswordRepeat, passwordRefusal } from './credentials';

/** The state of a page that sets a new password (typed twice) with a mailed link's token. */
export interface NewPasswordForm {
  /** the inputs' ids: `<prefix>-password`, `<prefix>-password-repeat` */
  ids: { password: string; repeat: string };
  password: Ref<string>;
  repeat: Ref<string>;
  errors: FormErrors<'password' | 'repeat'>;
  /** bind with `ref="summaryRef"` on the page's UiErrorSummary of `errors.summary` */
  summaryRef: Ref<{ focus(): void } | null>;
  busy: Ref<boolean>;
  /** the link was refused (expired, used, broken), or another failure for the page to explain */
  failure: Ref<'invalid-link' | { error: unknown } | null>;
  /**
   * Checks what was typed (identity's rules the browser can check), then sends the password (`send`: the
   * app's call with its token). Identity's refusal of the password is shown at the field; a refused link
   * (400 `invalid-token`, or a 422 on `token`) and any other failure are kept in `failure`. Resolves true
   * when the password was set (what was typed is forgotten then).
   */
  submit(send: (password: string) => Promise<void>, email?: string): Promise<boolean>;
}

/** identity's answer to a token that is unknown, used up or expired */
function isInvalidLink(error: unknown): boolean {
  if (!isProblem(error)) return false;
  if (error.type === 'invalid-token') return true;
  const fields = (error as { errors?: unknown }).errors;
  return (
    error.status === 422 &&
    Array.isArray(fields) &&
    fields.some((e: { field?: unknown }) => e.field === 'token')
  );
}

/**
 * A new password, typed twice, set with a mailed link's token: the residents' password reset and the
 * staff's invitation. Messages come from `options.messages` where the page has its own, else from the
 * library (`ui.errors`). `UiNewPasswordFields` renders the two fields.
 */
export function useNewPasswordForm(idPrefix: string, options: { messages?: string } = {}): NewPasswordForm {
  const ids = { password: `${idPrefix}-password`, repeat: `${idPrefix}-password-repeat` };
  const password = ref('');
  const repeat = ref('');
  const errors = useFormErrors(ids, options);
  const { summaryRef, focusSummary } = useErrorSummaryFocus();
  const busy = ref(false);
  const failure = ref<'invalid-link' | { error: unknown } | null>(null);

  async function submit(send: (password: string) => Promise<void>, email?: string): Promise<boolean> {
    if (busy.value) return false;
    failure.value = null;
    const invalid = errors.show({
      password: checkNewPassword(password.value, email),
      repeat: checkPasswordRepeat(repeat.value, password.value),
    });
    if (invalid) {
      await focusSummary();
      return false;
    }
    busy.value = true;
    try {
      await send(password.value);
      password.value = '';
      repeat.value = '';
      return true;
    } catch (error) {
      if (isInvalidLink(error)) failure.value = 'invalid-link';
      else if (errors.showProblem(error, { password: { field: 'password', message: passwordRefusal } })) {
        await focusSummary();
      } else failure.value = { error };
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { ids, password, repeat, errors, summaryRef, busy, failure, submit };
}
