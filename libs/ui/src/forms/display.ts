// How an answer reads on the "check your answers" page: the label of a chosen option, a date as
// "5. März 2024" / "5 March 2024", Ja/Nein for a checkbox, numbers in the locale's format.
import { choiceOf, textOf } from './fieldValue';
import type { UiFormFieldModel, UiFormTexts } from './types';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function formatDate(iso: string, locale: 'de' | 'en'): string {
  if (!ISO_DATE.test(iso)) return iso;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** The label the field offers the value under (the ui's `options`, the schema's `title`), else the value. */
function optionLabel(field: UiFormFieldModel, value: unknown): string {
  const option = choiceOf(field, value);
  return field.options.find((candidate) => candidate.value === option)?.label ?? textOf(value);
}

/**
 * The lines that show an answer; none for no answer. A repeatable group shows its entries' fields
 * instead (UiFormSummary), so it has no lines of its own.
 */
export function displayLines(
  field: UiFormFieldModel,
  value: unknown,
  locale: 'de' | 'en',
  texts: UiFormTexts,
): string[] {
  if (value === undefined || value === null || value === '') return [];
  switch (field.kind) {
    case 'checkbox':
      return [value === true ? texts.yes : value === false ? texts.no : textOf(value)];
    case 'select':
    case 'radio':
      return [optionLabel(field, value)];
    case 'checkboxes':
      return Array.isArray(value) ? value.map((entry) => optionLabel(field, entry)) : [textOf(value)];
    case 'date':
      return [typeof value === 'string' ? formatDate(value, locale) : textOf(value)];
    case 'number':
      return [
        typeof value === 'number'
          ? new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB').format(value)
          : textOf(value),
      ];
    case 'textarea':
      return textOf(value).split(/\r?\n/);
    case 'repeatable':
      return [];
    case 'text':
    case 'email':
    case 'tel':
    case 'unsupported':
      return [textOf(value)];
  }
}
