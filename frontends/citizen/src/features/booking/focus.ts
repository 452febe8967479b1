import { nextTick, watch, type WatchSource } from 'vue';

/**
 * For a page whose heading comes with its data (a question rendered as the legend of its radios): once
 * it is there, focus moves to it as App.vue does after a navigation — but only when focus was lost on
 * the way (the loading state went away) and the page was reached within the app, not on a first load.
 */
export function useHeadingFocus(ready: WatchSource<boolean>): void {
  watch(ready, async (isReady) => {
    if (!isReady) return;
    await nextTick();
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const state = window.history.state as { back?: unknown } | null;
    if (!state?.back) return;
    const heading = document.querySelector<HTMLElement>('#main h1');
    if (!heading) return;
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  });
}
