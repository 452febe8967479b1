// The shape of an application form as `GET /services/{idOrSlug}/form` serves it: a JSON Schema 2020-12
// for the data plus a UI description (sections, order, labels, widgets, conditions). The applications
// service checks and stores it; the web apps render it (libs/ui `forms/`).

/** A text in both languages of the platform. */
export interface LocalizedText {
  de: string;
  en: string;
}

/** The widgets a form field may ask for; without one the renderer picks one from the field's schema. */
export const FORM_WIDGETS = [
  'text',
  'textarea',
  'date',
  'email',
  'tel',
  'number',
  'select',
  'radio',
  'checkbox',
] as const;

export type FormWidget = (typeof FORM_WIDGETS)[number];

/** Shows a field only while another field has the value `equals`, or one of the values `in`. */
export interface FormShowIf {
  /** dotted path of the field the condition looks at */
  field: string;
  equals?: unknown;
  in?: unknown[];
}

export interface FormUiField {
  /** dotted path into the data, e.g. `address.street` */
  name: string;
  label: LocalizedText;
  help?: LocalizedText;
  widget?: FormWidget;
  showIf?: FormShowIf;
  /**
   * labels of the field's choices (its `enum`, `const`s or array items' `enum`) by value, the value as
   * `formOptionKey` writes it: `{ "self": { de: "Ich selbst", en: "Myself" } }`; a choice without one
   * shows its schema `title`, else its value
   */
  options?: Record<string, LocalizedText>;
}

/**
 * The key of a choice's value in a field's `options`: a string as it is, a number as JSON writes it
 * (`"2"`). Other values (booleans, null, objects) have no label of their own.
 */
export function formOptionKey(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

export interface FormUiSection {
  id: string;
  title: LocalizedText;
  fields: FormUiField[];
}

/** A document to attach to the application; `required` ones must be attached before submitting. */
export interface FormUiDocument {
  key: string;
  label: LocalizedText;
  required: boolean;
}

/** The UI description of a form: sections in order, fields with labels and help in de and en. */
export interface FormUi {
  sections: FormUiSection[];
  documents?: FormUiDocument[];
}
