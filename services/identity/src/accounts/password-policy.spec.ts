import { passwordProblem } from './password-policy';

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

  it('refuses the e-mail address as password', () => {
    expect(passwordProblem('max.mustermann@example.org', { email: 'max.mustermann@example.org' })).toMatch(
      /e-mail address/,
    );
    expect(passwordProblem('maxmustermann', { email: 'maxmustermann@example.org' })).toMatch(
      /e-mail address/,
    );
  });
});
