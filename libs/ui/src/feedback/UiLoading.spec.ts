import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { mountWithI18n } from '../testing';
import UiLoading from './UiLoading.vue';

describe('UiLoading', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fills its status region shortly after it appears, so the change is announced', async () => {
    const loading = mountWithI18n(UiLoading);
    const status = loading.get('[role="status"]');
    expect(status.text()).toBe('');
    vi.advanceTimersByTime(100);
    await nextTick();
    expect(status.text()).toBe('Wird geladen…');
    expect(status.classes()).toContain('ui-visually-hidden');
    expect(loading.get('.ui-spinner').attributes('aria-hidden')).toBe('true');
  });

  it('shows a given text visibly on request', async () => {
    const loading = mountWithI18n(UiLoading, { props: { text: 'Termine werden gesucht', showText: true } });
    vi.advanceTimersByTime(100);
    await nextTick();
    const status = loading.get('[role="status"]');
    expect(status.text()).toBe('Termine werden gesucht');
    expect(status.classes()).not.toContain('ui-visually-hidden');
  });
});
