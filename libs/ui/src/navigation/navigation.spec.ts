import { afterEach, describe, expect, it } from 'vitest';
import {
  focusHeadingAfterNavigation,
  focusMainHeading,
  type GuardedRoute,
  isPlainClick,
  type NavigatedRoute,
  routeMessagesLoader,
  safeReturnPath,
  scrollPosition,
  sessionGuard,
} from './navigation';

describe('safeReturnPath', () => {
  it('accepts paths of this app only', () => {
    expect(safeReturnPath('/termine')).toBe('/termine');
    expect(safeReturnPath('/termin/personalausweis/pruefen?standort=a&zeit=b')).toBe(
      '/termin/personalausweis/pruefen?standort=a&zeit=b',
    );
  });

  it('refuses anything that could leave the app after log-in', () => {
    for (const value of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '',
      undefined,
      ['/a'],
    ]) {
      expect(safeReturnPath(value)).toBeNull();
    }
  });
});

describe('focus after a navigation', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  const page = (): HTMLElement => {
    document.body.innerHTML = '<a href="/x" id="link">x</a><main id="main"><h1>Heute</h1></main>';
    return document.querySelector('h1') as HTMLElement;
  };
  const route = (path: string, matched = 1): NavigatedRoute => ({ path, matched: new Array(matched) });

  it('moves focus to the main heading, which becomes focusable by script only', () => {
    const heading = page();
    focusMainHeading();
    expect(document.activeElement).toBe(heading);
    expect(heading.getAttribute('tabindex')).toBe('-1');
  });

  it('focuses the heading after a navigation to another page, not on the first load or a query change', async () => {
    const heading = page();
    const hooks: ((to: NavigatedRoute, from: NavigatedRoute) => unknown)[] = [];
    const stop = focusHeadingAfterNavigation({
      afterEach(hook) {
        hooks.push(hook);
        return () => hooks.splice(hooks.indexOf(hook), 1);
      },
    });
    const link = document.getElementById('link') as HTMLElement;
    link.focus();
    await hooks[0]?.(route('/heute'), route('/', 0)); // first page load
    expect(document.activeElement).toBe(link);
    await hooks[0]?.(route('/heute'), route('/heute')); // same page, other query
    expect(document.activeElement).toBe(link);
    await hooks[0]?.(route('/heute'), route('/anmelden'));
    expect(document.activeElement).toBe(heading);
    stop();
    expect(hooks).toHaveLength(0);
  });

  it('lets the browser handle clicks with a modifier or another button', () => {
    expect(isPlainClick(new MouseEvent('click', { button: 0 }))).toBe(true);
    expect(isPlainClick(new MouseEvent('click', { button: 0, ctrlKey: true }))).toBe(false);
    expect(isPlainClick(new MouseEvent('click', { button: 1 }))).toBe(false);
  });
});

describe('the apps’ router policy', () => {
  const route = (
    fullPath: string,
    meta: GuardedRoute['meta'] & { role?: string } = {},
    query: Record<string, unknown> = {},
  ) => ({ fullPath, meta, query });

  function guard(loggedIn: boolean, allows?: (to: { meta: { role?: string } }) => true | { name: string }) {
    const readied: string[] = [];
    const check = sessionGuard<ReturnType<typeof route>>({
      session: () => ({
        loggedIn,
        ready: () => {
          readied.push('ready');
          return Promise.resolve(loggedIn);
        },
      }),
      login: 'login',
      returnParam: 'weiter',
      home: { name: 'today' },
      allows,
    });
    return { check, readied };
  }

  it('sends a person who is not logged in to log-in, with the way back', async () => {
    const { check, readied } = guard(false);
    await expect(check(route('/heute?x=1', { requiresAuth: true }))).resolves.toEqual({
      name: 'login',
      query: { weiter: '/heute?x=1' },
    });
    await expect(check(route('/anmelden', { guestOnly: true }))).resolves.toBe(true);
    await expect(check(route('/einladung'))).resolves.toBe(true);
    expect(readied).toEqual(['ready', 'ready']);
  });

  it('asks about a logged-in person’s role, and sends them from log-in on to where they wanted to be', async () => {
    const { check } = guard(true, (to) => (to.meta.role === 'admin' ? { name: 'forbidden' } : true));
    await expect(check(route('/heute', { requiresAuth: true }))).resolves.toBe(true);
    await expect(check(route('/verwaltung', { requiresAuth: true, role: 'admin' }))).resolves.toEqual({
      name: 'forbidden',
    });
    await expect(check(route('/anmelden', { guestOnly: true }, { weiter: '/heute' }))).resolves.toBe(
      '/heute',
    );
    await expect(
      check(route('/anmelden', { guestOnly: true }, { weiter: '//evil.example' })),
    ).resolves.toEqual({
      name: 'today',
    });
  });

  it('loads the texts a route names before its page, and scrolls as a person expects', async () => {
    const loaded: string[] = [];
    await routeMessagesLoader((name: string) => {
      loaded.push(name);
      return Promise.resolve();
    })({ matched: [{ meta: { messages: ['login'] } }, { meta: {} }, { meta: { messages: ['office'] } }] });
    expect(loaded).toEqual(['login', 'office']);
    expect(scrollPosition({ hash: '' }, null, { left: 0, top: 480 })).toEqual({ left: 0, top: 480 });
    expect(scrollPosition({ hash: '#oeffnungszeiten' }, null, null)).toEqual({ el: '#oeffnungszeiten' });
    expect(scrollPosition({ hash: '' }, null, null)).toEqual({ top: 0 });
  });
});
