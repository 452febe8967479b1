import { chartCsv, chartTable } from '@buergeramt/ui';
import { describe, expect, it } from 'vitest';
import {
  comparisonTable,
  figure,
  formatNumber,
  namedChart,
  percentPoints,
  periodChart,
  periodLabel,
  verdict,
} from './checkView';

const periods = [
  { start: '2026-11-01', onlineCases: 2, counterCases: 3, onlineShare: 0.4 },
  { start: '2026-12-01', onlineCases: 0, counterCases: 0, onlineShare: null },
];

describe('the check’s presentation', () => {
  it('labels weeks (ISO, the Thursday’s year) and months in both languages', () => {
    expect(periodLabel('2026-11-30', 'week', 'de')).toBe('KW 49/2026');
    expect(periodLabel('2026-12-28', 'week', 'en')).toBe('wk 53/2026');
    expect(periodLabel('2027-01-04', 'week', 'de')).toBe('KW 1/2027');
    expect(periodLabel('2026-11-01', 'month', 'de')).toBe('Nov. 2026');
    expect(periodLabel('2026-11-01', 'month', 'en')).toBe('Nov 2026');
  });

  it('makes a chart of the API’s series whose table and CSV carry the same numbers', () => {
    const data = periodChart(periods, 'month', 'de', 'Monat', [
      { key: 'online', label: 'Online', value: (p) => p.onlineCases },
      { key: 'share', label: 'Anteil (%)', value: (p) => percentPoints(p.onlineShare) },
    ]);
    expect(data.series.map((s) => s.values)).toEqual([
      [2, 0],
      [40, null],
    ]);
    const table = chartTable(data);
    expect(table.rows).toEqual([
      { header: 'Nov. 2026', cells: ['2', '40'] },
      { header: 'Dez. 2026', cells: ['0', '–'] },
    ]);
    expect(chartCsv(table)).toBe('\uFEFFMonat;Online;Anteil (%)\r\nNov. 2026;2;40\r\nDez. 2026;0;–\r\n');
    const byName = namedChart([{ n: 'Sperrmüll', v: 4.5 }], (r) => r.n, 'Leistung', [
      { key: 'v', label: 'Bewertung', value: (r) => r.v },
    ]);
    expect(chartTable(byName).rows).toEqual([{ header: 'Sperrmüll', cells: ['4,5'] }]);
  });

  it('makes a table of figures in their units, each beside the previous period’s, and its CSV', () => {
    const offices = [
      { name: 'Bürgeramt Mitte', now: { u: 0.5, wait: 12.5 }, before: { u: 0.25, wait: null } },
      { name: '=Zell', now: { u: null, wait: 3 }, before: { u: 1, wait: 4 } },
    ];
    const data = comparisonTable(
      offices,
      (o) => o.name,
      'Standort',
      (label) => `${label} (Vorperiode)`,
      [
        {
          key: 'u',
          label: 'Auslastung',
          unit: 'percent',
          value: (o) => o.now.u,
          previous: (o) => o.before.u,
        },
        {
          key: 'wait',
          label: 'Wartezeit (Min.)',
          unit: 'minutes',
          value: (o) => o.now.wait,
          previous: (o) => o.before.wait,
        },
      ],
      'de',
    );
    const table = chartTable(data);
    expect(table.head).toEqual([
      'Standort',
      'Auslastung',
      'Auslastung (Vorperiode)',
      'Wartezeit (Min.)',
      'Wartezeit (Min.) (Vorperiode)',
    ]);
    expect(table.rows).toEqual([
      { header: 'Bürgeramt Mitte', cells: ['50\u00a0%', '25\u00a0%', '12,5', '–'] },
      { header: '=Zell', cells: ['–', '100\u00a0%', '3', '4'] },
    ]);
    const csv = chartCsv(table).split('\r\n');
    expect(csv[1]).toBe('Bürgeramt Mitte;50\u00a0%;25\u00a0%;12,5;–');
    expect(csv[2]).toBe("'=Zell;–;100\u00a0%;3;4"); // no formula from an office's name
  });

  it('formats figures by unit and says whether a change is good news', () => {
    expect(formatNumber(0.667, 'percent', 'de')).toBe('66,7\u00a0%');
    expect(formatNumber(1234.5, 'euros', 'de')).toBe('1.235\u00a0€');
    expect(formatNumber(3.25, 'days', 'en')).toBe('3.3');
    expect(verdict(figure('share', 'percent', 0.5, 0.4))).toBe('better');
    expect(verdict(figure('wait', 'minutes', 12, 8, true))).toBe('worse');
    expect(verdict(figure('wait', 'minutes', 6, 8, true))).toBe('better');
    expect(verdict(figure('wait', 'minutes', null, 8, true))).toBe('none');
    expect(verdict(figure('n', 'count', 3, 3))).toBe('same');
  });
});
