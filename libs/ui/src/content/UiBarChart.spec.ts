import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { wrapLabel } from './barChart';
import UiBarChart from './UiBarChart.vue';

const items = [
  { label: 'Personalausweis', value: 10, valueText: '10 Tage' },
  { label: 'Meldebescheinigung', value: 2.5, valueText: '2,5 Tage' },
  { label: 'Neu', value: 0 },
];

const texts = (chart: ReturnType<typeof mount>, selector: string): string[] =>
  chart.findAll(selector).map((node) => node.text().replace(/\s+/g, ' '));

describe('UiBarChart', () => {
  it('is one image named by its title and described by its description', () => {
    const chart = mount(UiBarChart, {
      props: { title: 'Bearbeitungszeit', description: 'Die Zahlen stehen in der Tabelle darunter.', items },
    });
    const svg = chart.get('svg');
    expect(svg.attributes('role')).toBe('img');
    const title = chart.get('title');
    const description = chart.get('desc');
    expect(title.text()).toBe('Bearbeitungszeit');
    expect(description.text()).toBe('Die Zahlen stehen in der Tabelle darunter.');
    expect(svg.attributes('aria-labelledby')).toBe(title.attributes('id'));
    expect(svg.attributes('aria-describedby')).toBe(description.attributes('id'));
    // nothing inside is reachable by keyboard, and nothing carries an inline style (CSP)
    expect(svg.attributes('focusable')).toBe('false');
    expect(chart.html()).not.toContain('style=');
  });

  it('draws a bar per item with its label and value, as long as its share of the largest', () => {
    const chart = mount(UiBarChart, { props: { title: 'T', items } });
    expect(texts(chart, '.ui-bar-chart__label')).toEqual(['Personalausweis', 'Meldebescheinigung', 'Neu']);
    expect(texts(chart, '.ui-bar-chart__value')).toEqual(['10 Tage', '2,5 Tage', '0']);
    const bars = chart.findAll('.ui-bar-chart__bar');
    expect(bars.map((bar) => bar.attributes('width'))).toEqual(['100%', '25%', '0']);
    // a long bar carries its value inside, a short one after it
    const values = chart.findAll('.ui-bar-chart__value');
    expect(values.map((value) => value.attributes('text-anchor'))).toEqual(['end', 'start', 'start']);
    expect(values[0]?.classes()).toContain('ui-bar-chart__value--inside');
    // rows one under the other, the chart as tall as its rows
    const tops = bars.map((bar) => parseFloat(bar.attributes('y') ?? ''));
    expect(tops[1]).toBeGreaterThan(tops[0] ?? Infinity);
    expect(parseFloat(chart.get('svg').attributes('height') ?? '')).toBeGreaterThan(tops[2] ?? Infinity);
    expect(chart.find('desc').exists()).toBe(false);
    expect(chart.get('svg').attributes('aria-describedby')).toBeUndefined();
  });

  it('scales to `max` when given, keeps tiny values visible and never draws past the edge', () => {
    const chart = mount(UiBarChart, {
      props: {
        title: 'T',
        max: 60,
        items: [
          { label: 'a', value: 30 },
          { label: 'b', value: 0.01 },
          { label: 'c', value: 90 },
        ],
      },
    });
    expect(chart.findAll('.ui-bar-chart__bar').map((bar) => bar.attributes('width'))).toEqual([
      '50%',
      '0.5%',
      '100%',
    ]);
  });

  it('draws nothing without items', () => {
    const chart = mount(UiBarChart, { props: { title: 'T', items: [] } });
    expect(chart.find('svg').exists()).toBe(false);
  });
});

describe('wrapLabel', () => {
  it('breaks a label at spaces into lines that fit, and keeps a short one whole', () => {
    expect(wrapLabel('Bewohnerparkausweis für die Innenstadt beantragen', 24)).toEqual([
      'Bewohnerparkausweis für',
      'die Innenstadt',
      'beantragen',
    ]);
    expect(wrapLabel('  Personalausweis  ', 24)).toEqual(['Personalausweis']);
    expect(wrapLabel('Personalausweis beantragen', Number.POSITIVE_INFINITY)).toEqual([
      'Personalausweis beantragen',
    ]);
  });

  it('cuts a word longer than a line', () => {
    expect(wrapLabel('Grundstücksverkehrsgenehmigung nötig', 12)).toEqual([
      'Grundstücksv',
      'erkehrsgeneh',
      'migung nötig',
    ]);
  });
});
