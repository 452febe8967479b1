import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { describedBy, expectAccessibleWiring, mountWithI18n } from '../testing';
import UiTextarea from './UiTextarea.vue';

describe('UiTextarea', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('emits the typed text', async () => {
    const area = mountWithI18n(UiTextarea, { props: { label: 'Anliegen', modelValue: '' } });
    await area.get('textarea').setValue('Bitte um Rückruf');
    expect(area.emitted('update:modelValue')).toEqual([['Bitte um Rückruf']]);
  });

  it('has no character count without maxlength', () => {
    const area = mountWithI18n(UiTextarea, { props: { label: 'Anliegen', id: 'a' } });
    expect(area.find('[data-testid="character-count"]').exists()).toBe(false);
    expect(area.get('textarea').attributes('aria-describedby')).toBeUndefined();
  });

  it('counts the remaining characters and describes the limit', () => {
    const area = mountWithI18n(UiTextarea, {
      props: { label: 'Anliegen', id: 'a', hint: 'Kurz', maxlength: 10, modelValue: 'Hallo' },
    });
    expect(area.get('[data-testid="character-count"]').text()).toBe('Noch 5 Zeichen');
    expect(area.get('[data-testid="character-count"]').attributes('aria-hidden')).toBe('true');
    expect(describedBy(area.get('textarea').element)).toEqual(['a-hint', 'a-info']);
    expect(area.get('#a-info').text()).toBe('Sie können bis zu 10 Zeichen eingeben.');
    // the browser does not cut off pasted text: the limit is only shown
    expect(area.get('textarea').attributes('maxlength')).toBeUndefined();
    expectAccessibleWiring(area.element);
  });

  it('shows too many characters as an error state', () => {
    const area = mountWithI18n(UiTextarea, {
      props: { label: 'Anliegen', maxlength: 3, modelValue: 'Hallo' },
    });
    const count = area.get('[data-testid="character-count"]');
    expect(count.text()).toBe('2 Zeichen zu viel');
    expect(count.classes()).toContain('ui-character-count--over');
    expect(area.get('textarea').classes()).toContain('ui-input--error');
  });

  it('counts characters, not UTF-16 units', () => {
    const area = mountWithI18n(UiTextarea, { props: { label: 'A', maxlength: 5, modelValue: '😀😀' } });
    expect(area.get('[data-testid="character-count"]').text()).toBe('Noch 3 Zeichen');
  });

  it('announces the count politely once typing pauses', async () => {
    const area = mountWithI18n(UiTextarea, { props: { label: 'A', maxlength: 10, modelValue: '' } });
    const status = () => area.get('[data-testid="character-count-status"]');
    expect(status().attributes('aria-live')).toBe('polite');
    await area.setProps({ modelValue: 'a' });
    await area.setProps({ modelValue: 'ab' });
    vi.advanceTimersByTime(500);
    await nextTick();
    expect(status().text()).toBe('');
    vi.advanceTimersByTime(1000);
    await nextTick();
    expect(status().text()).toBe('Noch 8 Zeichen');
  });

  it('keeps error and count in the description together', () => {
    const area = mountWithI18n(UiTextarea, {
      props: { label: 'A', id: 'a', maxlength: 5, error: 'Zu lang' },
    });
    expect(describedBy(area.get('textarea').element)).toEqual(['a-info', 'a-error']);
  });
});
