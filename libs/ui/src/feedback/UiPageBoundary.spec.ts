import { h, nextTick } from 'vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountWithI18n } from '../testing';
import UiPageBoundary from './UiPageBoundary.vue';

let failures = 1;
/** Fails as often as `failures` says, then renders. */
const Broken = {
  setup() {
    if (failures > 0) {
      failures -= 1;
      throw new Error('render failed');
    }
    return () => h('h1', 'Wieder da');
  },
};
const Fine = { render: () => h('h1', 'Heute') };

describe('UiPageBoundary', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows a page that fails in words with a way forward, and tries again on the next navigation', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const wrapper = mountWithI18n(UiPageBoundary, {
      props: { resetKey: '/heute', homeHref: '/backoffice/' },
      slots: { default: () => h(Broken) },
    });
    await nextTick();
    expect(logged).toHaveBeenCalled();
    expect(wrapper.get('h1').text()).toBe('Diese Seite konnte nicht angezeigt werden');
    expect(wrapper.get('a').attributes('href')).toBe('/backoffice/');
    expect(document.title).toContain('Diese Seite konnte nicht angezeigt werden');
    await wrapper.setProps({ resetKey: '/anmelden' });
    expect(wrapper.get('h1').text()).toBe('Wieder da');
  });

  it('shows the page itself when nothing fails', () => {
    const wrapper = mountWithI18n(UiPageBoundary, {
      props: { resetKey: '/', homeHref: '/' },
      slots: { default: () => h(Fine) },
    });
    expect(wrapper.get('h1').text()).toBe('Heute');
  });
});
