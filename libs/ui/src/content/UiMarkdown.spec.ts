import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import UiMarkdown from './UiMarkdown.vue';

const render = (source: string, headingOffset?: number) =>
  mount(UiMarkdown, { props: { source, ...(headingOffset === undefined ? {} : { headingOffset }) } });

describe('UiMarkdown', () => {
  it('renders headings one level down by default, so the page keeps the only h1', () => {
    const page = render('# Datenschutz\n\n## Ihre Rechte\n\n### Auskunft');
    expect(page.findAll('h1')).toHaveLength(0);
    expect(page.get('h2').text()).toBe('Datenschutz');
    expect(page.get('h3').text()).toBe('Ihre Rechte');
    expect(page.get('h4').text()).toBe('Auskunft');
    expect(render('# A', 0).get('h1').text()).toBe('A');
    expect(render('### A', 5).get('h6').text()).toBe('A');
  });

  it('renders paragraphs, line breaks, lists, bold, emphasis and links', () => {
    const page = render(
      'Stadt Musterstadt\nRathausplatz 1\n\n- **Montag** 8–12 Uhr\n- *Dienstag* geschlossen\n\n1. Antrag\n2. Termin\n\nSchreiben Sie an [uns](mailto:info@musterstadt.de).',
    );
    expect(page.html()).toContain('Stadt Musterstadt<br>Rathausplatz 1');
    expect(page.get('ul').findAll('li')).toHaveLength(2);
    expect(page.get('ul strong').text()).toBe('Montag');
    expect(page.get('ul em').text()).toBe('Dienstag');
    expect(
      page
        .get('ol')
        .findAll('li')
        .map((item) => item.text()),
    ).toEqual(['Antrag', 'Termin']);
    expect(page.get('a').attributes('href')).toBe('mailto:info@musterstadt.de');
    expect(page.get('a').text()).toBe('uns');
  });

  it('shows raw HTML as text and creates no elements from it', () => {
    const page = render(
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n<a href="javascript:x">a</a>',
    );
    expect(page.find('script').exists()).toBe(false);
    expect(page.find('img').exists()).toBe(false);
    expect(page.find('a').exists()).toBe(false);
    expect(page.text()).toContain('<script>alert(1)</script>');
    expect(page.text()).toContain('<img src=x onerror="alert(2)">');
  });

  it('drops javascript: and other unsafe links but keeps their text', () => {
    const page = render(
      '[eins](javascript:alert(1)) [zwei](data:text/html,x) [drei](//evil.example) [vier](JAVASCRIPT:alert(1))',
    );
    expect(page.find('a').exists()).toBe(false);
    expect(page.text()).toBe('eins zwei drei vier');
  });

  it('never sets attributes other than href from the source', () => {
    const page = render('[x](https://a.de" onmouseover="alert(1))');
    for (const element of page.findAll('*')) {
      expect(element.attributes('onmouseover')).toBeUndefined();
    }
  });

  it('escapes HTML in link texts and headings', () => {
    const page = render('# <b>x</b>\n\n[<i>y</i>](/y)');
    expect(page.find('b').exists()).toBe(false);
    expect(page.find('i').exists()).toBe(false);
    expect(page.get('h2').text()).toBe('<b>x</b>');
    expect(page.get('a').text()).toBe('<i>y</i>');
  });

  it('re-renders when the source changes', async () => {
    const page = render('Alt');
    await page.setProps({ source: 'Neu' });
    expect(page.text()).toBe('Neu');
  });
});
