import { ok, type Api } from './client';
import { ApiProblem } from './problem';
import type { LoginResult, Session } from './session';

/** What a person types to log in: e-mail address, password and, in the second step, the TOTP code. */
export interface Credentials {
  email: string;
  password: string;
  totp?: string;
}

/**
 * How a log-in ended, besides a problem thrown: `ok` (logged in), `totp-required` (the account has TOTP:
 * ask for the code and call again with it), `enrollment-required` (a staff member without TOTP where
 * identity requires one: set it up with the token), `refused` (the credentials were right, but the session
 * is of a person this app does not serve — its `Session`'s `accepts` — so none was kept).
 */
export type LoginOutcome =
  | { kind: 'ok' }
  | { kind: 'totp-required' }
  | { kind: 'enrollment-required'; enrollmentToken: string }
  | { kind: 'refused' };

/**
 * Logs in at identity (`POST /auth/login`) into `session`. Resolves the outcome; throws the ApiProblem of
 * every other answer (wrong credentials or code, locked, not verified, disabled, …: see `loginFailure`).
 */
export async function logIn(api: Api, session: Session, credentials: Credentials): Promise<LoginOutcome> {
  let result: LoginResult;
  try {
    result = await ok(
      api.POST('/api/v1/auth/login', {
        body: {
          email: credentials.email,
          password: credentials.password,
          totp: credentials.totp || undefined,
        },
      }),
    );
  } catch (error) {
    if (error instanceof ApiProblem) {
      if (error.is('mfa-required') && !credentials.totp) return { kind: 'totp-required' };
      const enrollmentToken = error.body.enrollmentToken;
      if (error.is('mfa-enrollment-required') && typeof enrollmentToken === 'string') {
        return { kind: 'enrollment-required', enrollmentToken };
      }
    }
    throw error;
  }
  return adoptSession(session, result);
}

/**
 * Keeps a session identity has just started (a log-in's answer, or the TOTP enrollment's): in `session`,
 * or, for a person this app does not serve, revoked at once (the answer set the browser's refresh cookie).
 */
export async function adoptSession(
  session: Session,
  result: LoginResult,
): Promise<{ kind: 'ok' } | { kind: 'refused' }> {
  if (session.start(result)) return { kind: 'ok' };
  await session.logout();
  return { kind: 'refused' };
}

/** What went wrong at log-in, as a log-in page explains it. */
export type LoginFailure =
  | { kind: 'invalid-credentials' }
  | { kind: 'invalid-code' }
  | { kind: 'email-not-verified' }
  | { kind: 'account-locked'; until: Date | null }
  | { kind: 'account-disabled' }
  | { kind: 'other'; error: unknown };

/**
 * Until when a locked log-in stays locked: identity's `lockedUntil`, else now + `Retry-After`, else
 * unknown (null).
 */
export function lockedUntil(problem: ApiProblem, now: Date = new Date()): Date | null {
  const stated = problem.body.lockedUntil;
  if (typeof stated === 'string') {
    const at = new Date(stated);
    if (!Number.isNaN(at.getTime())) return at;
  }
  if (problem.retryAfterSeconds !== undefined)
    return new Date(now.getTime() + problem.retryAfterSeconds * 1000);
  return null;
}

/** Sorts a failed log-in (`withCode`: the second step, a TOTP code was sent). */
export function loginFailure(error: unknown, withCode: boolean, now: Date = new Date()): LoginFailure {
  if (!(error instanceof ApiProblem)) return { kind: 'other', error };
  switch (error.type) {
    case 'invalid-credentials':
      return { kind: 'invalid-credentials' };
    case 'mfa-required':
      return withCode ? { kind: 'invalid-code' } : { kind: 'other', error };
    case 'email-not-verified':
      return { kind: 'email-not-verified' };
    case 'account-locked':
      return { kind: 'account-locked', until: lockedUntil(error, now) };
    case 'account-disabled':
      return { kind: 'account-disabled' };
    default:
      return { kind: 'other', error };
  }
}
