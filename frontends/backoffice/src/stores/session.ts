import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import {
  adoptSession,
  logIn,
  type Credentials,
  type SessionEndReason,
  type SessionUser,
} from '@buergeramt/api-client';
import { highestRole } from '../access';
import { confirmEnrollment, startEnrollment, type TotpSetup } from '../features/login/api';
import { api, session } from '../services/api';

/**
 * How a log-in ended, besides a problem thrown: `ok` (logged in), `totp-required` (ask for the code and
 * call again with it), `enrollment-required` (a staff member without TOTP: set it up first, see
 * `startEnrollment`), `citizen` (a resident's account: this app is for staff; no session was kept).
 */
export type LoginOutcome =
  { kind: 'ok' } | { kind: 'totp-required' } | { kind: 'enrollment-required' } | { kind: 'citizen' };

/**
 * The staff member's session as the back office sees it: who is logged in (name, roles, locations),
 * whether the session was picked up from the refresh cookie yet, and why it ended. The tokens stay inside
 * the api-client's Session, the enrollment token of a first log-in in this store's memory only (never in
 * storage or the URL). This app is for staff: a resident's session is never kept here.
 */
export const useSessionStore = defineStore('session', () => {
  const user = shallowRef<SessionUser | null>(session.user);
  const ended = ref<SessionEndReason | null>(null);
  const enrollmentToken = ref<string | null>(null);
  let resumed: Promise<boolean> | null = null;

  session.subscribe((next, reason) => {
    user.value = next;
    ended.value = next ? null : (reason ?? ended.value);
  });

  /** Resolves once a session the cookie may still hold has been picked up (or not); runs once. */
  function ready(): Promise<boolean> {
    resumed ??= session.resume();
    return resumed;
  }

  /**
   * Logs in. Resolves `totp-required` when no code was given for an account with TOTP,
   * `enrollment-required` for a staff member who has to set TOTP up first (identity's token is kept here
   * for `startEnrollment`), `citizen` for a resident (the session identity started is ended at once);
   * throws the ApiProblem otherwise (wrong credentials or code, locked, disabled, …).
   */
  async function login(credentials: Credentials): Promise<LoginOutcome> {
    enrollmentToken.value = null;
    const outcome = await logIn(api, session, credentials);
    switch (outcome.kind) {
      case 'enrollment-required':
        enrollmentToken.value = outcome.enrollmentToken;
        return { kind: 'enrollment-required' };
      case 'refused':
        return { kind: 'citizen' };
      case 'ok':
      case 'totp-required':
        return outcome;
    }
  }

  /** The TOTP secret of a first log-in's enrollment (a new one each time); throws without an enrollment. */
  function enroll(): Promise<TotpSetup> {
    if (!enrollmentToken.value) return Promise.reject(new Error('no enrollment in progress'));
    return startEnrollment(enrollmentToken.value);
  }

  /**
   * Confirms the enrollment with the first code, which logs the person in. Throws identity's problem (a
   * wrong code: 422 on `code`; the enrollment expired: 400 `invalid-token`).
   */
  async function confirmEnroll(code: string): Promise<LoginOutcome> {
    if (!enrollmentToken.value) throw new Error('no enrollment in progress');
    const result = await confirmEnrollment(enrollmentToken.value, code);
    enrollmentToken.value = null;
    return (await adoptSession(session, result)).kind === 'ok' ? { kind: 'ok' } : { kind: 'citizen' };
  }

  /** Forgets an enrollment that can no longer be finished (expired): the person logs in again. */
  function dropEnrollment(): void {
    enrollmentToken.value = null;
  }

  async function logout(): Promise<void> {
    enrollmentToken.value = null;
    await session.logout();
  }

  /** Called with the reason whenever a session ends (the app sends the person to log-in on 'expired'). */
  const onEnd = (listener: (reason: SessionEndReason) => void): (() => void) => session.onEnd(listener);

  const loggedIn = computed(() => user.value !== null);
  const role = computed(() => highestRole(user.value));
  const enrolling = computed(() => enrollmentToken.value !== null);

  return {
    user,
    ended,
    loggedIn,
    role,
    enrolling,
    ready,
    login,
    enroll,
    confirmEnroll,
    dropEnrollment,
    logout,
    onEnd,
  };
});
