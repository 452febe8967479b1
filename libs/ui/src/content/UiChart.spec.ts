import { describe, expect, it, vi } from 'vitest';
import { mountWithI18n } from '../testing';
import { chartCsv, chartTable, csvFileName, niceTop, seriesLayout, type UiChartData } from './chartData';
import UiChart from './UiChart.vue';

const data: UiChartData = {
  categoryLabel: 'Monat',
  categories: ['Okt. 2026', 'Nov. 2026', 'Dez. 2026'],
  series: [
    { key: 'online', label: 'Online', values: [12, 30.5, null] },
    { key: 'counter', label: 'Am Schalter', values: [40, 25, 8] },
  ],
};

const mountChart = (props: Record<string, unknown> = {}) =>
  mountWithI18n(UiChart, { props: { title: 'Fälle je Monat', data, ...props } });

const tableOf = (chart: ReturnType<typeof mountChart>): string[][] =>
  chart.findAll('tr').map((row) => row.findAll('th, td').map((cell) => cell.text().trim()));

describe('chartData', () => {
  it('makes the table of the figures: a row per category, a column per series, "–" for none', () => {
    expect(chartTable(data)).toEqual({
      head: ['Monat', 'Online', 'Am Schalter'],
      rows: [
        { header: 'Okt. 2026', cells: ['12', '40'] },
        { header: 'Nov. 2026', cells: ['30,5', '25'] },
        { header: 'Dez. 2026', cells: ['–', '8'] },
      ],
    });
    const percent = chartTable({ ...data, format: (v) => `${Math.round(v)} %` });
    expect(percent.rows[1]?.cells).toEqual(['31 %', '25 %']);
  });

  it('writes exactly the table as CSV for German Excel: BOM, ";", CRLF, quoted where needed', () => {
    const table = chartTable(data);
    const csv = chartCsv(table);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = csv
      .slice(1)
      .split('\r\n')
      .filter(Boolean)
      .map((line) => line.split(';'));
    expect(rows).toEqual([table.head, ...table.rows.map((r) => [r.header, ...r.cells])]);
    expect(chartCsv({ head: ['a;b', 'say "hi"'], rows: [{ header: '=SUM(A1)', cells: ['-3'] }] })).toBe(
      '\uFEFF"a;b";"say ""hi"""\r\n\'=SUM(A1);-3\r\n',
    );
  });

  it('names the file after the title', () => {
    expect(csvFileName('Fälle je Monat (Übersicht)')).toBe('faelle-je-monat-uebersicht.csv');
    expect(csvFileName('  ')).toBe('daten.csv');
  });

  it('puts the axis top on a round number and the figures below it', () => {
    expect([niceTop(0), niceTop(7), niceTop(30.5), niceTop(41), niceTop(0.3)]).toEqual([1, 10, 50, 50, 0.5]);
    const layout = seriesLayout(data, 300, 100);
    expect(layout.top).toBe(50);
    expect(layout.points[0]?.[0]).toEqual({ x: 50, y: 100 - (12 / 50) * 100, value: 12 });
    expect(layout.points[0]?.[2]).toBeNull();
    expect(layout.ticks.map((t) => t.value)).toEqual([0, 12.5, 25, 37.5, 50]);
  });
});

