import { ok, type LoginResult, type Schema } from '@buergeramt/api-client';
import { api } from '../../services/api';

/** The log-in journey's calls to identity besides the log-in itself (stores/session); views call these. */

export type TotpSetup = Schema<'TotpSetupDto'>;

/** POST /auth/mfa/enroll: a new TOTP secret for the staff member holding the enrollment token. */
export function startEnrollment(enrollmentToken: string): Promise<TotpSetup> {
  return ok(api.POST('/api/v1/auth/mfa/enroll', { body: { enrollmentToken } }));
}

/**
 * POST /auth/mfa/enroll/confirm with the first code, asking for a session at once (`startSession`): the
 * person has just proven password and second factor, and a log-in now would wait for the next code.
 */
export async function confirmEnrollment(enrollmentToken: string, code: string): Promise<LoginResult> {
  const result = await ok(
    api.POST('/api/v1/auth/mfa/enroll/confirm', { body: { enrollmentToken, code, startSession: true } }),
  );
  if (!result) throw new Error('the enrollment was confirmed without a session');
  return result;
}

/** POST /auth/password/reset with the invitation's token: a new staff member sets their password. */
export async function setPassword(token: string, password: string): Promise<void> {
  await ok(api.POST('/api/v1/auth/password/reset', { body: { token, password } }));
}
