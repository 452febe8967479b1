import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { UiSummaryListRow } from '../types';
import UiSummaryList from './UiSummaryList.vue';

describe('UiSummaryList', () => {
  it('renders a description list with key, value and a change link that names what it changes', () => {
    const rows: UiSummaryListRow[] = [
      {
        key: 'Name',
        value: 'Erika Mustermann',
        action: { href: '/antrag/name', label: 'Ändern', visuallyHiddenText: 'Name' },
      },
      { key: 'Anschrift', value: ['Rathausplatz 1', '12345 Musterstadt'] },
    ];
    const list = mount(UiSummaryList, { props: { rows } });
    expect(list.element.tagName).toBe('DL');
    expect(list.findAll('dt').map((dt) => dt.text())).toEqual(['Name', 'Anschrift']);
    const link = list.get('a');
    expect(link.attributes('href')).toBe('/antrag/name');
    expect(link.text()).toBe('Ändern Name');
    expect(link.get('.ui-visually-hidden').text()).toBe('Name');
    expect(
      list
        .findAll('.ui-summary-list__row')[1]
        ?.findAll('p')
        .map((p) => p.text()),
    ).toEqual(['Rathausplatz 1', '12345 Musterstadt']);
    expect(list.findAll('.ui-summary-list__row')[1]?.classes()).toContain('ui-summary-list__row--no-actions');
  });

  it('renders an action without href as a button calling onClick', async () => {
    const onClick = vi.fn();
    const list = mount(UiSummaryList, {
      props: {
        rows: [
          { key: 'Termin', value: 'Mo', action: { label: 'Absagen', visuallyHiddenText: 'Termin', onClick } },
        ],
      },
    });
    const button = list.get('button');
    expect(button.attributes('type')).toBe('button');
    await button.trigger('click');
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('takes a value from the scoped slot', () => {
    const list = mount(UiSummaryList, {
      props: { rows: [{ key: 'Status', value: 'x' }] },
      slots: { value: '<template #value="{ row, index }"><em>{{ row.key }} {{ index }}</em></template>' },
    });
    expect(list.get('dd em').text()).toBe('Status 0');
  });
});
