import { nextTick } from 'vue';

/** What `focusHeadingAfterNavigation` needs of a route (vue-router's have it; the library does not import it). */
export interface NavigatedRoute {
  path: string;
  matched: readonly unknown[];
}

/** What `focusHeadingAfterNavigation` needs of a router (vue-router's `Router` has it). */
export interface NavigationHooks {
  afterEach(hook: (to: NavigatedRoute, from: NavigatedRoute) => unknown): () => void;
}

/**
 * Moves focus to the page's main heading (`#main h1`, made focusable by script only), where screen
 * readers read it and keyboard users continue: after a navigation, or when a form moves to its next step.
 */
export function focusMainHeading(options: FocusOptions = {}): void {
  const heading = document.querySelector<HTMLElement>('#main h1');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus(options);
}

/**
 * After every navigation within the app, focus moves to the new page's heading; on the first page load
 * the browser's own start is kept, and a change of the query alone (same page) keeps focus where it is.
 * Returns the function that stops it.
 */
export function focusHeadingAfterNavigation(router: NavigationHooks): () => void {
  return router.afterEach(async (to, from) => {
    if (from.matched.length === 0 || to.path === from.path) return;
    await nextTick();
    focusMainHeading({ preventScroll: true });
  });
}

/**
 * A path inside this app only (no `//host`, no scheme): where a log-in may send the person back to
 * (from a query parameter anyone can write into a link).
 */
export function safeReturnPath(value: unknown): string | null {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : null;
}

/** Whether a click on a link is a plain one the app may handle itself (not a new tab, not a modifier). */
export function isPlainClick(event: MouseEvent): boolean {
  return !(event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey);
}

/**
 * vue-router's `scrollBehavior` of both apps: back and forward return to where the person was, a link to
 * an anchor scrolls to it, every other page starts at the top.
 */
export function scrollPosition(
  to: { hash: string },
  _from: unknown,
  saved: { left: number; top: number } | null,
): { left: number; top: number } | { el: string } | { top: number } {
  if (saved) return saved;
  if (to.hash) return { el: to.hash };
  return { top: 0 };
}

/**
 * vue-router's `beforeResolve` hook that loads the texts a page's route records name (`meta.messages`,
 * the app's `loadMessages`) before the page shows.
 */
export function routeMessagesLoader<K>(
  load: (name: K) => Promise<void>,
): (to: { matched: readonly { meta: { messages?: readonly K[] } }[] }) => Promise<void> {
  return async (to) => {
    await Promise.all(to.matched.flatMap((record) => record.meta.messages ?? []).map(load));
  };
}

/** A target of a navigation guard: a named route with its query (vue-router's `RouteLocationRaw`). */
export interface GuardTarget {
  name: string;
  query?: Record<string, string>;
}

/** What `sessionGuard` reads of a route (vue-router's `RouteLocationNormalized` has it). */
export interface GuardedRoute {
  fullPath: string;
  query: Record<string, unknown>;
  meta: { requiresAuth?: boolean; guestOnly?: boolean };
}

/** What `sessionGuard` needs to know of an app. */
export interface SessionGuardOptions<R extends GuardedRoute> {
  /** the app's session (its store): `ready()` resolves once a session the cookie may hold is picked up */
  session: () => { ready(): Promise<unknown>; loggedIn: boolean };
  /** the log-in page's route name and the query parameter that carries where to go afterwards */
  login: string;
  returnParam: string;
  /** where a logged-in person goes from a page for guests (log-in) without a return path */
  home: GuardTarget;
  /** a further check of a page for logged-in people (e.g. the person's role): true, or where instead */
  allows?: (to: R) => GuardTarget | true;
}

/**
 * vue-router's `beforeEach` guard of both apps: a page with `meta.requiresAuth` sends a person who is not
 * logged in to log-in, with the way back (`?weiter=`), and asks `allows`; a page with `meta.guestOnly`
 * (log-in) sends a logged-in person on to where they wanted to be (a path of this app only), else `home`.
 */
export function sessionGuard<R extends GuardedRoute>(
  options: SessionGuardOptions<R>,
): (to: R) => Promise<GuardTarget | string | true> {
  return async (to) => {
    const session = options.session();
    if (to.meta.requiresAuth || to.meta.guestOnly) await session.ready();
    if (to.meta.requiresAuth && !session.loggedIn) {
      return { name: options.login, query: { [options.returnParam]: to.fullPath } };
    }
    if (to.meta.requiresAuth && options.allows) {
      const allowed = options.allows(to);
      if (allowed !== true) return allowed;
    }
    if (to.meta.guestOnly && session.loggedIn) {
      return safeReturnPath(to.query[options.returnParam]) ?? options.home;
    }
    return true;
  };
}
