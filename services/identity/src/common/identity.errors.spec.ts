import { DomainProblem } from '@buergeramt/platform';
import { IdentityProblem, problemTitle } from './identity.errors';
import { MESSAGES } from './messages';

const body = (error: IdentityProblem): Record<string, unknown> =>
  error.getResponse() as Record<string, unknown>;

describe('IdentityProblem (identity’s problem table)', () => {
  it('is a DomainProblem of its code, built in German and answered in English on request', () => {
    const problem = new IdentityProblem('email-taken', MESSAGES.emailTaken);
    expect(problem).toBeInstanceOf(DomainProblem);
    expect(problem.code).toBe('email-taken');
    expect(problem.getStatus()).toBe(409);
    expect(body(problem)).toEqual({
      type: 'email-taken',
      title: 'Es gibt schon ein Konto mit dieser E-Mail-Adresse',
      detail: MESSAGES.emailTaken.de,
    });
    const en = problem.in('en');
    expect(en).toBeInstanceOf(IdentityProblem);
    expect(body(en)).toEqual({
      type: 'email-taken',
      title: 'There is already an account with this e-mail address',
      detail: MESSAGES.emailTaken.en,
    });
  });

  it('maps the token endpoint’s codes to their RFC 6749 errors, in English whatever the locale', () => {
    expect(new IdentityProblem('invalid-client').oauthError).toBe('invalid_client');
    expect(new IdentityProblem('invalid-scope').oauthError).toBe('invalid_scope');
    expect(new IdentityProblem('unsupported-grant-type').oauthError).toBe('unsupported_grant_type');
    expect(new IdentityProblem('invalid-credentials').oauthError).toBeUndefined();
    expect(new IdentityProblem('unsupported-grant-type').oauthDescription).toBe(
      'Only grant_type=client_credentials is supported',
    );
    expect(new IdentityProblem('invalid-client', MESSAGES.clientUnknown).oauthDescription).toBe(
      MESSAGES.clientUnknown.en,
    );
  });

  it('answers not-found with the platform’s type and identity’s texts, its default detail included', () => {
    const problem = new IdentityProblem('not-found');
    expect(problem.getStatus()).toBe(404);
    expect(body(problem)).toEqual({
      type: 'not-found',
      title: 'Nicht gefunden',
      detail: MESSAGES.notFound.de,
    });
    expect(body(problem.in('en'))).toEqual({
      type: 'not-found',
      title: 'Not found',
      detail: MESSAGES.notFound.en,
    });
    expect(problemTitle('not-found', 'en')).toBe('Not found');
  });
});
