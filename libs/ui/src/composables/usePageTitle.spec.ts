import { mount } from '@vue/test-utils';
import { type App, defineComponent, nextTick, ref } from 'vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { uiTestPlugins, type UiLocale } from '../i18n';
import { ANNOUNCE_DELAY_MS, announcerRegions, clearAnnouncements } from './useAnnouncer';
import { provideAppName, usePageTitle } from './usePageTitle';

function page(
  title: () => string | null,
  hasError: () => boolean,
  appName?: () => string,
  locale: UiLocale = 'de',
) {
  return mount(
    defineComponent({
      setup() {
        usePageTitle(title, hasError);
        return () => null;
      },
    }),
    {
      global: {
        plugins: [
          ...uiTestPlugins(locale),
          {
            install(app: App) {
              if (appName) provideAppName(app, appName);
            },
          },
        ],
      },
    },
  );
}

describe('usePageTitle', () => {
  afterEach(() => {
    clearAnnouncements();
    vi.useRealTimers();
  });

  it('names the page and the app, with "Fehler: " while the page shows errors, and follows changes', async () => {
    const error = ref(false);
    const app = ref('Bürgeramt – Verwaltung');
    page(
      () => 'Anmelden',
      () => error.value,
      () => app.value,
    );
    expect(document.title).toBe('Anmelden – Bürgeramt – Verwaltung');
    error.value = true;
    await nextTick();
    expect(document.title).toBe('Fehler: Anmelden – Bürgeramt – Verwaltung');
    app.value = 'Back office';
    await nextTick();
    expect(document.title).toBe('Fehler: Anmelden – Back office');
  });

  it('says "Error: " in English, and the page alone where the app gave no name', () => {
    page(
      () => 'Log in',
      () => true,
      undefined,
      'en',
    );
    expect(document.title).toBe('Error: Log in');
  });

  it('announces the page once it is known, politely, and only once', async () => {
    vi.useFakeTimers();
    const title = ref<string | null>(null);
    page(
      () => title.value,
      () => false,
    );
    title.value = 'Heute';
    await nextTick();
    vi.advanceTimersByTime(ANNOUNCE_DELAY_MS);
    expect(announcerRegions.polite).toBe('Heute');
    clearAnnouncements();
    title.value = 'Heute (geändert)';
    await nextTick();
    vi.advanceTimersByTime(ANNOUNCE_DELAY_MS);
    expect(announcerRegions.polite).toBe('');
  });
});
