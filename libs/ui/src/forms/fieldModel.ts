// What one field of a form is, from its ui description and the JSON Schema: label and hint in the chosen
// language, the kind of control, its choices (labelled by the ui's `options`), whether it is required for
// the current answers, autocomplete, keyboard and width; and the fields of a repeatable group's entries.
import { formOptionKey, type FormUiField } from '@buergeramt/contracts';
import type { UiInputMode, UiInputWidth } from '../types';
import { findSection, formFieldId, visibleFields } from './formModel';
import {
  fieldKind,
  fieldSchema,
  isRequired,
  itemSchema,
  objectProperties,
  schemaChoices,
  schemaType,
} from './schema';
import type {
  UiFormContext,
  UiFormDefinition,
  UiFormFieldKind,
  UiFormFieldModel,
  UiFormOption,
  UiFormTexts,
  UiJsonSchema,
} from './types';

const PERSONAL = new Map([
  ['givenName', 'given-name'],
  ['firstName', 'given-name'],
  ['familyName', 'family-name'],
  ['lastName', 'family-name'],
  ['birthDate', 'bday'],
  ['dateOfBirth', 'bday'],
  ['email', 'email'],
  ['phone', 'tel'],
  ['telephone', 'tel'],
]);
const ADDRESS = new Map([
  ['postalCode', 'postal-code'],
  ['city', 'address-level2'],
  ['country', 'country-name'],
]);

/**
 * Autocomplete where the field obviously asks for the person's own data (WCAG 1.3.5): names, date of
 * birth, e-mail and phone at the top level or in `applicant`/`contact`, postcode and town in their
 * `address`. A dog's birth date is not the person's `bday`.
 */
function autocompleteFor(name: string, kind: UiFormFieldKind): string | undefined {
  const segments = name.split('.');
  const key = segments.at(-1) ?? '';
  const parent = segments.slice(0, -1).join('.');
  if (['', 'applicant', 'contact'].includes(parent)) {
    const token = PERSONAL.get(key) ?? (kind === 'email' ? 'email' : kind === 'tel' ? 'tel' : undefined);
    if (token) return token;
  }
  if (['address', 'applicant.address', 'contact.address'].includes(parent)) return ADDRESS.get(key);
  return undefined;
}

/** A pattern of digits only (`^[0-9]{5}$`, `^\d+$`): numeric keyboard, though not a number. */
const DIGITS_ONLY = /^\^(?:\[0-9\]|\\d)(?:\{\d+(?:,\d*)?\}|\+|\*)?\$$/;

function inputmodeFor(kind: UiFormFieldKind, schema: UiJsonSchema): UiInputMode | undefined {
  if (kind === 'number') return schemaType(schema) === 'integer' ? 'numeric' : 'decimal';
  if (kind === 'text' && typeof schema.pattern === 'string' && DIGITS_ONLY.test(schema.pattern))
    return 'numeric';
  return undefined;
}

function widthFor(kind: UiFormFieldKind, maxLength: number | undefined): UiInputWidth | undefined {
  if (kind === 'number') return 'char-10';
  if (!['text', 'email', 'tel'].includes(kind) || maxLength === undefined) return undefined;
  if (maxLength <= 5) return 'char-5';
  if (maxLength <= 10) return 'char-10';
  if (maxLength <= 20) return 'char-20';
  return maxLength <= 30 ? 'char-30' : undefined;
}

/**
 * The choices of a select, radio or checkbox group: a label from the ui's `options` in the language,
 * else the schema's `title` of the choice, else its value.
 */
