import { onBeforeUnmount, onMounted, readonly, ref, type Ref } from 'vue';
import { onBeforeRouteLeave } from 'vue-router';

export interface LeaveGuard {
  /** a navigation away waits for the person's answer (show the dialog meanwhile) */
  asking: Readonly<Ref<boolean>>;
  /** The person wants to leave anyway: the navigation goes on. */
  leave(): void;
  /** The person stays: the navigation is cancelled. */
  stay(): void;
}

/**
 * Warns before the page is left while `shouldWarn()` holds (e.g. someone is called to the counter and not
 * finished). A route change waits for the person's answer (`asking`: the page shows its own dialog, with
 * its own words, and calls `leave` or `stay`); closing or reloading the tab, or following a link out of
 * the app, gets the browser's own question (`beforeunload`: browsers show their fixed text). Use in a
 * route's component.
 */
export function useLeaveGuard(shouldWarn: () => boolean): LeaveGuard {
  const asking = ref(false);
  let answer: ((leave: boolean) => void) | null = null;

  function settle(leave: boolean): void {
    asking.value = false;
    const pending = answer;
    answer = null;
    pending?.(leave);
  }

  onBeforeRouteLeave(() => {
    if (!shouldWarn()) return true;
    settle(false); // an earlier navigation still waiting gives way to this one
    asking.value = true;
    return new Promise<boolean>((resolve) => (answer = resolve));
  });

  function onBeforeUnload(event: BeforeUnloadEvent): void {
    if (!shouldWarn()) return;
    event.preventDefault();
    // older browsers ask only when returnValue is set (the text itself is not shown any more)
    event.returnValue = '';
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload));
  onBeforeUnmount(() => {
    window.removeEventListener('beforeunload', onBeforeUnload);
    settle(false);
  });

  return { asking: readonly(asking), leave: () => settle(true), stay: () => settle(false) };
}
