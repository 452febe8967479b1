import {
  computed,
  type ComputedRef,
  inject,
  onBeforeUnmount,
  type InjectionKey,
  provide,
  ref,
  type Ref,
  shallowReactive,
} from 'vue';
import { useI18n } from 'vue-i18n';
import { isProblem, useAnnouncer, useProblemMessage } from '@buergeramt/ui';
import { hasRoleAtLeast } from '../../access';
import { useSessionStore } from '../../stores/session';

/**
 * Whether the person may change the configuration: admins change, supervisors read (the API refuses
 * them with 403). The pages hide what a role cannot do instead of offering it to be refused.
 */
export function useMayChange(): ComputedRef<boolean> {
  const session = useSessionStore();
  return computed(() => hasRoleAtLeast(session.user, 'admin'));
}

export interface Action {
  /** an action is running (its button shows busy) */
  busy: Ref<boolean>;
  /** what went wrong, as a sentence, or '' */
  failure: Ref<string>;
  /**
   * Runs `action` once at a time. A 422 is handed to `onFieldErrors` first (true: shown at the fields);
   * otherwise the problem becomes `failure` (shown by ActionFailure, an alert). On success `done` says what happened (announced politely).
   */
  run<T>(
    action: () => Promise<T>,
    options?: {
      done?: (result: T) => string;
      onFieldErrors?: (problem: unknown) => boolean;
      byType?: Record<string, string>;
    },
  ): Promise<T | undefined>;
}

/** One action of a page (save, add, remove …) with its busy state, failure and announcement. */
export function useAction(): Action {
  const busy = ref(false);
  const failure = ref('');
  const describe = useProblemMessage();
  const { announce } = useAnnouncer();
  const { t } = useI18n();

  async function run<T>(
    action: () => Promise<T>,
    options: {
      done?: (result: T) => string;
      onFieldErrors?: (problem: unknown) => boolean;
      byType?: Record<string, string>;
    } = {},
  ): Promise<T | undefined> {
    if (busy.value) return undefined;
    busy.value = true;
    failure.value = '';
    try {
      const result = await action();
      if (options.done) announce(options.done(result));
      return result;
    } catch (error) {
      if (isProblem(error) && error.status === 422 && options.onFieldErrors?.(error)) return undefined;
      failure.value =
        isProblem(error) && error.status === 403
          ? t('admin.common.forbidden')
          : describe(error, options.byType);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, failure, run };
}

const PAGE_ERRORS: InjectionKey<Set<() => boolean>> = Symbol('admin page errors');

/**
 * For a page made of several forms: whether any of them shows errors now (the page's title then begins
 * with "Fehler: "). The forms report through `reportPageErrors`.
 */
export function providePageErrors(): ComputedRef<boolean> {
  const sources = shallowReactive(new Set<() => boolean>());
  provide(PAGE_ERRORS, sources);
  return computed(() => [...sources].some((source) => source()));
}

/** A form of the page reports whether it shows errors (see `providePageErrors`). */
export function reportPageErrors(source: () => boolean): void {
  const sources = inject(PAGE_ERRORS, null);
  if (!sources) return;
  sources.add(source);
  onBeforeUnmount(() => sources.delete(source));
}

/** Taking something away (revoke, remove, delete) after the person confirmed it in a dialog. */
export interface Removal<T> {
  /** what the dialog asks about, or null */
  item: Ref<T | null>;
  /** the dialog is open */
  open: Ref<boolean>;
  /** opens the dialog for `target` */
  ask: (target: T) => void;
  /** the dialog's confirm: removes, says so (or why not), closes, and reloads after success */
  confirm: () => Promise<void>;
}

/**
 * The confirm-then-remove flow of the configuration's lists, run as `action` (busy, failure, announcement):
 * `remove` takes the item away, `done` says what happened, `after` reloads the list.
 */
export function useRemoval<T>(
  action: Action,
  options: {
    remove: (item: T) => Promise<unknown>;
    done: (item: T) => string;
    after: () => Promise<unknown>;
  },
): Removal<T> {
  const item = ref(null) as Ref<T | null>;
  const open = ref(false);
  return {
    item,
    open,
    ask: (target: T): void => {
      item.value = target;
      open.value = true;
    },
    confirm: async (): Promise<void> => {
      const target = item.value;
      if (target === null) return;
      const removed = await action.run(
        async () => {
          await options.remove(target);
          return true;
        },
        { done: () => options.done(target) },
      );
      open.value = false;
      if (removed) await options.after();
    },
  };
}
