import { ProblemException } from '@buergeramt/platform';

/**
 * Every error identity answers with on purpose, by its problem type slug (API.md). The table below maps
 * each to its status and title: a code added here without a row there does not compile.
 */
export type IdentityErrorCode =
  | 'invalid-credentials'
  | 'email-not-verified'
  | 'mfa-required'
  | 'mfa-enrollment-required'
  | 'account-locked'
  | 'account-disabled'
  | 'invalid-token'
  | 'invalid-refresh-token'
  | 'mfa-already-enabled'
  | 'mfa-mandatory'
  | 'mfa-not-started'
  | 'last-admin'
  | 'email-taken'
  | 'invalid-client'
  | 'invalid-scope'
  | 'unsupported-grant-type'
  | 'unknown-provider';

const PROBLEMS: Readonly<Record<IdentityErrorCode, { status: number; title: string }>> = {
  'invalid-credentials': { status: 401, title: 'E-mail address or password is wrong' },
  'email-not-verified': { status: 403, title: 'The e-mail address is not verified yet' },
  'mfa-required': { status: 401, title: 'A TOTP code is needed' },
  'mfa-enrollment-required': { status: 403, title: 'Set up two-factor authentication first' },
  'account-locked': { status: 429, title: 'Too many failed logins: the account is locked for a while' },
  'account-disabled': { status: 403, title: 'The account is disabled' },
  'invalid-token': { status: 400, title: 'The link or token is invalid or has expired' },
  'invalid-refresh-token': { status: 401, title: 'The session has ended' },
  'mfa-already-enabled': { status: 409, title: 'Two-factor authentication is already set up' },
  'mfa-mandatory': { status: 409, title: 'Staff accounts must keep two-factor authentication' },
  'mfa-not-started': { status: 409, title: 'Start the TOTP set-up first' },
  'last-admin': { status: 409, title: 'The last active admin cannot lose the admin role' },
  'email-taken': { status: 409, title: 'There is already an account with this e-mail address' },
  'invalid-client': { status: 401, title: 'Client authentication failed' },
  'invalid-scope': { status: 400, title: 'The requested scope is not granted to this client' },
  'unsupported-grant-type': { status: 400, title: 'Only grant_type=client_credentials is supported' },
  'unknown-provider': { status: 404, title: 'No such login provider' },
};

/** The OAuth 2.0 error code (RFC 6749 §5.2) carried alongside the problem type on /auth/token. */
const OAUTH_ERRORS: Partial<Record<IdentityErrorCode, string>> = {
  'invalid-client': 'invalid_client',
  'invalid-scope': 'invalid_scope',
  'unsupported-grant-type': 'unsupported_grant_type',
};

/** A problem+json error of identity. `retryAfterSeconds` becomes a Retry-After header. */
export class IdentityProblem extends ProblemException {
  constructor(
    readonly code: IdentityErrorCode,
    detail?: string,
    extensions: Record<string, unknown> = {},
    readonly retryAfterSeconds?: number,
  ) {
    const { status, title } = PROBLEMS[code];
    super(status, code, title, detail, extensions);
  }

  /** The RFC 6749 error code of this problem, if it is an OAuth one. */
  get oauthError(): string | undefined {
    return OAUTH_ERRORS[this.code];
  }
}

export function problemStatus(code: IdentityErrorCode): number {
  return PROBLEMS[code].status;
}
