import { afterEach, describe, expect, it } from 'vitest';
import { mountWithI18n } from '../testing';
import UiBackLink from './UiBackLink.vue';
import UiSkipLink from './UiSkipLink.vue';

describe('UiSkipLink', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('links to #main and moves focus there', async () => {
    const main = document.createElement('main');
    main.id = 'main';
    document.body.append(main);
    const link = mountWithI18n(UiSkipLink, { attachTo: document.body });
    expect(link.attributes('href')).toBe('#main');
    expect(link.text()).toBe('Zum Inhalt springen');
    await link.trigger('click');
    expect(document.activeElement).toBe(main);
    expect(main.getAttribute('tabindex')).toBe('-1');
    link.unmount();
  });

  it('takes another target', () => {
    const link = mountWithI18n(UiSkipLink, { props: { target: 'content' } });
    expect(link.attributes('href')).toBe('#content');
  });
});

describe('UiBackLink', () => {
  it('is a link "Zurück" that passes its click on', async () => {
    const back = mountWithI18n(UiBackLink, {
      props: { href: '/schritt-1', onClick: (event: MouseEvent) => event.preventDefault() },
    });
    expect(back.attributes('href')).toBe('/schritt-1');
    expect(back.text()).toBe('Zurück');
    await back.trigger('click');
    expect(back.emitted('click')).toHaveLength(1);
  });
});
