import { HttpException } from '@nestjs/common';
import type { Locale, ProblemDetails } from '@buergeramt/contracts';

export type FieldError = { field: string; message: string };

/**
 * An error with a stable problem type. Throw it from services; the global filter renders it as
 * RFC 9457 problem+json. `type` is a slug (e.g. `slot-unavailable`) documented in API.md.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super({ type, title, detail, ...extensions }, status);
  }
}

interface GenericProblem {
  readonly type: string;
  readonly title: string;
}

const GENERIC = {
  400: { type: 'bad-request', title: 'The request is malformed' },
  401: { type: 'unauthorized', title: 'Not logged in' },
  403: { type: 'forbidden', title: 'Not allowed' },
  404: { type: 'not-found', title: 'Not found' },
  405: { type: 'method-not-allowed', title: 'Method not allowed' },
  406: { type: 'not-acceptable', title: 'Not acceptable' },
  408: { type: 'request-timeout', title: 'Request timeout' },
  409: { type: 'conflict', title: 'Conflict' },
  410: { type: 'gone', title: 'Gone' },
  413: { type: 'payload-too-large', title: 'The request body is too large' },
  415: { type: 'unsupported-media-type', title: 'Unsupported media type' },
  422: { type: 'validation-failed', title: 'The request contains invalid data' },
  429: { type: 'too-many-requests', title: 'Too many requests' },
  431: { type: 'request-header-fields-too-large', title: 'The request URL or headers are too large' },
  500: { type: 'internal-error', title: 'Internal error' },
  502: { type: 'bad-gateway', title: 'A service did not answer' },
  503: { type: 'service-unavailable', title: 'Service unavailable' },
  504: { type: 'gateway-timeout', title: 'A service answered too slowly' },
} satisfies Record<number, GenericProblem>;

/**
 * Titles of the generic problem types, by status. Domain errors bring their own type and title. A status
 * listed here is known to the compiler (`GENERIC_PROBLEMS[404].title`); any other number may be missing.
 */
export const GENERIC_PROBLEMS: Readonly<typeof GENERIC> &
  Readonly<Record<number, GenericProblem | undefined>> = GENERIC;

export function genericProblem(status: number, detail?: string): ProblemDetails {
  const known = GENERIC_PROBLEMS[status] ?? (status >= 500 ? GENERIC_PROBLEMS[500] : GENERIC_PROBLEMS[400]);
  const problem: ProblemDetails = { type: known.type, title: known.title, status };
  if (detail) problem.detail = detail;
  return problem;
}

/** 422 with one entry per failing field. */
export class ValidationProblem extends ProblemException {
  constructor(
    readonly errors: FieldError[],
    detail = 'Please correct the fields named in `errors`.',
  ) {
    super(422, 'validation-failed', GENERIC_PROBLEMS[422].title, detail, { errors });
  }
}

export class NotFoundProblem extends ProblemException {
  constructor(detail = 'There is nothing here, or it is not yours.') {
    super(404, 'not-found', GENERIC_PROBLEMS[404].title, detail);
  }
}

/** 403 with the generic `forbidden` type: logged in, but without the role, scope or relation needed. */
export function forbidden(detail: string): ProblemException {
  return new ProblemException(403, 'forbidden', GENERIC_PROBLEMS[403].title, detail);
}

/** A text of an answer in each language of the API (API.md: `Accept-Language` chooses, German is the default). */
export interface LocalizedText {
  readonly de: string;
  readonly en: string;
}

/** A problem's title or detail: the same words in every language, or a text per language. */
export type ProblemText = string | LocalizedText;

/** `text` in `locale`; a plain string is the same in every language. */
export function textIn(text: ProblemText, locale: Locale): string;
export function textIn(text: ProblemText | undefined, locale: Locale): string | undefined;
export function textIn(text: ProblemText | undefined, locale: Locale): string | undefined {
  return typeof text === 'string' || text === undefined ? text : text[locale];
}

/** One row of a service's problem table: how one of its error codes is answered. */
export interface ProblemDefinition {
  status: number;
  /** one string, or the title in each language (answered in the problem's locale) */
  title: ProblemText;
  /** the problem type slug, when it is not the code itself (e.g. the generic `not-found`) */
  type?: string;
  /** the detail when the code is raised without one */
  detail?: ProblemText;
  /** members every answer of this code carries (e.g. a field error) */
  extensions?: Record<string, unknown>;
}

/**
 * A service's error codes, each with exactly one row: a code added without a row does not compile, and a
 * client can rely on the type slugs. Every service declares its problems this way (decision §35). A
 * service whose codes need more than the platform's columns (identity: the OAuth error of the token
 * endpoint) declares its rows as an extension of `ProblemDefinition` (`Row`).
 */
export type ProblemTable<Code extends string, Row extends ProblemDefinition = ProblemDefinition> = Readonly<
  Record<Code, Row>
>;

/**
 * A problem+json error raised by its code from a service's `ProblemTable`. Title and detail are given in
 * `locale` (German unless the raiser says otherwise); with plain-string rows and details the locale makes
 * no difference. A service that answers in the request's language keeps `text` (the detail as raised, in
 * every language) and builds the problem again in that locale (identity's `IdentityProblem.in`).
 */
export class DomainProblem<Code extends string> extends ProblemException {
  /** the detail as it was raised, in each language it has (`detail` is the one answered) */
  readonly text: ProblemText | undefined;

  constructor(
    table: ProblemTable<Code>,
    readonly code: Code,
    detail?: ProblemText,
    extensions: Record<string, unknown> = {},
    readonly locale: Locale = 'de',
  ) {
    const row = table[code];
    super(row.status, row.type ?? code, textIn(row.title, locale), textIn(detail ?? row.detail, locale), {
      ...row.extensions,
      ...extensions,
    });
    this.text = detail;
  }
}
