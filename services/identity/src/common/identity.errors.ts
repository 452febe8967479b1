import type { Locale } from '@buergeramt/contracts';
import {
  DomainProblem,
  type FieldError,
  GENERIC_PROBLEMS,
  type LocalizedText,
  type ProblemDefinition,
  type ProblemTable,
  textIn,
  ValidationProblem,
} from '@buergeramt/platform';
import { MESSAGES, type Text } from './messages';

/**
 * Every error identity answers with on purpose, by its problem type slug (API.md), plus `not-found` (the
 * platform's type, with identity's texts). The table below maps each to its status and title: a code
 * added here without a row there does not compile.
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
  | 'unknown-provider'
  | 'not-found';

/** The error codes of RFC 6749 §5.2 that the token endpoint answers with (`error`). */
export type OAuthError = 'invalid_request' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type';

/** A row of identity's table: titles in both languages, and the OAuth error of the token endpoint's codes. */
interface IdentityProblemDefinition extends ProblemDefinition {
  title: LocalizedText;
  detail?: LocalizedText;
  /** the RFC 6749 error code carried alongside the problem type on /auth/token */
  oauthError?: OAuthError;
}

const PROBLEMS: ProblemTable<IdentityErrorCode, IdentityProblemDefinition> = {
  'invalid-credentials': {
    status: 401,
    title: { de: 'E-Mail-Adresse oder Passwort ist falsch', en: 'E-mail address or password is wrong' },
  },
  'email-not-verified': {
    status: 403,
    title: {
      de: 'Die E-Mail-Adresse ist noch nicht bestätigt',
      en: 'The e-mail address is not verified yet',
    },
  },
  'mfa-required': {
    status: 401,
    title: { de: 'Ein Code aus der Authenticator-App wird gebraucht', en: 'A TOTP code is needed' },
  },
  'mfa-enrollment-required': {
    status: 403,
    title: {
      de: 'Richten Sie zuerst die Zwei-Faktor-Anmeldung ein',
      en: 'Set up two-factor authentication first',
    },
  },
  'account-locked': {
    status: 429,
    title: {
      de: 'Zu viele fehlgeschlagene Anmeldungen: Das Konto ist eine Zeit lang gesperrt',
      en: 'Too many failed logins: the account is locked for a while',
    },
  },
  'account-disabled': {
    status: 403,
    title: { de: 'Das Konto ist deaktiviert', en: 'The account is disabled' },
  },
  'invalid-token': {
    status: 400,
    title: {
      de: 'Der Link oder das Token ist ungültig oder abgelaufen',
      en: 'The link or token is invalid or has expired',
    },
  },
  'invalid-refresh-token': {
    status: 401,
    title: { de: 'Die Sitzung ist beendet', en: 'The session has ended' },
  },
  'mfa-already-enabled': {
    status: 409,
    title: {
      de: 'Die Zwei-Faktor-Anmeldung ist schon eingerichtet',
      en: 'Two-factor authentication is already set up',
    },
  },
  'mfa-mandatory': {
    status: 409,
    title: {
      de: 'Konten von Mitarbeitenden müssen die Zwei-Faktor-Anmeldung behalten',
      en: 'Staff accounts must keep two-factor authentication',
    },
  },
  'mfa-not-started': {
    status: 409,
    title: { de: 'Beginnen Sie zuerst mit der TOTP-Einrichtung', en: 'Start the TOTP set-up first' },
  },
  'last-admin': {
    status: 409,
    title: {
      de: 'Der letzte aktive Admin kann die Admin-Rolle nicht verlieren',
      en: 'The last active admin cannot lose the admin role',
    },
  },
  'email-taken': {
    status: 409,
    title: {
      de: 'Es gibt schon ein Konto mit dieser E-Mail-Adresse',
      en: 'There is already an account with this e-mail address',
    },
  },
  'invalid-client': {
    status: 401,
    title: { de: 'Die Client-Authentifizierung ist fehlgeschlagen', en: 'Client authentication failed' },
    oauthError: 'invalid_client',
  },
  'invalid-scope': {
    status: 400,
    title: {
      de: 'Der angefragte Scope ist diesem Client nicht erlaubt',
      en: 'The requested scope is not granted to this client',
    },
    oauthError: 'invalid_scope',
  },
  'unsupported-grant-type': {
    status: 400,
    title: {
      de: 'Nur grant_type=client_credentials wird unterstützt',
      en: 'Only grant_type=client_credentials is supported',
    },
    oauthError: 'unsupported_grant_type',
  },
  'unknown-provider': {
    status: 404,
    title: { de: 'Diesen Anmeldedienst gibt es nicht', en: 'No such login provider' },
  },
  // another person's or a missing resource; the platform's 404s are answered with this row's title too
  'not-found': {
    status: 404,
    title: { de: 'Nicht gefunden', en: GENERIC_PROBLEMS[404].title },
    detail: MESSAGES.notFound,
  },
};

/**
 * A problem+json error of identity, with its texts in both languages: it is built in German (the
 * default) and answered in the request's language (`in`, called by `ProblemLanguageInterceptor`).
 * `retryAfterSeconds` becomes a Retry-After header.
 */
export class IdentityProblem extends DomainProblem<IdentityErrorCode> {
  declare readonly text: Text | undefined;

  constructor(
    code: IdentityErrorCode,
    text?: Text,
    extensions: Record<string, unknown> = {},
    readonly retryAfterSeconds?: number,
    locale: Locale = 'de',
  ) {
    super(PROBLEMS, code, text, extensions, locale);
  }

  /** The same problem in `locale`. */
  in(locale: Locale): IdentityProblem {
    return new IdentityProblem(this.code, this.text, this.extensions, this.retryAfterSeconds, locale);
  }

  /** The RFC 6749 error code of this problem, if it is an OAuth one. */
  get oauthError(): OAuthError | undefined {
    return PROBLEMS[this.code].oauthError;
  }

  /** RFC 6749 §5.1 allows only ASCII in `error_description`: the English text. */
  get oauthDescription(): string {
    return this.text?.en ?? PROBLEMS[this.code].title.en;
  }
}

/** The title of `code` in `locale` (e.g. the platform's own 404s, answered in identity's words). */
export function problemTitle(code: IdentityErrorCode, locale: Locale): string {
  return textIn(PROBLEMS[code].title, locale);
}

/** A field that failed a rule of identity: its message in both languages, and a stable `code` if it has one. */
export interface FieldText {
  field: string;
  text: Text;
  /** e.g. `password-common`, for clients that show their own words for a rule */
  code?: string;
}

const VALIDATION_TITLE: Text = {
  de: 'Die Anfrage enthält ungültige Angaben',
  en: GENERIC_PROBLEMS[422].title,
};

/** 422 `validation-failed` raised by identity's own rules (beyond the DTOs), in both languages. */
export class FieldProblem extends ValidationProblem {
  constructor(
    readonly fields: readonly FieldText[],
    readonly locale: Locale = 'de',
  ) {
    super(fieldErrors(fields, locale), MESSAGES.validationDetail[locale]);
  }
}

/** The `errors` entries of `fields` in `locale`. */
export function fieldErrors(fields: readonly FieldText[], locale: Locale): FieldError[] {
  return fields.map(({ field, text, code }) =>
    code ? { field, message: text[locale], code } : { field, message: text[locale] },
  );
}

/** The title of a 422 in `locale`. */
export function validationTitle(locale: Locale): string {
  return VALIDATION_TITLE[locale];
}