describe('UiChart', () => {
  it('is one image with title and description, and draws every figure of the data', () => {
    const chart = mountChart({ description: 'Online steigt.' });
    const svg = chart.get('svg');
    expect(svg.attributes('role')).toBe('img');
    expect(chart.get('title').text()).toBe('Fälle je Monat');
    expect(chart.get('desc').text()).toContain('Online steigt.');
    expect(chart.get('desc').text()).toContain('Tabelle');
    expect(svg.attributes('aria-labelledby')).toBe(chart.get('title').attributes('id'));
    expect(svg.attributes('aria-describedby')).toBe(chart.get('desc').attributes('id'));
    expect(chart.html()).not.toContain('style=');
    // one column per figure, none for the missing one, in the series' order
    const drawn = chart.findAll('.ui-chart__column').map((c) => Number(c.attributes('data-value')));
    expect(drawn).toEqual([12, 30.5, 40, 25, 8]);
    expect(chart.findAll('.ui-chart__legend li').map((li) => li.text())).toEqual(['Online', 'Am Schalter']);
  });

  it('shows as table exactly the figures it draws (caption, th scope), and back', async () => {
    const chart = mountChart({ kind: 'line' });
    const drawn = chart.findAll('.ui-chart__marker').map((m) => Number(m.attributes('data-value')));
    const table = chart.get('.ui-chart__table');
    expect(table.attributes('hidden')).toBeDefined();
    const toggle = chart.findAll('button')[0]!;
    expect(toggle.text()).toContain('Als Tabelle zeigen');
    expect(toggle.attributes('aria-controls')).toBe(table.attributes('id'));
    await toggle.trigger('click');
    expect(chart.find('svg').exists()).toBe(false);
    expect(chart.get('.ui-chart__table').attributes('hidden')).toBeUndefined();
    expect(chart.get('caption').text()).toBe('Fälle je Monat');
    expect(chart.findAll('thead th').every((th) => th.attributes('scope') === 'col')).toBe(true);
    expect(chart.findAll('tbody th').every((th) => th.attributes('scope') === 'row')).toBe(true);
    const rows = tableOf(chart);
    expect(rows).toEqual([
      ['Monat', 'Online', 'Am Schalter'],
      ['Okt. 2026', '12', '40'],
      ['Nov. 2026', '30,5', '25'],
      ['Dez. 2026', '–', '8'],
    ]);
    // the table's numbers are the drawn ones (series by series, "–" where nothing is drawn)
    const fromTable = [1, 2]
      .flatMap((col) => rows.slice(1).map((row) => row[col]!))
      .filter((cell) => cell !== '–')
      .map((cell) => Number(cell.replace(',', '.')));
    expect(fromTable).toEqual(drawn);
    expect(toggle.text()).toContain('Als Diagramm zeigen');
    await toggle.trigger('click');
    expect(chart.find('svg').exists()).toBe(true);
  });

  it('as a table only: no drawing, no toggle, the table from the start in a focusable region', () => {
    const chart = mountChart({ kind: 'table' });
    expect(chart.find('svg').exists()).toBe(false);
    expect(chart.find('.ui-chart__legend').exists()).toBe(false);
    const region = chart.get('.ui-chart__table');
    expect(region.attributes('hidden')).toBeUndefined();
    expect(region.attributes('role')).toBe('region');
    expect(region.attributes('tabindex')).toBe('0');
    expect(region.attributes('aria-label')).toBe('Fälle je Monat');
    expect(tableOf(chart)).toEqual([
      chartTable(data).head,
      ...chartTable(data).rows.map((r) => [r.header, ...r.cells]),
    ]);
    const buttons = chart.findAll('button');
    expect(buttons.map((b) => b.text())).toEqual(['CSV herunterladen: Fälle je Monat']);
    // a chart's table is no region of its own (it toggles)
    expect(mountChart().get('.ui-chart__table').attributes('role')).toBeUndefined();
  });

  it('downloads the table as CSV, made in the browser', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:chart';
    });
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: { href: string; download: string }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.href, download: this.download });
    });
    const chart = mountChart();
    await chart.get('.ui-chart__download').trigger('click');
    expect(clicked).toEqual([{ href: 'blob:chart', download: 'faelle-je-monat.csv' }]);
    expect(created[0]?.type).toBe('text/csv;charset=utf-8');
    const bytes = new Uint8Array(await created[0]!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM, which text() drops
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text).toBe(chartCsv(chartTable(data)));
    expect(text).toContain('Nov. 2026;30,5;25');
    click.mockRestore();
  });
});
