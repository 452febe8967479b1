// Validation in the browser: the data the form would send (formData) against its JSON Schema with
// @cfworker/json-schema, reported as the applications service reports it (same dotted field names, same
// German/English messages: libs/contracts `validateFormData`, proven against the server's Ajv there).
import { validateFormData, type FormFieldError } from '@buergeramt/contracts';
import { findSection, formData, visibleFields, withoutHiddenValues } from './formModel';
import { getValue, hasAnswer } from './paths';
import type { UiFormDefinition, UiFormErrors, UiFormValues, UiTaskStatus } from './types';

/** Whether an error's field is the field `name` or inside it (`children[0].name` is in `children`). */
export function isErrorOf(name: string, errorField: string): boolean {
  return errorField === name || errorField.startsWith(`${name}.`) || errorField.startsWith(`${name}[`);
}

/** All problems of the answers, one per field; `[]` when the form can be submitted. */
export function validateForm(
  form: UiFormDefinition,
  values: UiFormValues,
  locale: 'de' | 'en',
): FormFieldError[] {
  return validateFormData(form.schema, formData(form, values), locale);
}

/** The errors that belong to the given fields, in the fields' order. */
function ofFields(errors: readonly FormFieldError[], names: readonly string[]): FormFieldError[] {
  const position = (error: FormFieldError) => names.findIndex((name) => isErrorOf(name, error.field));
  return errors
    .map((error) => ({ error, at: position(error) }))
    .filter(({ at }) => at >= 0)
    .sort((a, b) => a.at - b.at)
    .map(({ error }) => error);
}

/** The problems of one section's shown fields (hidden ones never count), in the section's order. */
export function validateSection(
  form: UiFormDefinition,
  sectionId: string,
  values: UiFormValues,
  locale: 'de' | 'en',
): FormFieldError[] {
  const section = findSection(form, sectionId);
  if (!section) return [];
  const data = formData(form, values);
  const names = visibleFields(section, data).map((field) => field.name);
  return ofFields(validateFormData(form.schema, data, locale), names);
}

/**
 * The task list's status of every section: `error` while a shown error (`errors`, e.g. the server's
 * after a submit) is on one of its fields, `complete` when its shown fields are valid, `notStarted` while
 * none of them has an answer, else `inProgress`.
 */
export function taskStatuses(
  form: UiFormDefinition,
  values: UiFormValues,
  errors: UiFormErrors = {},
): Record<string, UiTaskStatus> {
  const shown = withoutHiddenValues(form, values);
  const problems = validateFormData(form.schema, formData(form, values), 'de');
  const statuses: Record<string, UiTaskStatus> = {};
  for (const section of form.ui.sections) {
    const names = visibleFields(section, shown).map((field) => field.name);
    const has = (fields: readonly string[]) =>
      fields.some((field) => names.some((name) => isErrorOf(name, field)));
    if (has(Object.keys(errors))) statuses[section.id] = 'error';
    else if (!has(problems.map((problem) => problem.field))) statuses[section.id] = 'complete';
    else if (names.some((name) => hasAnswer(getValue(shown, name)))) statuses[section.id] = 'inProgress';
    else statuses[section.id] = 'notStarted';
  }
  return statuses;
}
