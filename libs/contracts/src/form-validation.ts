// Validates application data in the browser with @cfworker/json-schema (Ajv compiles with Function(),
// which the web apps' CSP `script-src 'self'` forbids) and reports it exactly as the applications
// service does with Ajv: the same dotted field paths, one message per field, the same wording
// (form-errors.ts). It lives here, not in libs/ui, so the service's tests can prove both agree on its
// demo forms (services/applications/src/catalogue/browser-validation.spec.ts): a service may import
// libraries, but only by their package name, and libs/ui's entry point is a set of Vue components.
import { format, Validator, type OutputUnit } from '@cfworker/json-schema';
import type { Locale } from './events';
import {
  FORM_LEVEL_FIELD,
  firstErrorPerField,
  formErrorMessage,
  pointerToPath,
  type FormErrorParams,
  type FormFieldError,
} from './form-errors';

// The server checks `email` with ajv-formats' regex, which wants a dot in the domain; cfworker's own
// check accepts `name@localhost`. Both sides use the server's: cfworker reads its formats from an exported
// table, set on first use (not when the module loads, so a bundle that never validates a form does not
// carry the validator).
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const checkEmail = (value: string): boolean => EMAIL.test(value);

/**
 * Output units that only say "a subschema had errors" (the errors themselves follow them). Ajv reports
 * no such errors, so they are left out.
 */
const WRAPPERS = new Set([
  'properties',
  'patternProperties',
  'additionalProperties',
  'unevaluatedProperties',
  'items',
  'prefixItems',
  'additionalItems',
  'unevaluatedItems',
  'allOf',
  '$ref',
  '$recursiveRef',
  'if',
  'dependentSchemas',
]);

/** Ajv reports these after the errors of their subschemas; cfworker before them. */
const REPORTED_LAST = new Set(['anyOf', 'oneOf']);

const validators = new WeakMap<object, Validator>();

function validatorFor(schema: object): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    format.email = checkEmail;
    // all errors, not only the first (Ajv's allErrors)
    validator = new Validator(schema, '2020-12', false);
    validators.set(schema, validator);
  }
  return validator;
}

/** `#/children/0/na%C3%AFve` → `/children/0/naïve` (cfworker URI-encodes the pointer's segments). */
function pointerOf(location: string): string {
  return decodeURI(location.replace(/^#/, ''));
}

const escapeSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The quoted names in a cfworker message: `Instance has "a" but does not have "b".` → ['a', 'b']. */
function quoted(message: string): string[] {
  return [...message.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1] ?? '');
}

/** The number a message ends with: `String is too short (2 < 3).` → 3. */
function trailingNumber(message: string): number | undefined {
  const match = /(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\)?\.$/i.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** The field and message Ajv would give for one of cfworker's units. */
function toFieldError(unit: OutputUnit, locale: Locale): FormFieldError {
  let pointer = pointerOf(unit.instanceLocation);
  const params: FormErrorParams = {};
  let keyword = unit.keyword;
  switch (keyword) {
    case 'required':
      // the missing property is named only in the message: `… required property "name".`
      pointer += `/${escapeSegment(quoted(unit.error).at(-1) ?? '')}`;
      break;
    case 'dependentRequired':
    case 'dependencies':
      keyword = 'dependentRequired';
      pointer += `/${escapeSegment(quoted(unit.error).at(-1) ?? '')}`;
      break;
    case 'false': {
      // a property `additionalProperties: false` refuses (see unknownProperties)
      keyword = 'additionalProperties';
      const segments = pointer.split('/');
      params.property = (segments.at(-1) ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
      break;
    }
    case 'type':
      // `Instance type "string" is invalid. Expected "integer".` (several: `Expected "string", "null".`)
      params.type = quoted(unit.error.slice(unit.error.lastIndexOf('Expected'))).join(',');
      break;
    case 'format':
      params.format = quoted(unit.error).at(-1);
      break;
    default:
      params.limit = trailingNumber(unit.error);
  }
  return {
    field: pointerToPath(pointer) || FORM_LEVEL_FIELD,
    message: formErrorMessage(keyword, params, locale),
  };
}

/**
 * cfworker marks a property as evaluated only when it is valid, so `additionalProperties: false` also
 * refuses every declared property that failed (a "false schema" unit at its location). Such a unit
 * counts only when nothing else failed at or below that location: then the property is really unknown.
 */
function unknownProperties(units: readonly OutputUnit[]): OutputUnit[] {
  return units.filter((unit) => {
    if (unit.keyword !== 'false') return true;
    const at = unit.instanceLocation;
    return !units.some(
      (other) =>
        other !== unit &&
        ((other.instanceLocation === at && other.keyword !== 'false') ||
          other.instanceLocation.startsWith(`${at}/`)),
    );
  });
}

/** cfworker's output units as the applications service reports Ajv's errors (`toFieldErrors`). */
export function toFormFieldErrors(units: readonly OutputUnit[], locale: Locale): FormFieldError[] {
  const relevant = unknownProperties(units).filter((unit) => !WRAPPERS.has(unit.keyword));
  const ordered = [
    ...relevant.filter((unit) => !REPORTED_LAST.has(unit.keyword)),
    ...relevant.filter((unit) => REPORTED_LAST.has(unit.keyword)),
  ];
  return firstErrorPerField(ordered.map((unit) => toFieldError(unit, locale)));
}

/**
 * Validates `data` against a form's schema (JSON Schema 2020-12, formats checked): one error per failing
 * field, `[]` when valid. The data is checked as JSON, i.e. as it would be sent (undefined properties
 * left out). The compiled validator is cached per schema object.
 */
export function validateFormData(schema: object, data: unknown, locale: Locale): FormFieldError[] {
  const json: unknown = data === undefined ? null : JSON.parse(JSON.stringify(data));
  const result = validatorFor(schema).validate(json);
  return result.valid ? [] : toFormFieldErrors(result.errors, locale);
}

/** Whether `value` matches `schema` (e.g. a form's `if` condition); no messages. */
export function matchesSchema(schema: object, value: unknown): boolean {
  const json: unknown = value === undefined ? null : JSON.parse(JSON.stringify(value));
  return validatorFor(schema).validate(json).valid;
}
