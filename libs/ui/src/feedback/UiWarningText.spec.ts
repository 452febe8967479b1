import { describe, expect, it } from 'vitest';
import { mountWithI18n } from '../testing';
import UiWarningText from './UiWarningText.vue';
import UiInsetText from './UiInsetText.vue';

describe('UiWarningText', () => {
  it('hides the icon from screen readers and says "Warnung" instead', () => {
    const warning = mountWithI18n(UiWarningText, { slots: { default: 'Bringen Sie Ihren Ausweis mit.' } });
    expect(warning.get('.ui-warning-text__icon').attributes('aria-hidden')).toBe('true');
    expect(warning.get('strong .ui-visually-hidden').text()).toBe('Warnung');
    expect(warning.get('strong').text()).toBe('Warnung Bringen Sie Ihren Ausweis mit.');
  });
});

describe('UiInsetText', () => {
  it('sets its content apart', () => {
    const inset = mountWithI18n(UiInsetText, { slots: { default: '<p>Die Gebühr beträgt 37 €.</p>' } });
    expect(inset.classes()).toContain('ui-inset-text');
    expect(inset.get('p').text()).toBe('Die Gebühr beträgt 37 €.');
  });
});
