import type { Transparency } from '../services/catalogue';

export type ServiceFigures = Transparency['services'][number];
export type OfficeFigures = Transparency['offices'][number];

const intlLocale = (locale: string): string => (locale === 'en' ? 'en-GB' : 'de-DE');

/** A figure as read in the app's language: "12,5" / "12.5" (at most one decimal), "1.234" / "1,234". */
export function formatFigure(value: number, locale: string): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(value);
}

/** A share (0…1) as a whole percentage: "24 %" / "24%". */
export function formatShare(share: number, locale: string): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 0 }).format(
    share,
  );
}

/**
 * The count that chooses singular or plural of "{n} Tag | {n} Tage": only exactly one is singular
 * ("0,5 Tage", "1,5 Tage"); vue-i18n's own rule would read 0.5 as one.
 */
export function pluralCount(value: number): number {
  return value === 1 ? 1 : 2;
}

/** The services by name, in the language of the answer. */
export function servicesByName(services: readonly ServiceFigures[], locale: string): ServiceFigures[] {
  const collator = new Intl.Collator(intlLocale(locale));
  return [...services].sort((a, b) => collator.compare(a.name, b.name));
}

/** The offices that have a 30-day median (the others have too few cases to be drawn). */
export function officesWithMedian(
  offices: readonly OfficeFigures[],
): (OfficeFigures & { medianWaitingMinutes30Days: number })[] {
  return offices.filter(
    (office): office is OfficeFigures & { medianWaitingMinutes30Days: number } =>
      office.medianWaitingMinutes30Days !== null,
  );
}
