// Between a field's value in the answers and what its control shows and emits. A value the person
// typed that is not what the schema wants (a date that does not exist, "2,5" for a whole number) is kept
// as text, so validation names the problem exactly as the server would, and nothing is lost.
import { datePartsFromIso, emptyDateParts, isoFromDateParts } from '../controls/date';
import type { UiDateParts } from '../types';
import { sameValue } from './paths';
import type { UiFormFieldModel } from './types';

/** The text of a text, e-mail, phone or textarea field; '' for no answer. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The answer for a text: '' is no answer. */
export function valueOfText(text: string): string | undefined {
  return text === '' ? undefined : text;
}

/** The text of a number field: the number with the locale's decimal separator, or the text as typed. */
export function numberText(value: unknown, locale: 'de' | 'en'): string {
  if (typeof value === 'number') return locale === 'de' ? String(value).replace('.', ',') : String(value);
  return textOf(value);
}

/**
 * The answer for a number field's text: a number ("2,5" and "2.5" alike; spaces ignored), no answer for
 * '', else the text itself (which validation reports as the wrong type).
 */
export function valueOfNumberText(text: string, integer: boolean): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const normalized = trimmed.replace(/\s+/g, '').replace(/^([-+]?\d*),(\d+)$/, '$1.$2');
  const pattern = integer ? /^[-+]?\d+$/ : /^[-+]?(?:\d+(?:\.\d+)?|\.\d+)$/;
  const number = Number(normalized);
  return pattern.test(normalized) && Number.isFinite(number) ? number : trimmed;
}

/** A date that is not a real one, kept as typed: "31.2.2024" (never an ISO date, so always invalid). */
const TYPED_DATE = /^([^.]*)\.([^.]*)\.([^.]*)$/;

/** The three fields of a date input for an answer: an ISO date, or the parts as typed. */
export function datePartsOf(value: unknown): UiDateParts {
  if (typeof value !== 'string') return emptyDateParts();
  const typed = TYPED_DATE.exec(value);
  if (typed) return { day: typed[1] ?? '', month: typed[2] ?? '', year: typed[3] ?? '' };
  return datePartsFromIso(value);
}

/** The answer for a date input's parts: the ISO date, no answer when empty, else the parts as typed. */
export function valueOfDateParts(parts: UiDateParts): string | undefined {
  const iso = isoFromDateParts(parts);
  if (iso) return iso;
  // without dots, so the parts can be read back (datePartsOf)
  const [day, month, year] = [parts.day, parts.month, parts.year].map((part) =>
    part.trim().replace(/\./g, ''),
  );
  if (!day && !month && !year) return undefined;
  return `${day}.${month}.${year}`;
}

/** The option (index as text) of a select or radio group for an answer; '' when it is none of them. */
export function choiceOf(field: UiFormFieldModel, value: unknown): string {
  if (value === undefined) return '';
  const index = field.values.findIndex((candidate) => sameValue(candidate, value));
  return index < 0 ? '' : String(index);
}

/** The answer for a chosen option; '' (the select's placeholder) is no answer. */
export function valueOfChoice(field: UiFormFieldModel, option: string | undefined): unknown {
  if (option === undefined || option === '') return undefined;
  return field.values[Number(option)];
}

/** The checked options of a checkbox group for an answer (an array of values). */
export function choicesOf(field: UiFormFieldModel, value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) => choiceOf(field, entry)).filter((option) => option !== '');
}

/** The answer for the checked options; none checked is no answer. */
export function valueOfChoices(field: UiFormFieldModel, options: readonly string[]): unknown[] | undefined {
  const chosen = options.map((option) => valueOfChoice(field, option)).filter((value) => value !== undefined);
  return chosen.length > 0 ? chosen : undefined;
}
