import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import UiDetails from './UiDetails.vue';
import UiPanel from './UiPanel.vue';

describe('UiDetails', () => {
  it('is a native details element with its summary', () => {
    const details = mount(UiDetails, {
      props: { summary: 'Hilfe zur Ausweisnummer' },
      slots: { default: 'Oben rechts.' },
    });
    expect(details.element.tagName).toBe('DETAILS');
    expect(details.get('summary').text()).toBe('Hilfe zur Ausweisnummer');
    expect(details.attributes('open')).toBeUndefined();
  });

  it('reports the native toggle through v-model:open', async () => {
    const details = mount(UiDetails, { props: { summary: 'Hilfe' } });
    (details.element as HTMLDetailsElement).open = true;
    await details.trigger('toggle');
    expect(details.emitted('update:open')).toEqual([[true]]);
  });
});

describe('UiPanel', () => {
  it('shows the confirmation title as the page heading with the reference in the body', () => {
    const panel = mount(UiPanel, {
      props: { title: 'Termin gebucht' },
      slots: { default: 'Ihre Nummer<br><strong>HDJ2123F</strong>' },
    });
    expect(panel.get('h1').text()).toBe('Termin gebucht');
    expect(panel.get('.ui-panel__body strong').text()).toBe('HDJ2123F');
  });

  it('can use an h2', () => {
    expect(
      mount(UiPanel, { props: { title: 'X', headingLevel: 2 } })
        .find('h2')
        .exists(),
    ).toBe(true);
  });
});
