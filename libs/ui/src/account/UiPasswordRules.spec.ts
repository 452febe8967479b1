import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { uiTestPlugins, type UiLocale } from '../i18n';
import { passwordRuleStates } from './passwordRules';
import UiPasswordRules from './UiPasswordRules.vue';

const rules = (password: string, email?: string, locale: UiLocale = 'de') =>
  mount(UiPasswordRules, { props: { password, email }, global: { plugins: uiTestPlugins(locale) } });

describe('the password rules hint', () => {
  it('shows the rules before anything is typed: length, not the address, not a common password, a passphrase', () => {
    const hint = rules('', '');
    const items = hint.findAll('li').map((li) => li.text());
    expect(items).toEqual([
      '– hat mindestens 10 Zeichen',
      '– ist nicht Ihre E-Mail-Adresse',
      '– ist kein häufig verwendetes Passwort wie „Passwort123“',
    ]);
    expect(hint.text()).toContain('Drei oder vier zufällige Wörter');
    // nothing is marked yet
    expect(hint.findAll('[data-state="unknown"]')).toHaveLength(3);
  });

  it('marks what the typed password meets, in text too (not only the sign)', () => {
    const hint = rules('Kerze Fahrrad Nebel', 'erika@example.org');
    const length = hint.get('[data-rule="length"]');
    expect(length.attributes('data-state')).toBe('met');
    expect(length.text()).toContain('✓');
    expect(length.get('.ui-visually-hidden').text()).toBe('(erfüllt)');
    expect(hint.get('[data-rule="email"]').attributes('data-state')).toBe('met');
    // only identity knows its list of common passwords
    expect(hint.get('[data-rule="common"]').attributes('data-state')).toBe('unknown');

    const short = rules('kurz', 'erika@example.org');
    expect(short.get('[data-rule="length"]').get('.ui-visually-hidden').text()).toBe('(noch nicht erfüllt)');
  });

  it('leaves out the address rule where the address is not known (password reset), and speaks English', () => {
    const hint = rules('x', undefined, 'en');
    expect(hint.find('[data-rule="email"]').exists()).toBe(false);
    expect(hint.text()).toContain('has at least 10 characters');
    expect(hint.text()).toContain('three or four random words');
  });

  it('counts what is missing as identity does (code points)', () => {
    expect(passwordRuleStates('😀😀😀')).toMatchObject({ length: 'unmet', missing: 7 });
    expect(passwordRuleStates('erika.muster', 'erika.muster@example.org')).toMatchObject({
      length: 'met',
      notEmail: 'unmet',
    });
    expect(passwordRuleStates('')).toEqual({ length: 'unknown', notEmail: 'unknown', missing: 10 });
  });
});