function choicesFor(
  root: UiJsonSchema,
  kind: UiFormFieldKind,
  schema: UiJsonSchema,
  context: UiFormContext,
  labels: FormUiField['options'],
): { options: UiFormOption[]; values: unknown[] } {
  const { texts, locale } = context;
  if (!['select', 'radio', 'checkboxes'].includes(kind)) return { options: [], values: [] };
  if (schemaType(schema) === 'boolean') {
    return {
      options: [
        { value: '0', label: texts.yes },
        { value: '1', label: texts.no },
      ],
      values: [true, false],
    };
  }
  const source = kind === 'checkboxes' ? (itemSchema(root, schema) ?? {}) : schema;
  const choices = schemaChoices(source) ?? [];
  return {
    options: choices.map((choice, index) => {
      const key = formOptionKey(choice.value);
      const label =
        key !== undefined && labels && Object.hasOwn(labels, key) ? labels[key]?.[locale] : undefined;
      return { value: String(index), label: label ?? choice.title ?? String(choice.value) };
    }),
    values: choices.map((choice) => choice.value),
  };
}

interface FieldText {
  label: string;
  hint?: string;
}

function model(
  form: UiFormDefinition,
  name: string,
  schema: UiJsonSchema | undefined,
  text: FieldText,
  values: unknown,
  context: UiFormContext,
  ui?: Pick<FormUiField, 'widget' | 'options'>,
): UiFormFieldModel {
  const kind = schema ? fieldKind(form.schema, schema, ui?.widget) : 'unsupported';
  const s = schema ?? {};
  const maxLength = typeof s.maxLength === 'number' ? s.maxLength : undefined;
  const items = kind === 'repeatable' ? itemSchema(form.schema, s) : undefined;
  return {
    name,
    id: formFieldId(name, context.idPrefix),
    kind,
    label: text.label,
    hint: text.hint,
    required: isRequired(form.schema, name, values),
    ...choicesFor(form.schema, kind, s, context, ui?.options),
    integer: schemaType(s) === 'integer',
    autocomplete: autocompleteFor(name, kind),
    inputmode: inputmodeFor(kind, s),
    width: widthFor(kind, maxLength),
    maxLength,
    entryTitle: typeof items?.title === 'string' ? items.title : undefined,
    minItems: typeof s.minItems === 'number' ? s.minItems : 0,
    maxItems: typeof s.maxItems === 'number' ? s.maxItems : undefined,
  };
}

/** The model of a field of the ui description, for these answers. */
export function describeField(
  form: UiFormDefinition,
  field: FormUiField,
  values: unknown,
  context: UiFormContext,
): UiFormFieldModel {
  const text = { label: field.label[context.locale], hint: field.help?.[context.locale] };
  return model(form, field.name, fieldSchema(form.schema, field.name), text, values, context, field);
}

/** The models of the fields a section shows for these answers, in order. */
export function sectionFieldModels(
  form: UiFormDefinition,
  sectionId: string,
  values: unknown,
  context: UiFormContext,
): UiFormFieldModel[] {
  const section = findSection(form, sectionId);
  return section
    ? visibleFields(section, values).map((field) => describeField(form, field, values, context))
    : [];
}

/** The legend of entry `index` of a repeatable group: "Kind 2" (its schema's title) or "Eintrag 2". */
export function entryLabel(group: UiFormFieldModel, index: number, texts: UiFormTexts): string {
  return group.entryTitle ? `${group.entryTitle} ${index + 1}` : texts.entry(index + 1);
}

/**
 * The fields of entry `index` of a repeatable group: one per property of its items' schema, named
 * `children[0].name`, labelled by the property's `title` (else its name), its `description` as hint.
 */
export function entryFieldModels(
  form: UiFormDefinition,
  group: UiFormFieldModel,
  index: number,
  values: unknown,
  context: UiFormContext,
): UiFormFieldModel[] {
  const schema = fieldSchema(form.schema, group.name);
  const items = schema ? itemSchema(form.schema, schema) : undefined;
  if (!items) return [];
  const label = entryLabel(group, index, context.texts);
  return objectProperties(form.schema, items).map(([key, property]) => {
    const text = {
      label: typeof property.title === 'string' ? property.title : key,
      hint: typeof property.description === 'string' ? property.description : undefined,
    };
    return {
      ...model(form, `${group.name}[${index}].${key}`, property, text, values, context),
      entryLabel: label,
    };
  });
}
