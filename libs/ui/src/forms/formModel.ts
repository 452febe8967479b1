// The form renderer's model of a whole form: which fields are shown for the current answers (showIf),
// the data that is validated and sent (hidden fields' values dropped), ids, documents. What one field is
// (label, control, choices, required…) is fieldModel.ts.
import type { FormUiField, FormUiSection } from '@buergeramt/contracts';
import { getValue, sameValue, setValue } from './paths';
import { fieldKind, fieldSchema, isRequired } from './schema';
import type { UiFormDefinition, UiFormDocument, UiFormFieldModel, UiFormTexts, UiFormValues } from './types';

/** The renderer's texts from the library's i18n: `formTexts(useI18n().t)`. */
export function formTexts(t: (key: string, named: Record<string, unknown>) => string): UiFormTexts {
  return {
    yes: t('ui.form.yes', {}),
    no: t('ui.form.no', {}),
    entry: (number) => t('ui.form.entry', { number }),
  };
}

/** The id of a field's (first) input: `applicant.birthDate` → `field-applicant-birthDate`. */
export function formFieldId(name: string, prefix = 'field'): string {
  return `${prefix}-${name.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-')}`;
}

export function findSection(form: UiFormDefinition, sectionId: string): FormUiSection | undefined {
  return form.ui.sections.find((section) => section.id === sectionId);
}

/** Whether a field is shown: always without `showIf`, else while the other field has one of its values. */
export function isVisible(field: FormUiField, values: unknown): boolean {
  if (!field.showIf) return true;
  const value = getValue(values, field.showIf.field);
  const shownFor = field.showIf.in ?? [field.showIf.equals];
  return shownFor.some((accepted) => sameValue(accepted, value));
}

export function visibleFields(section: FormUiSection, values: unknown): FormUiField[] {
  return section.fields.filter((field) => isVisible(field, values));
}

/**
 * The answers without the values of hidden fields (a hidden field never blocks a submit and is never
 * sent). Repeated until nothing changes: hiding a field can hide the fields that depend on it.
 */
export function withoutHiddenValues(form: UiFormDefinition, values: UiFormValues): UiFormValues {
  const fields = form.ui.sections.flatMap((section) => section.fields);
  let current = values;
  for (let round = 0; round <= fields.length; round++) {
    const hidden = fields.filter(
      (field) => !isVisible(field, current) && getValue(current, field.name) !== undefined,
    );
    if (hidden.length === 0) break;
    current = hidden.reduce((data, field) => setValue(data, field.name, undefined), current);
  }
  return current;
}

/** Entries a repeatable group shows: its entries, at least `minItems` once it is required or started. */
export function entryCount(field: UiFormFieldModel, values: unknown): number {
  const entries = getValue(values, field.name);
  const length = Array.isArray(entries) ? entries.length : 0;
  return Array.isArray(entries) || field.required ? Math.max(length, field.minItems) : length;
}

/**
 * The data to validate and to send: hidden fields' values removed; the objects around shown fields
 * present (so a missing answer is reported on its field, not on its object); an unticked checkbox
 * `false`; a required repeatable group with at least `minItems` entries; plain JSON.
 */
export function formData(form: UiFormDefinition, values: UiFormValues): UiFormValues {
  let data = withoutHiddenValues(form, values);
  for (const field of form.ui.sections.flatMap((section) => section.fields)) {
    if (!isVisible(field, data)) continue;
    const segments = field.name.split('.');
    for (let end = 1; end < segments.length; end++) {
      const parent = segments.slice(0, end).join('.');
      if (getValue(data, parent) === undefined) data = setValue(data, parent, {});
    }
    const schema = fieldSchema(form.schema, field.name);
    if (!schema) continue;
    const kind = fieldKind(form.schema, schema, field.widget);
    const value = getValue(data, field.name);
    if (kind === 'checkbox' && value === undefined) data = setValue(data, field.name, false);
    if (kind === 'repeatable' && (Array.isArray(value) || isRequired(form.schema, field.name, data))) {
      const entries: unknown[] = Array.isArray(value) ? [...(value as unknown[])] : [];
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      while (entries.length < min) entries.push({});
      data = setValue(data, field.name, entries);
    }
  }
  return JSON.parse(JSON.stringify(data)) as UiFormValues;
}

/** The documents the form asks for, in `locale`. */
export function formDocuments(form: UiFormDefinition, locale: 'de' | 'en'): UiFormDocument[] {
  return (form.ui.documents ?? []).map((doc) => ({
    key: doc.key,
    label: doc.label[locale],
    required: doc.required,
  }));
}
