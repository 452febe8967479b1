import { computed, nextTick, ref, type ComputedRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useErrorSummaryFocus } from '../composables/useErrorSummaryFocus';
import { useFormErrors, type FormErrors } from '../composables/useFormErrors';
import { isProblem } from '../composables/useProblemMessage';
import { focusMainHeading } from '../navigation/navigation';
import type { UiErrorSummaryItem } from '../types';
import { checkEmail, checkPassword, checkTotp, normaliseTotp } from './credentials';

/** What a person typed to log in: address and password, in the second step the TOTP code too. */
export interface LoginAttempt {
  email: string;
  password: string;
  totp?: string;
}

export interface LoginStepsOptions {
  /**
   * The app's log-in (its session store calling identity): `code` when the account wants its TOTP code
   * next; `done` when the app has taken over (logged in and gone on, or it explains a refusal itself).
   * Identity's refusals are thrown: wrong credentials and a wrong code are shown at the fields, every
   * other one is kept in `failure` for the page to explain.
   */
  logIn(attempt: LoginAttempt): Promise<'code' | 'done'>;
  /** where the form's own messages live (default the library's `ui.errors`) */
  messages?: string;
  /** the inputs' ids (default `login-email`, `login-password`, `login-code`) */
  ids?: { email: string; password: string; code: string };
}

export interface LoginSteps {
  ids: { email: string; password: string; code: string };
  step: Ref<'credentials' | 'code'>;
  email: Ref<string>;
  password: Ref<string>;
  code: Ref<string>;
  busy: Ref<boolean>;
  /** the last refusal not shown at a field (locked, disabled, the service unreachable…), and its step */
  failure: Ref<{ error: unknown; withCode: boolean } | null>;
  credentialErrors: FormErrors<'email' | 'password'>;
  codeErrors: FormErrors<'code'>;
  /** for the page's UiErrorSummary: wrong credentials at the e-mail field (not saying which was wrong) */
  summary: ComputedRef<UiErrorSummaryItem[]>;
  summaryRef: Ref<{ focus(): void } | null>;
  submitCredentials(): Promise<void>;
  submitCode(): Promise<void>;
  /** back to the first step (another address); forgets password and code */
  restart(): Promise<void>;
}

/** identity's answer to wrong credentials, and to a wrong code in the second step */
const isRefusal = (error: unknown, type: string): boolean => isProblem(error) && error.type === type;

/**
 * The two steps of a log-in form (both apps): address and password, then, when the account has TOTP,
 * the code. The credentials stay in this memory only (never storage or the URL); the browser's checks
 * come first; focus goes to the error summary after a failed submit and to the page's heading when the
 * step changes.
 */
export function useLoginSteps(options: LoginStepsOptions): LoginSteps {
  const { t } = useI18n();
  const ids = options.ids ?? { email: 'login-email', password: 'login-password', code: 'login-code' };
  const step = ref<'credentials' | 'code'>('credentials');
  const email = ref('');
  const password = ref('');
  const code = ref('');
  const busy = ref(false);
  const failure = ref<{ error: unknown; withCode: boolean } | null>(null);
  const wrongCredentials = ref(false);
  const { summaryRef, focusSummary } = useErrorSummaryFocus();
  const messages = { messages: options.messages };
  const credentialErrors = useFormErrors({ email: ids.email, password: ids.password }, messages);
  const codeErrors = useFormErrors({ code: ids.code }, messages);

  const summary = computed<UiErrorSummaryItem[]>(() => {
    if (wrongCredentials.value) return [{ fieldId: ids.email, message: t('ui.errors.invalidCredentials') }];
    return (step.value === 'code' ? codeErrors : credentialErrors).summary.value;
  });

  async function focusHeading(): Promise<void> {
    await nextTick();
    focusMainHeading();
  }

  function reset(): void {
    failure.value = null;
    wrongCredentials.value = false;
  }

  async function attempt(totp?: string): Promise<void> {
    busy.value = true;
    try {
      const answer = await options.logIn({ email: email.value.trim(), password: password.value, totp });
      if (answer === 'code') {
        step.value = 'code';
        codeErrors.clear();
        return await focusHeading();
      }
      password.value = '';
      code.value = '';
    } catch (error) {
      code.value = '';
      if (totp !== undefined && isRefusal(error, 'mfa-required')) {
        codeErrors.show({ code: 'codeWrong' });
        await focusSummary();
      } else if (isRefusal(error, 'invalid-credentials')) {
        // (in the second step: the password changed meanwhile) start again
        if (totp !== undefined) await restart();
        password.value = '';
        wrongCredentials.value = true;
        await focusSummary();
      } else failure.value = { error, withCode: totp !== undefined };
    } finally {
      busy.value = false;
    }
  }

  async function submitCredentials(): Promise<void> {
    if (busy.value) return;
    reset();
    const invalid = credentialErrors.show({
      email: checkEmail(email.value),
      password: checkPassword(password.value),
    });
    if (invalid) return focusSummary();
    await attempt();
  }

  async function submitCode(): Promise<void> {
    if (busy.value) return;
    reset();
    if (codeErrors.show({ code: checkTotp(code.value) })) return focusSummary();
    await attempt(normaliseTotp(code.value) ?? '');
  }

  async function restart(): Promise<void> {
    step.value = 'credentials';
    password.value = '';
    code.value = '';
    codeErrors.clear();
    reset();
    await focusHeading();
  }

  return {
    ids,
    step,
    email,
    password,
    code,
    busy,
    failure,
    credentialErrors,
    codeErrors,
    summary,
    summaryRef,
    submitCredentials,
    submitCode,
    restart,
  };
}
