import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { ApiProblem, ok, type SessionEndReason, type SessionUser } from '@buergeramt/api-client';
import { api, session } from '../services/api';

export interface Credentials {
  email: string;
  password: string;
  totp?: string;
}

export type LoginOutcome = { kind: 'ok' } | { kind: 'totp-required' };

/**
 * The person's session as the app sees it: who is logged in, whether the session was picked up from the
 * refresh cookie yet, and why it ended. The tokens themselves stay inside the api-client's Session.
 */
export const useSessionStore = defineStore('session', () => {
  const user = shallowRef<SessionUser | null>(session.user);
  const ended = ref<SessionEndReason | null>(null);
  let resumed: Promise<boolean> | null = null;
  const endListeners = new Set<(reason: SessionEndReason) => void>();

  session.subscribe((next, reason) => {
    user.value = next;
    if (next) ended.value = null;
    else if (reason) {
      ended.value = reason;
      for (const listener of endListeners) listener(reason);
    }
  });

  /** Resolves once a session the cookie may still hold has been picked up (or not); runs once. */
  function ready(): Promise<boolean> {
    resumed ??= session.resume();
    return resumed;
  }

  /**
   * Logs in; resolves `totp-required` when the account has TOTP and no code was given, throws the
   * ApiProblem otherwise (wrong credentials, locked, not verified, ...).
   */
  async function login(credentials: Credentials): Promise<LoginOutcome> {
    try {
      const result = await ok(
        api.POST('/api/v1/auth/login', {
          body: {
            email: credentials.email,
            password: credentials.password,
            totp: credentials.totp || undefined,
          },
        }),
      );
      session.start(result);
      return { kind: 'ok' };
    } catch (error) {
      if (error instanceof ApiProblem && error.is('mfa-required') && !credentials.totp)
        return { kind: 'totp-required' };
      throw error;
    }
  }

  async function logout(): Promise<void> {
    await session.logout();
  }

  /** After the account was deleted: nothing to revoke any more, forget the session here. */
  function forget(): void {
    session.end('logout');
  }

  /** Called with the reason whenever a session ends (the router sends the person to log-in on 'expired'). */
  function onEnd(listener: (reason: SessionEndReason) => void): () => void {
    endListeners.add(listener);
    return () => endListeners.delete(listener);
  }

  const loggedIn = computed(() => user.value !== null);
  const isCitizen = computed(() => user.value?.roles.includes('citizen') ?? false);

  return { user, ended, loggedIn, isCitizen, ready, login, logout, forget, onEnd };
});
