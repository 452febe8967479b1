// Public types of the form renderer (exported from the package's index).
import type { FormUi } from '@buergeramt/contracts';
import type { UiInputMode, UiInputWidth } from '../types';

/** A JSON Schema (2020-12) object. */
export type UiJsonSchema = Record<string, unknown>;

/** The answers of a form: the JSON object that is validated and sent as the application's `data`. */
export type UiFormValues = Record<string, unknown>;

/** What the renderer needs of a form: the `{ schema, ui }` of `GET /services/{idOrSlug}/form`. */
export interface UiFormDefinition {
  schema: UiJsonSchema;
  ui: FormUi;
}

/** Messages by field name (`applicant.birthDate`, `children[0].name`), as `fieldErrorMap()` makes them. */
export type UiFormErrors = Readonly<Record<string, string>>;

/** The renderer's own texts in the app's language (`formTexts(t)` takes them from the library's i18n). */
export interface UiFormTexts {
  yes: string;
  no: string;
  /** the legend of an entry of a repeatable group without a title in its schema: "Eintrag 2" */
  entry: (number: number) => string;
}

/** How field models are made: the language of the form's labels, the renderer's texts, the id prefix. */
export interface UiFormContext {
  locale: 'de' | 'en';
  texts: UiFormTexts;
  /** prefix of the fields' ids (default 'field'), for two forms on one page */
  idPrefix?: string;
}

export type UiFormFieldKind =
  | 'text'
  | 'textarea'
  | 'email'
  | 'tel'
  | 'number'
  | 'date'
  | 'select'
  | 'radio'
  | 'checkbox'
  | 'checkboxes'
  | 'repeatable'
  /** a schema the renderer cannot show (e.g. a whole object, an array of plain strings) */
  | 'unsupported';

/** One choice of a select, radio or checkbox group: `value` is the index into the field's `values`. */
export interface UiFormOption {
  value: string;
  label: string;
}

/** Everything a field control needs, resolved from the ui description and the JSON Schema. */
export interface UiFormFieldModel {
  /** the dotted path of the value (`applicant.birthDate`, `children[0].name`) */
  name: string;
  /** the id of its (first) input: the error summary's target */
  id: string;
  kind: UiFormFieldKind;
  label: string;
  hint?: string;
  /** whether the schema requires it now (conditions evaluated on the current answers) */
  required: boolean;
  /** choices (select, radio, checkboxes) and the values they stand for, in the same order */
  options: readonly UiFormOption[];
  values: readonly unknown[];
  /** a number field that takes whole numbers only */
  integer: boolean;
  autocomplete?: string;
  inputmode?: UiInputMode;
  width?: UiInputWidth;
  maxLength?: number;
  /** a repeatable group: the schema's `title` of one entry ("Kind", for "Kind 2") and the count limits */
  entryTitle?: string;
  minItems: number;
  maxItems?: number;
  /** for a field inside an entry of a repeatable group: that entry's legend ("Kind 2") */
  entryLabel?: string;
}

/** The status of a section in the task list. */
export type UiTaskStatus = 'notStarted' | 'inProgress' | 'complete' | 'error';

/** A document the form asks for, in the chosen language (the app renders its upload). */
export interface UiFormDocument {
  key: string;
  label: string;
  required: boolean;
}
