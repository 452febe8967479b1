import { passwordProblem as check } from './password-policy';

/** The English message of a refusal, or null. */
const passwordProblem = (password: string, context?: { email?: string | null }): string | null =>
  check(password, context)?.text.en ?? null;

describe('passwordProblem', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblem('Kesselhaus-Neckarufer-7')).toBeNull();
  });

  it('refuses fewer than 10 characters, counting code points', () => {
    expect(passwordProblem('Ab3$efgh9')).toMatch(/at least 10 characters/);
    expect(passwordProblem('😀😀😀😀😀😀😀😀😀')).toMatch(/at least 10 characters/);
    expect(passwordProblem('😀😀😀😀😀😀😀😀😀😀')).toBeNull();
  });

  it('refuses passwords from the common-password list, whatever their case', () => {
    expect(passwordProblem('qwertyuiop')).toMatch(/commonly used passwords/);
    expect(passwordProblem('Password123')).toMatch(/commonly used passwords/);
    expect(passwordProblem('BASKETBALL')).toMatch(/commonly used passwords/);
  });

  it('says why in German and English, with a stable code per rule', () => {
    expect(check('kurz')).toEqual({
      field: 'password',
      code: 'password-too-short',
      text: {
        de: 'Das Passwort braucht mindestens 10 Zeichen.',
        en: 'The password needs at least 10 characters.',
      },
    });
    expect(check('Password123')).toMatchObject({
      code: 'password-common',
      text: { de: expect.stringContaining('häufig benutzter Passwörter') },
    });
    expect(check('maxmustermann', { email: 'maxmustermann@example.org' })).toMatchObject({
      code: 'password-is-email',
      text: { de: 'Das Passwort darf nicht Ihre E-Mail-Adresse sein.' },
    });
  });

  it('refuses the e-mail address as password', () => {
    expect(passwordProblem('max.mustermann@example.org', { email: 'max.mustermann@example.org' })).toMatch(
      /e-mail address/,
    );
    expect(passwordProblem('maxmustermann', { email: 'maxmustermann@example.org' })).toMatch(
      /e-mail address/,
    );
  });
});
