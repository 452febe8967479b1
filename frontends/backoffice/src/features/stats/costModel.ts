/**
 * The cost of bureaucracy in the manner of the Standardkostenmodell (decision §29), as the check shows
 * it: what one online case saves per service (from the service's inputs), the totals per month, and how
 * every figure compares with the period before. The totals themselves are summed by the API in SQL
 * (`staffHoursSaved`, `staffEurosSaved`, `residentHoursSaved`); this module only presents them.
 */

/** A service's cost model (applications' `costModel`): minutes per case and channel, euros per staff hour. */
export interface CostModel {
  counterStaffMinutes: number;
  onlineStaffMinutes: number;
  counterResidentMinutes: number;
  onlineResidentMinutes: number;
  staffHourlyRate: number;
}

export interface CaseSavings {
  /** staff minutes one online case saves against one at the counter (negative: it costs more) */
  staffMinutes: number;
  /** those minutes at the hourly rate, euros (two decimals) */
  staffEuros: number;
  /** the resident's minutes saved (the trip, the wait, the visit) */
  residentMinutes: number;
}

const cents = (n: number): number => Math.round(n * 100) / 100;
const tenths = (n: number): number => Math.round(n * 10) / 10;

/** What one case applied for online saves, by the service's cost model. */
export function savingsPerCase(model: CostModel): CaseSavings {
  const staffMinutes = model.counterStaffMinutes - model.onlineStaffMinutes;
  return {
    staffMinutes,
    staffEuros: cents((staffMinutes / 60) * model.staffHourlyRate),
    residentMinutes: model.counterResidentMinutes - model.onlineResidentMinutes,
  };
}

/**
 * The savings of `cases` online cases by the same rule as the API (hours to one decimal, euros to the
 * cent): a page can show how a service's total comes about, and the spec checks both agree.
 */
export function savingsOf(
  model: CostModel,
  cases: number,
): { staffHours: number; staffEuros: number; residentHours: number } {
  const per = savingsPerCase(model);
  return {
    staffHours: tenths((per.staffMinutes * cases) / 60),
    staffEuros: cents(((per.staffMinutes * cases) / 60) * model.staffHourlyRate),
    residentHours: tenths((per.residentMinutes * cases) / 60),
  };
}

/** Average months in a period of `days` days (30.4375 days a month: 365.25 / 12). */
export function monthsIn(days: number): number {
  return days / 30.4375;
}

/** A total over `days` days as an average per month (one decimal; two for euros). */
export function perMonth(total: number, days: number, decimals: 1 | 2 = 1): number {
  if (days <= 0) return 0;
  const factor = 10 ** decimals;
  return Math.round((total / monthsIn(days)) * factor) / factor;
}

export type Trend = 'up' | 'down' | 'same' | 'none';

export interface Change {
  /** current − previous (null when either is missing) */
  difference: number | null;
  /** the difference relative to the previous value, in percent (one decimal); null from zero or nothing */
  percent: number | null;
  trend: Trend;
}

/** How a figure compares with the period before. */
export function changeOf(current: number | null | undefined, previous: number | null | undefined): Change {
  if (current === null || current === undefined || previous === null || previous === undefined)
    return { difference: null, percent: null, trend: 'none' };
  const difference = Math.round((current - previous) * 1000) / 1000;
  return {
    difference,
    percent: previous === 0 ? null : tenths((difference / Math.abs(previous)) * 100),
    trend: difference > 0 ? 'up' : difference < 0 ? 'down' : 'same',
  };
}

/** The trend over a series (e.g. euros saved per month): the slope of the least-squares line per step. */
export function slope(values: readonly (number | null)[]): number | null {
  const points = values.flatMap((v, i) => (v === null ? [] : [[i, v] as const]));
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return sxx === 0 ? null : Math.round((sxy / sxx) * 100) / 100;
}
