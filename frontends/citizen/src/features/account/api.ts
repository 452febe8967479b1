import { ok, type Schema } from '@buergeramt/api-client';
import { api } from '../../services/api';

/** The account's API calls (identity and notification preferences); views call these, never fetch. */

export type Profile = Schema<'ProfileDto'>;
export type ProfileChanges = Schema<'UpdateProfileDto'>;
export type Preferences = Schema<'PreferencesDto'>;
export type TotpSetup = Schema<'TotpSetupDto'>;
export type OidcProvider = Schema<'OidcProviderDto'>;
export type AppLocale = 'de' | 'en';

export interface Registration {
  email: string;
  password: string;
  givenName: string;
  familyName: string;
  locale: AppLocale;
}

/** 202 whatever the address: a mail is on its way (a known address is told it has an account). */
export async function register(registration: Registration): Promise<void> {
  await ok(api.POST('/api/v1/auth/register', { body: registration }));
}

export async function verifyEmail(token: string): Promise<void> {
  await ok(api.POST('/api/v1/auth/verify-email', { body: { token } }));
}

/** 202 whatever the address. */
export async function forgotPassword(email: string): Promise<void> {
  await ok(api.POST('/api/v1/auth/password/forgot', { body: { email } }));
}

export async function resetPassword(token: string, password: string): Promise<void> {
  await ok(api.POST('/api/v1/auth/password/reset', { body: { token, password } }));
}

export async function listOidcProviders(): Promise<OidcProvider[]> {
  return (await ok(api.GET('/api/v1/auth/oidc/providers'))).items;
}

/** Where a federated log-in starts: a full page navigation to identity (not a fetch). */
export function oidcStartUrl(providerId: string): string {
  return `/api/v1/auth/oidc/${encodeURIComponent(providerId)}/start`;
}

export function getProfile(): Promise<Profile> {
  return ok(api.GET('/api/v1/me'));
}

export function updateProfile(changes: ProfileChanges): Promise<Profile> {
  return ok(api.PATCH('/api/v1/me', { body: changes }));
}

export async function deleteAccount(): Promise<void> {
  await ok(api.DELETE('/api/v1/me'));
}

export function startTotp(): Promise<TotpSetup> {
  return ok(api.POST('/api/v1/me/mfa/totp'));
}

export async function confirmTotp(code: string): Promise<void> {
  await ok(api.POST('/api/v1/me/mfa/totp/confirm', { body: { code } }));
}

/** Switches TOTP off; identity wants a current code (422 on `code` when wrong; wrong codes count towards the lockout). */
export async function disableTotp(code: string): Promise<void> {
  await ok(api.DELETE('/api/v1/me/mfa/totp', { body: { code } }));
}

export function getPreferences(): Promise<Preferences> {
  return ok(api.GET('/api/v1/notifications/preferences'));
}

export function updatePreferences(preferences: Preferences): Promise<Preferences> {
  return ok(api.PUT('/api/v1/notifications/preferences', { body: preferences }));
}
