/** Injection token of the validated {@link AuthModuleOptions}. */
export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

/** Metadata keys read by the guards. */
export const IS_PUBLIC_KEY = 'buergeramt:auth:public';
export const ROLES_KEY = 'buergeramt:auth:roles';
export const SCOPES_KEY = 'buergeramt:auth:scopes';

/** The asymmetric algorithms access tokens may be signed with. Anything else (none, HS*, EdDSA) is refused. */
export const ACCEPTED_ALGORITHMS = ['ES256', 'RS256'] as const;
