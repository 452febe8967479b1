import type { UiChartData } from '@buergeramt/ui';
import { changeOf, type Change } from './costModel';
import type { Granularity } from './checkQuery';

/**
 * How the check's figures are shown: numbers in the reader's language and unit, the label of a week or a
 * month, a figure beside the previous period's, and the charts' data made from the API's series (so the
 * chart, its table and its CSV show the API's numbers, not numbers computed here).
 */

export type Unit = 'count' | 'percent' | 'days' | 'minutes' | 'hours' | 'euros' | 'rating';

const intl = (locale: string): string => (locale === 'en' ? 'en-GB' : 'de-DE');

/** A figure as text: "12,5 %", "3,2 Tage" is left to the texts; here only the number with its decimals. */
export function formatNumber(value: number, unit: Unit, locale: string): string {
  switch (unit) {
    case 'percent':
      return new Intl.NumberFormat(intl(locale), { style: 'percent', maximumFractionDigits: 1 }).format(
        value,
      );
    case 'euros':
      return new Intl.NumberFormat(intl(locale), {
        style: 'currency',
        currency: 'EUR',
        maximumFractionDigits: 0,
      }).format(value);
    case 'count':
      return new Intl.NumberFormat(intl(locale), { maximumFractionDigits: 0 }).format(value);
    case 'rating':
      return new Intl.NumberFormat(intl(locale), { maximumFractionDigits: 2 }).format(value);
    case 'days':
    case 'hours':
    case 'minutes':
      return new Intl.NumberFormat(intl(locale), { maximumFractionDigits: 1 }).format(value);
  }
}

/** The label of a period's first day: "Nov. 2026" for a month, "KW 48/2026" / "wk 48/2026" for a week. */
export function periodLabel(start: string, granularity: Granularity, locale: string): string {
  const date = new Date(`${start}T00:00:00Z`);
  if (granularity === 'month')
    return new Intl.DateTimeFormat(intl(locale), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      date,
    );
  // ISO week: the Thursday of the week decides the year
  const thursday = new Date(date);
  thursday.setUTCDate(date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7));
  const yearStart = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((thursday.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${locale === 'en' ? 'wk' : 'KW'} ${week}/${thursday.getUTCFullYear()}`;
}

/** One figure beside the previous period's. */
export interface Figure {
  key: string;
  unit: Unit;
  value: number | null;
  previous: number | null;
  change: Change;
  /** for figures where less is better (waits, no-shows, backlog): a rise is not good news */
  lowerIsBetter?: boolean;
}

export function figure(
  key: string,
  unit: Unit,
  value: number | null | undefined,
  previous: number | null | undefined,
  lowerIsBetter = false,
): Figure {
  return {
    key,
    unit,
    value: value ?? null,
    previous: previous ?? null,
    change: changeOf(value, previous),
    lowerIsBetter,
  };
}

/** Whether a change is good, bad or neither, for the reader (shown in words, never by colour alone). */
export function verdict(f: Figure): 'better' | 'worse' | 'same' | 'none' {
  const trend = f.change.trend;
  if (trend === 'none' || trend === 'same') return trend;
  return (trend === 'up') !== Boolean(f.lowerIsBetter) ? 'better' : 'worse';
}

/** A chart's data from a series of periods: one series per picked value. */
export function periodChart<P extends { start: string }>(
  periods: readonly P[],
  granularity: Granularity,
  locale: string,
  categoryLabel: string,
  series: { key: string; label: string; value: (p: P) => number | null }[],
  format?: UiChartData['format'],
): UiChartData {
  return {
    categoryLabel,
    categories: periods.map((p) => periodLabel(p.start, granularity, locale)),
    series: series.map((s) => ({ key: s.key, label: s.label, values: periods.map((p) => s.value(p)) })),
    ...(format ? { format } : {}),
  };
}

/** A chart's data over named rows (services, offices). */
export function namedChart<R>(
  rows: readonly R[],
  name: (row: R) => string,
  categoryLabel: string,
  series: { key: string; label: string; value: (row: R) => number | null }[],
  format?: UiChartData['format'],
): UiChartData {
  return {
    categoryLabel,
    categories: rows.map(name),
    series: series.map((s) => ({ key: s.key, label: s.label, values: rows.map((r) => s.value(r)) })),
    ...(format ? { format } : {}),
  };
}

/** A share 0..1 as percent points for a chart (one decimal): 0.667 → 66.7. */
export const percentPoints = (share: number | null | undefined): number | null =>
  share === null || share === undefined ? null : Math.round(share * 1000) / 10;

/** A column of a comparison table: one figure of a row, this period and the one before. */
export interface ComparisonColumn<R> {
  key: string;
  /** the column's heading, e.g. "Auslastung" */
  label: string;
  unit: Unit;
  value: (row: R) => number | null | undefined;
  previous: (row: R) => number | null | undefined;
}

/**
 * A table of figures of different units over named rows (offices, services), each figure beside the
 * previous period's: two columns per figure ("Auslastung", "Auslastung (Vorperiode)"), every value shown
 * in its own unit (UiChart kind="table" shows it and makes its CSV from it).
 */
export function comparisonTable<R>(
  rows: readonly R[],
  name: (row: R) => string,
  categoryLabel: string,
  previousLabel: (label: string) => string,
  columns: readonly ComparisonColumn<R>[],
  locale: string,
): UiChartData {
  const units = new Map<string, Unit>();
  const series = columns.flatMap((c) => {
    units.set(c.key, c.unit);
    units.set(`${c.key}Previous`, c.unit);
    return [
      { key: c.key, label: c.label, values: rows.map((r) => c.value(r) ?? null) },
      {
        key: `${c.key}Previous`,
        label: previousLabel(c.label),
        values: rows.map((r) => c.previous(r) ?? null),
      },
    ];
  });
  return {
    categoryLabel,
    categories: rows.map(name),
    series,
    format: (value, s) => formatNumber(value, units.get(s.key) ?? 'count', locale),
  };
}
