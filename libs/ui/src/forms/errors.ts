// Errors on the fields: the `{ field, message }` list of the browser's validation or of the server's
// problem details, as a map for the renderer, as sentences with the field's label, and as the entries of
// the error summary (GOV.UK: the same text as inline, a link to each field, in the form's order).
import type { FormFieldError } from '@buergeramt/contracts';
import type { UiErrorSummaryItem } from '../types';
import { entryFieldModels, sectionFieldModels } from './fieldModel';
import { entryCount } from './formModel';
import type { UiFormContext, UiFormDefinition, UiFormErrors, UiFormFieldModel, UiFormValues } from './types';

/** `[{ field, message }]` → `{ [field]: message }` (the first message of a field). */
export function fieldErrorMap(errors: readonly FormFieldError[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const { field, message } of errors) if (!Object.hasOwn(map, field)) map[field] = message;
  return map;
}

/** The error as a sentence with the field's label: "Geburtsdatum" + "ist ein Pflichtfeld". */
export function fieldErrorText(field: Pick<UiFormFieldModel, 'label'>, message: string): string {
  return `${field.label.replace(/[\s:]+$/, '')} ${message}`;
}

/** The text of a field's error in the error summary: with its entry ("Kind 2: Name ist ein Pflichtfeld"). */
export function summaryErrorText(field: UiFormFieldModel, message: string): string {
  const text = fieldErrorText(field, message);
  return field.entryLabel ? `${field.entryLabel}: ${text}` : text;
}

/** Every field the form shows for these answers, the fields of repeatable groups' entries included. */
export function shownFieldModels(
  form: UiFormDefinition,
  values: UiFormValues,
  context: UiFormContext,
): UiFormFieldModel[] {
  const withEntries = (field: UiFormFieldModel): UiFormFieldModel[] => {
    if (field.kind !== 'repeatable') return [field];
    const count = entryCount(field, values);
    const entries = Array.from({ length: count }, (_, index) =>
      entryFieldModels(form, field, index, values, context).flatMap(withEntries),
    );
    return [field, ...entries.flat()];
  };
  return form.ui.sections.flatMap((section) =>
    sectionFieldModels(form, section.id, values, context).flatMap(withEntries),
  );
}

/** The error summary's entries for the errors on shown fields, in the form's order. */
export function errorSummaryItems(
  form: UiFormDefinition,
  values: UiFormValues,
  errors: UiFormErrors,
  context: UiFormContext,
): UiErrorSummaryItem[] {
  return shownFieldModels(form, values, context).flatMap((field) => {
    const message = errors[field.name];
    return message === undefined ? [] : [{ fieldId: field.id, message: summaryErrorText(field, message) }];
  });
}

/**
 * The errors that are on no shown field (the data as a whole, `(form)`; an object; an unknown field):
 * the app shows them in its own words, e.g. in a UiProblem.
 */
export function unplacedErrors(
  form: UiFormDefinition,
  values: UiFormValues,
  errors: UiFormErrors,
  context: UiFormContext,
): FormFieldError[] {
  const names = new Set(shownFieldModels(form, values, context).map((field) => field.name));
  return Object.entries(errors)
    .filter(([field]) => !names.has(field))
    .map(([field, message]) => ({ field, message }));
}
