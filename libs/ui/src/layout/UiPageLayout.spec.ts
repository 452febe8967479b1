import { describe, expect, it } from 'vitest';
import { expectAccessibleWiring, mountWithI18n } from '../testing';
import UiHeader from './UiHeader.vue';
import UiPageLayout from './UiPageLayout.vue';

const footerLinks = [
  { href: '/impressum', label: 'Impressum' },
  { href: '/datenschutz', label: 'Datenschutz' },
  { href: '/barrierefreiheit', label: 'Barrierefreiheit' },
];

describe('UiPageLayout', () => {
  const render = () =>
    mountWithI18n(UiPageLayout, {
      props: { appName: 'Bürgeramt Musterstadt', footerLinks, logo: { src: '/logo.svg', alt: '' } },
      slots: {
        default: '<h1>Start</h1>',
        nav: '<ul><li><a href="/" aria-current="page">Start</a></li><li><a href="/termine">Termine</a></li></ul>',
        actions: '<button type="button">English</button>',
        'before-main': '<a class="back" href="/">Zurück</a>',
        'footer-meta': '<p>© Stadt Musterstadt</p>',
      },
      attachTo: document.body,
    });

  it('has exactly one banner, one main and one contentinfo landmark', () => {
    const page = render();
    expect(page.findAll('header')).toHaveLength(1);
    expect(page.findAll('main')).toHaveLength(1);
    expect(page.findAll('footer')).toHaveLength(1);
    // header and footer are not inside main, article, aside, nav or section, so they are landmarks
    for (const selector of ['header', 'footer']) {
      expect(
        page.get(selector).element.parentElement?.closest('main, article, aside, nav, section'),
      ).toBeNull();
    }
    expect(page.get('main').attributes()).toMatchObject({ id: 'main', tabindex: '-1' });
    expect(page.get('main h1').text()).toBe('Start');
    page.unmount();
  });

  it('starts with the skip link to main', () => {
    const page = render();
    const first = (page.element as HTMLElement).querySelector('a, button, input, select, textarea');
    expect(first?.getAttribute('href')).toBe('#main');
    page.unmount();
  });

  it('labels every navigation differently', () => {
    const page = render();
    const labels = page.findAll('nav').map((nav) => nav.attributes('aria-label'));
    expect(labels).toEqual(['Hauptnavigation', 'Rechtliches und Kontakt']);
    expectAccessibleWiring(page.element as HTMLElement);
    page.unmount();
  });

  it('places the slots: back link first in main (inside a landmark), footer links and meta in the footer', () => {
    const page = render();
    const main = page.get('main').element as HTMLElement;
    expect(main.querySelector('a')?.classList.contains('back')).toBe(true);
    expect(main.querySelector('a')?.compareDocumentPosition(main.querySelector('h1') as Node)).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );
    expect(
      page
        .get('footer')
        .findAll('a')
        .map((a) => a.text()),
    ).toEqual(['Impressum', 'Datenschutz', 'Barrierefreiheit']);
    expect(page.get('footer').text()).toContain('© Stadt Musterstadt');
    expect(page.find('[aria-live="polite"]').exists()).toBe(true);
    expect(page.find('[aria-live="assertive"]').exists()).toBe(true);
    page.unmount();
  });
});

describe('UiHeader', () => {
  const render = () =>
    mountWithI18n(UiHeader, {
      props: { appName: 'Bürgeramt', serviceName: 'Termine', homeHref: '/start' },
      slots: { nav: '<ul><li><a href="/termine">Termine</a></li></ul>' },
    });

  it('links home with the app name and shows the service name', () => {
    const header = render();
    expect(header.get('.ui-header__home').attributes('href')).toBe('/start');
    expect(header.get('.ui-header__home').text()).toBe('Bürgeramt');
    expect(header.get('.ui-header__service-name').text()).toBe('Termine');
  });

  it('collapses the navigation behind a menu button that reports its state', async () => {
    const header = render();
    const button = header.get('.ui-header__menu-button');
    const nav = header.get('nav');
    expect(button.attributes()).toMatchObject({ type: 'button', 'aria-expanded': 'false' });
    expect(button.attributes('aria-controls')).toBe(nav.attributes('id'));
    expect(nav.classes()).not.toContain('ui-header__nav--open');
    await button.trigger('click');
    expect(button.attributes('aria-expanded')).toBe('true');
    expect(nav.classes()).toContain('ui-header__nav--open');
  });

  it('closes the menu when a link in it is followed', async () => {
    const header = render();
    await header.get('.ui-header__menu-button').trigger('click');
    const link = header.get('nav a');
    link.element.addEventListener('click', (event) => event.preventDefault()); // the router's job
    await link.trigger('click');
    expect(header.get('.ui-header__menu-button').attributes('aria-expanded')).toBe('false');
  });

  it('has no menu button without navigation', () => {
    const header = mountWithI18n(UiHeader, { props: { appName: 'Bürgeramt' } });
    expect(header.find('.ui-header__menu-button').exists()).toBe(false);
    expect(header.find('nav').exists()).toBe(false);
  });

  it('shows the logo with its alternative text', () => {
    const header = mountWithI18n(UiHeader, {
      props: { appName: 'Bürgeramt', logo: { src: '/w.svg', alt: 'Wappen' } },
    });
    expect(header.get('img').attributes()).toMatchObject({ src: '/w.svg', alt: 'Wappen' });
  });
});
