import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import UiAnnouncer from '../feedback/UiAnnouncer.vue';
import { mountWithI18n } from '../testing';
import { ANNOUNCE_DELAY_MS, clearAnnouncements, useAnnouncer } from './useAnnouncer';

describe('useAnnouncer with UiAnnouncer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    clearAnnouncements();
    vi.useRealTimers();
  });

  const regions = () => {
    const announcer = mountWithI18n(UiAnnouncer);
    return {
      polite: () => announcer.get('[data-politeness="polite"]'),
      assertive: () => announcer.get('[data-politeness="assertive"]'),
    };
  };

  it('renders a polite status region and an assertive region', () => {
    const { polite, assertive } = regions();
    expect(polite().attributes()).toMatchObject({
      role: 'status',
      'aria-live': 'polite',
      'aria-atomic': 'true',
    });
    expect(assertive().attributes()).toMatchObject({ 'aria-live': 'assertive', 'aria-atomic': 'true' });
    expect(polite().classes()).toContain('ui-visually-hidden');
  });

  it('puts a polite message into the polite region only', async () => {
    const { polite, assertive } = regions();
    useAnnouncer().announce('3 Termine gefunden');
    vi.advanceTimersByTime(ANNOUNCE_DELAY_MS);
    await nextTick();
    expect(polite().text()).toBe('3 Termine gefunden');
    expect(assertive().text()).toBe('');
  });

  it('puts an assertive message into the assertive region only', async () => {
    const { polite, assertive } = regions();
    useAnnouncer().announce('Sitzung abgelaufen', { politeness: 'assertive' });
    vi.advanceTimersByTime(ANNOUNCE_DELAY_MS);
    await nextTick();
    expect(assertive().text()).toBe('Sitzung abgelaufen');
    expect(polite().text()).toBe('');
  });

  it('clears the region before repeating the same message, so it is read again', async () => {
    const { polite } = regions();
    const { announce } = useAnnouncer();
    announce('Gespeichert');
    vi.advanceTimersByTime(ANNOUNCE_DELAY_MS);
    await nextTick();
    announce('Gespeichert');
    await nextTick();
    expect(polite().text()).toBe('');
    vi.advanceTimersByTime(ANNOUNCE_DELAY_MS);
    await nextTick();
    expect(polite().text()).toBe('Gespeichert');
  });

  it('keeps only the latest of quick successive messages', async () => {
    const { polite } = regions();
    const { announce } = useAnnouncer();
    announce('Seite 1');
    announce('Seite 2');
    vi.advanceTimersByTime(ANNOUNCE_DELAY_MS);
    await nextTick();
    expect(polite().text()).toBe('Seite 2');
  });

  it('shares one store between callers', async () => {
    const { polite } = regions();
    useAnnouncer().announce('Von woanders');
    vi.advanceTimersByTime(ANNOUNCE_DELAY_MS);
    await nextTick();
    expect(polite().text()).toBe('Von woanders');
    useAnnouncer().clear();
    await nextTick();
    expect(polite().text()).toBe('');
  });
});
