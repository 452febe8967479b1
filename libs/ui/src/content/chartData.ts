/**
 * The figures behind a chart, its table and its CSV, in one shape, so that the three cannot drift apart:
 * the chart draws `values`, the table and the CSV show `format(value)` of the same numbers.
 */
export interface UiChartSeries {
  key: string;
  /** the series' name: legend entry and column heading, e.g. "Online" */
  label: string;
  /** one value per category, in the categories' order; null: no figure (drawn as a gap, shown as "–") */
  values: readonly (number | null)[];
}

export interface UiChartData {
  /** what the categories are, the first column's heading, e.g. "Monat" */
  categoryLabel: string;
  /** the categories in order (x axis of columns and lines), e.g. months */
  categories: readonly string[];
  series: readonly UiChartSeries[];
  /** a value as the reader sees it ("12,5"); default: the number in German notation */
  format?: (value: number, series: UiChartSeries) => string;
}

export interface UiChartTable {
  /** the column headings: the category label, then each series */
  head: string[];
  /** one row per category: its header cell and one text per series */
  rows: { header: string; cells: string[] }[];
}

/** What a missing figure shows as, in the table and the CSV. */
export const NO_FIGURE = '–';

const germanNumber = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 });

/** The text of one value, as the table and the CSV show it. */
export function chartValueText(data: UiChartData, series: UiChartSeries, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return NO_FIGURE;
  return data.format ? data.format(value, series) : germanNumber.format(value);
}

/** The table of a chart's figures: a row per category, a column per series. */
export function chartTable(data: UiChartData): UiChartTable {
  return {
    head: [data.categoryLabel, ...data.series.map((s) => s.label)],
    rows: data.categories.map((header, index) => ({
      header,
      cells: data.series.map((s) => chartValueText(data, s, s.values[index] ?? null)),
    })),
  };
}

/**
 * The table as CSV for a spreadsheet: `;` between fields and the numbers as the table shows them, in
 * German notation (decimal comma), which is what Excel with German settings opens directly; a byte order
 * mark so it reads the file as UTF-8 (umlauts); CRLF line ends (RFC 4180); a field with the separator, a
 * quote or a line break is quoted, quotes doubled. A field starting with = + - @ that is not a number is
 * prefixed with ' so a spreadsheet never runs it as a formula.
 */
export function chartCsv(table: UiChartTable, separator = ';'): string {
  const field = (text: string): string => {
    let value = text;
    if (/^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value)) value = `'${value}`;
    return /["\r\n]/.test(value) || value.includes(separator) ? `"${value.replace(/"/g, '""')}"` : value;
  };
  const lines = [table.head, ...table.rows.map((row) => [row.header, ...row.cells])].map((cells) =>
    cells.map(field).join(separator),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A file name from a title: lower case, letters, digits and dashes, with the extension. */
export function csvFileName(title: string): string {
  const base = title
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base || 'daten'}.csv`;
}

/** Offers `csv` as a download (a Blob URL, made and revoked in the browser: no request). */
export function downloadCsv(csv: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // revoked later, not at once: a browser may still be reading the Blob when click() returns
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The geometry of a column or line chart in a 0..width × 0..height plot area (SVG user units). */
export interface SeriesLayout {
  /** the value at the top of the plot area (a "nice" number ≥ the largest value) */
  top: number;
  /** horizontal grid lines and their values, bottom to top */
  ticks: { value: number; y: number }[];
  /** per category: the centre of its slot */
  slots: { x: number; width: number }[];
  /** per series, per category: the point (null: no figure) */
  points: ({ x: number; y: number; value: number } | null)[][];
}

/** A round number ≥ `value` for the top of the axis: 1, 2, 2.5 or 5 × 10^n. */
export function niceTop(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power + 1e-9) return step * power;
  return 10 * power;
}

export function seriesLayout(data: UiChartData, width: number, height: number, ticks = 4): SeriesLayout {
  const values = data.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const top = niceTop(Math.max(0, ...values));
  const slotWidth = data.categories.length > 0 ? width / data.categories.length : width;
  const y = (value: number): number => height - (Math.max(0, value) / top) * height;
  return {
    top,
    ticks: Array.from({ length: ticks + 1 }, (_, i) => {
      const value = (top / ticks) * i;
      return { value, y: y(value) };
    }),
    slots: data.categories.map((_, i) => ({ x: slotWidth * i + slotWidth / 2, width: slotWidth })),
    points: data.series.map((s) =>
      data.categories.map((_, i) => {
        const value = s.values[i] ?? null;
        return value === null ? null : { x: slotWidth * i + slotWidth / 2, y: y(value), value };
      }),
    ),
  };
}
