// One wording for the problems of application data, whichever validator finds them: Ajv on the server
// (services/applications), @cfworker/json-schema in the browser (form-validation.ts). A message is the
// predicate of a sentence whose subject is the field ("ist ein Pflichtfeld"); the web apps put the
// field's label in front of it.
import type { Locale } from './events';

/** A problem with one field of the data: its dotted path (`applicant.birthDate`, `children[0].name`). */
export interface FormFieldError {
  field: string;
  message: string;
}

/** The field name of a problem with the data as a whole (e.g. not an object). */
export const FORM_LEVEL_FIELD = '(form)';

/** What the messages need from a validator's error. */
export interface FormErrorParams {
  /** `type`: the expected type(s), comma-separated as Ajv reports them ("integer", "string,null") */
  type?: string;
  /** `format`: the format's name ("date", "email") */
  format?: string;
  /** the keyword's number: minLength, maxLength, minimum, maximum, minItems, maxItems, multipleOf… */
  limit?: number;
  /** `additionalProperties`: the unknown property */
  property?: string;
}

type Messages = Record<string, (params: FormErrorParams) => string>;

const p = (value: unknown): string => String(value);

const MESSAGES: Record<Locale, Messages> = {
  de: {
    required: () => 'ist ein Pflichtfeld',
    dependentRequired: () => 'ist ein Pflichtfeld',
    type: (e) => `hat den falschen Typ (erwartet: ${p(e.type)})`,
    format: (e) => `hat nicht das Format ${p(e.format)}`,
    pattern: () => 'hat nicht das erwartete Format',
    minLength: (e) => `muss mindestens ${p(e.limit)} Zeichen haben`,
    maxLength: (e) => `darf höchstens ${p(e.limit)} Zeichen haben`,
    minimum: (e) => `muss mindestens ${p(e.limit)} sein`,
    maximum: (e) => `darf höchstens ${p(e.limit)} sein`,
    exclusiveMinimum: (e) => `muss größer als ${p(e.limit)} sein`,
    exclusiveMaximum: (e) => `muss kleiner als ${p(e.limit)} sein`,
    multipleOf: (e) => `muss ein Vielfaches von ${p(e.limit)} sein`,
    enum: () => 'ist keiner der erlaubten Werte',
    const: () => 'hat nicht den geforderten Wert',
    additionalProperties: (e) => `enthält das unbekannte Feld ${p(e.property)}`,
    minItems: (e) => `braucht mindestens ${p(e.limit)} Einträge`,
    maxItems: (e) => `darf höchstens ${p(e.limit)} Einträge haben`,
    uniqueItems: () => 'enthält doppelte Einträge',
  },
  en: {
    required: () => 'is required',
    dependentRequired: () => 'is required',
    type: (e) => `has the wrong type (expected ${p(e.type)})`,
    format: (e) => `is not a valid ${p(e.format)}`,
    pattern: () => 'does not have the expected format',
    minLength: (e) => `must have at least ${p(e.limit)} characters`,
    maxLength: (e) => `must have at most ${p(e.limit)} characters`,
    minimum: (e) => `must be at least ${p(e.limit)}`,
    maximum: (e) => `must be at most ${p(e.limit)}`,
    exclusiveMinimum: (e) => `must be greater than ${p(e.limit)}`,
    exclusiveMaximum: (e) => `must be less than ${p(e.limit)}`,
    multipleOf: (e) => `must be a multiple of ${p(e.limit)}`,
    enum: () => 'is not one of the allowed values',
    const: () => 'does not have the required value',
    additionalProperties: (e) => `contains the unknown field ${p(e.property)}`,
    minItems: (e) => `needs at least ${p(e.limit)} entries`,
    maxItems: (e) => `must have at most ${p(e.limit)} entries`,
    uniqueItems: () => 'contains duplicate entries',
  },
};

/** For keywords without their own message (anyOf, oneOf, not…). */
const FALLBACK: Record<Locale, string> = { de: 'ist ungültig', en: 'is invalid' };

/** The message for a failed JSON Schema keyword, in `locale`. */
export function formErrorMessage(keyword: string, params: FormErrorParams, locale: Locale): string {
  const message = Object.hasOwn(MESSAGES[locale], keyword) ? MESSAGES[locale][keyword] : undefined;
  return message ? message(params) : FALLBACK[locale];
}

/** `/address/street` → `address.street`, `/children/0/name` → `children[0].name`. */
export function pointerToPath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = '';
  for (const part of parts) {
    if (/^\d+$/.test(part)) path += `[${part}]`;
    else path += path ? `.${part}` : part;
  }
  return path;
}

/**
 * Keeps the first problem of each field, in order, as both validators report them (a field with a
 * wrong format and a wrong length gets one message, not two).
 */
export function firstErrorPerField(errors: Iterable<FormFieldError>): FormFieldError[] {
  const byField = new Map<string, string>();
  for (const { field, message } of errors) if (!byField.has(field)) byField.set(field, message);
  return [...byField].map(([field, message]) => ({ field, message }));
}
