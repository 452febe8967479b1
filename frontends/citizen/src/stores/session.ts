import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { logIn, type Credentials, type SessionEndReason, type SessionUser } from '@buergeramt/api-client';
import { api, session } from '../services/api';

/**
 * How a log-in ended, besides a problem thrown: `ok` (logged in), `totp-required` (the account has TOTP:
 * ask for the code and call again with it), `staff` (a staff account: this app is for residents; no
 * session was kept).
 */
export type LoginOutcome = { kind: 'ok' } | { kind: 'totp-required' } | { kind: 'staff' };

/**
 * Forms whose unsaved input should survive a log-in detour (an expired session) keep it in
 * sessionStorage under this prefix; logging out or deleting the account removes every such draft.
 */
export const DRAFT_PREFIX = 'buergeramt.draft.';

function clearDrafts(): void {
  try {
    const keys: string[] = [];
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i);
      if (key?.startsWith(DRAFT_PREFIX)) keys.push(key);
    }
    for (const key of keys) sessionStorage.removeItem(key);
  } catch {
    // storage disabled: there are no drafts either
  }
}

/**
 * The person's session as the app sees it: who is logged in, whether the session was picked up from the
 * refresh cookie yet, and why it ended. The tokens themselves stay inside the api-client's Session.
 * This app is for residents: a staff account's session is never kept here.
 */
export const useSessionStore = defineStore('session', () => {
  const user = shallowRef<SessionUser | null>(session.user);
  const ended = ref<SessionEndReason | null>(null);
  let resumed: Promise<boolean> | null = null;

  session.subscribe((next, reason) => {
    user.value = next;
    ended.value = next ? null : (reason ?? ended.value);
  });

  /**
   * Resolves once a session the cookie may still hold has been picked up (or not); runs once. After a
   * federated log-in, identity sends the browser back with `?login=success` and the cookie set. A staff
   * session (the back office shares the cookie) is not taken up here (the session's `accepts`).
   */
  function ready(): Promise<boolean> {
    const federated = new URLSearchParams(window.location.search).get('login') === 'success';
    resumed ??= session.resume({ force: federated });
    return resumed;
  }

  /**
   * Logs in. Resolves `totp-required` when the account has TOTP and no code was given, `staff` for a
   * staff account (its new session is ended at once; one without TOTP yet is not even started); throws
   * the ApiProblem otherwise (wrong credentials or code, locked, not verified, disabled, ...).
   */
  async function login(credentials: Credentials): Promise<LoginOutcome> {
    const outcome = await logIn(api, session, credentials);
    return outcome.kind === 'refused' || outcome.kind === 'enrollment-required' ? { kind: 'staff' } : outcome;
  }

  async function logout(): Promise<void> {
    clearDrafts();
    await session.logout();
  }

  /** After the account was deleted: nothing to revoke any more, forget the session here. */
  function forget(): void {
    clearDrafts();
    session.end('logout');
  }

  /** Names changed in the profile: the header greets with them until the next token brings them anyway. */
  function updateUser(changes: Partial<Pick<SessionUser, 'givenName' | 'familyName'>>): void {
    if (user.value) user.value = { ...user.value, ...changes };
  }

  /** Called with the reason whenever a session ends (the app sends the person to log-in on 'expired'). */
  const onEnd = (listener: (reason: SessionEndReason) => void): (() => void) => session.onEnd(listener);

  const loggedIn = computed(() => user.value !== null);
  const isCitizen = computed(() => user.value?.roles.includes('citizen') ?? false);

  return { user, ended, loggedIn, isCitizen, ready, login, logout, forget, updateUser, onEnd };
});
