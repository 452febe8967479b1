import { ProblemException, ValidationProblem } from '@buergeramt/platform';
import { FieldProblem, IdentityProblem } from './identity.errors';
import { MESSAGES } from './messages';
import { inLanguage } from './problem-language.interceptor';

const body = (error: unknown): Record<string, unknown> =>
  (error as ProblemException).getResponse() as Record<string, unknown>;

describe('inLanguage: identity problems in the language of the request', () => {
  it("answers identity's problems in either language and keeps their extensions and Retry-After", () => {
    const problem = new IdentityProblem(
      'account-locked',
      MESSAGES.accountLocked(1),
      { lockedUntil: '2026-12-01T10:00:00.000Z' },
      42,
    );
    expect(body(problem)).toMatchObject({
      title: 'Zu viele fehlgeschlagene Anmeldungen: Das Konto ist eine Zeit lang gesperrt',
      detail: expect.stringContaining('in 1 Minute wieder'),
    });
    const en = inLanguage(problem, 'en') as IdentityProblem;
    expect(en).toBeInstanceOf(IdentityProblem);
    expect(en.retryAfterSeconds).toBe(42);
    expect(en.getStatus()).toBe(429);
    expect(body(en)).toEqual({
      type: 'account-locked',
      title: 'Too many failed logins: the account is locked for a while',
      detail: 'Too many failed logins. Try again in 1 minute(s), or reset your password.',
      lockedUntil: '2026-12-01T10:00:00.000Z',
    });
  });

  it("translates the validation pipe's messages, and gives identity's field texts with their codes", () => {
    const piped = new ValidationProblem([
      { field: 'email', message: 'must be an e-mail address' },
      { field: 'givenName', message: 'givenName must be a string' },
      { field: 'x', message: 'something nobody translated' },
    ]);
    expect(body(inLanguage(piped, 'de'))).toMatchObject({
      title: 'Die Anfrage enthält ungültige Angaben',
      detail: 'Bitte korrigieren Sie die in `errors` genannten Felder.',
      errors: [
        { field: 'email', message: 'muss eine E-Mail-Adresse sein' },
        { field: 'givenName', message: 'muss ein Text sein' },
        { field: 'x', message: 'something nobody translated' },
      ],
    });
    expect(body(inLanguage(piped, 'en'))).toMatchObject({ errors: piped.errors });
    const own = new FieldProblem([
      { field: 'password', code: 'password-common', text: MESSAGES.passwordCommon },
    ]);
    expect(body(inLanguage(own, 'en'))).toMatchObject({
      detail: 'Please correct the fields named in `errors`.',
      errors: [{ field: 'password', code: 'password-common', message: MESSAGES.passwordCommon.en }],
    });
  });

  it('translates 404s, and lets anything else through untouched', () => {
    expect(body(inLanguage(new IdentityProblem('not-found', MESSAGES.accountGone), 'en'))).toMatchObject({
      title: 'Not found',
      detail: 'This account no longer exists.',
    });
    expect(
      body(inLanguage(new ProblemException(404, 'not-found', 'Not found', MESSAGES.notFound.en), 'de')),
    ).toMatchObject({
      title: 'Nicht gefunden',
      detail: 'Hier ist nichts, oder es gehört nicht Ihnen.',
    });
    const other = new Error('boom');
    expect(inLanguage(other, 'de')).toBe(other);
    const conflict = new ProblemException(409, 'conflict', 'Conflict');
    expect(inLanguage(conflict, 'de')).toBe(conflict);
  });
});
