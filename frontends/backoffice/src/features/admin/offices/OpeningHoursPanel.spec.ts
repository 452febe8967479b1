import { mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../../../i18n';
import type { AdminLocation } from '../api';
import OpeningHoursPanel from './OpeningHoursPanel.vue';

/**
 * The opening hours' section has one visible title: its h2. A supervisor's read-only table names itself
 * for screen readers (a caption in other words), not by a second "Öffnungszeiten" that looks like a
 * heading of its own under the first.
 */
const OFFICE = {
  id: '0f4c8f1e-5a4e-4a55-9c1e-5d6f7a8b9c0d',
  name: 'Bürgeramt Innenstadt',
  openingHours: [
    { weekday: 1, opens: '08:00', closes: '12:00' },
    { weekday: 1, opens: '13:00', closes: '15:00' },
  ],
} as unknown as AdminLocation;

let wrapper: VueWrapper | undefined;

function render(mayChange: boolean): VueWrapper {
  wrapper = mount(OpeningHoursPanel, {
    props: { office: OFFICE, mayChange },
    global: { plugins: [i18n] },
  });
  return wrapper;
}

/** Elements whose own visible text is exactly `text` (visually hidden ones left out). */
const shownExactly = (w: VueWrapper, text: string) =>
  w
    .findAll('h1, h2, h3, h4, caption, legend, p, th')
    .filter((element) => element.text() === text && !element.classes('ui-visually-hidden'));

describe('the opening hours: one title', () => {
  beforeEach(() => setLocale('de'));
  afterEach(() => {
    wrapper?.unmount();
    wrapper = undefined;
  });

  it('read-only: the h2 alone shows "Öffnungszeiten"; the table has a caption for screen readers', () => {
    const w = render(false);
    expect(w.findAll('h2, h3').map((heading) => heading.text())).toEqual(['Öffnungszeiten']);
    expect(shownExactly(w, 'Öffnungszeiten')).toHaveLength(1);
    const caption = w.get('table caption');
    expect(caption.classes()).toContain('ui-visually-hidden');
    expect(caption.text()).toBe('Öffnungszeiten je Wochentag');
    expect(w.get('tbody tr').text()).toContain('08:00–12:00 Uhr, 13:00–15:00 Uhr');
  });

  it('to change: the h2 alone, the weekdays as legends of their fields', () => {
    const w = render(true);
    expect(w.findAll('h2, h3').map((heading) => heading.text())).toEqual(['Öffnungszeiten']);
    expect(shownExactly(w, 'Öffnungszeiten')).toHaveLength(1);
    expect(w.findAll('legend').map((legend) => legend.text())).toContain('Montag');
  });
});
