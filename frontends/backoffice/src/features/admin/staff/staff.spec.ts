import { describe, expect, it } from 'vitest';
import { checkedRoles, nameProblem, roleFromQuery, roleWord } from './staff';

describe('the staff list filter', () => {
  it('reads the role from the URL by its German word or the API name, ignoring case', () => {
    expect(roleFromQuery('leitung')).toBe('supervisor');
    expect(roleFromQuery('Administration')).toBe('admin');
    expect(roleFromQuery(['sachbearbeitung'])).toBe('clerk');
    expect(roleFromQuery('clerk')).toBe('clerk');
  });

  it('writes the German word, which reads back as the role', () => {
    expect(roleWord('supervisor')).toBe('leitung');
    expect(roleFromQuery(roleWord('admin'))).toBe('admin');
  });

  it('anything else is no filter', () => {
    expect(roleFromQuery('chef')).toBeNull();
    expect(roleFromQuery(undefined)).toBeNull();
    expect(roleFromQuery(null)).toBeNull();
  });

  it('the checked roles in their order, unknown ones dropped', () => {
    expect(checkedRoles(['admin', 'clerk', 'boss'])).toEqual(['clerk', 'admin']);
  });
});

describe('the name check of the staff forms', () => {
  it('asks for a missing name', () => {
    expect(nameProblem('  ', 'givenName')).toBe('givenNameRequired');
    expect(nameProblem('', 'familyName')).toBe('familyNameRequired');
  });

  it('refuses what identity refuses: digits, @, links, overlong names', () => {
    expect(nameProblem('Neckar-2026', 'familyName')).toBe('familyNameInvalid');
    expect(nameProblem('jana@esslingen.de', 'givenName')).toBe('givenNameInvalid');
    expect(nameProblem('a'.repeat(101), 'familyName')).toBe('familyNameInvalid');
  });

  it('takes names with accents, hyphens, apostrophes and dots', () => {
    expect(nameProblem('Zoë-Anne', 'givenName')).toBeNull();
    expect(nameProblem("O'Neill-Schäfer", 'familyName')).toBeNull();
    expect(nameProblem('St. Clair', 'familyName')).toBeNull();
  });
});
