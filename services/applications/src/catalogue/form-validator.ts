import type { Locale } from '@buergeramt/contracts';
import type { FieldError } from '@buergeramt/platform';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { FormUi } from './catalogue.entities';

const LOCALIZED = {
  type: 'object',
  required: ['de', 'en'],
  properties: {
    de: { type: 'string', minLength: 1, maxLength: 2000 },
    en: { type: 'string', minLength: 1, maxLength: 2000 },
  },
  additionalProperties: false,
};

/** The shape of a form's `ui` (itself checked with Ajv). */
const UI_SCHEMA = {
  type: 'object',
  required: ['sections'],
  additionalProperties: false,
  properties: {
    sections: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        required: ['id', 'title', 'fields'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-zA-Z0-9_-]{0,63}$' },
          title: LOCALIZED,
          fields: {
            type: 'array',
            maxItems: 100,
            items: {
              type: 'object',
              required: ['name', 'label'],
              additionalProperties: false,
              properties: {
                name: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9_]*(\\.[a-zA-Z][a-zA-Z0-9_]*)*$' },
                label: LOCALIZED,
                help: LOCALIZED,
                widget: {
                  enum: ['text', 'textarea', 'date', 'email', 'tel', 'number', 'select', 'radio', 'checkbox'],
                },
                showIf: {
                  type: 'object',
                  required: ['field', 'equals'],
                  additionalProperties: false,
                  properties: { field: { type: 'string', maxLength: 200 }, equals: {} },
                },
              },
            },
          },
        },
      },
    },
    documents: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        required: ['key', 'label', 'required'],
        additionalProperties: false,
        properties: {
          key: { type: 'string', pattern: '^[a-z][a-zA-Z0-9_-]{0,63}$' },
          label: LOCALIZED,
          required: { type: 'boolean' },
        },
      },
    },
  },
};

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  return ajv;
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

const MESSAGES: Record<Locale, Record<string, (e: ErrorObject) => string>> = {
  de: {
    required: () => 'ist ein Pflichtfeld',
    type: (e) => `hat den falschen Typ (erwartet: ${String(e.params.type)})`,
    format: (e) => `hat nicht das Format ${String(e.params.format)}`,
    pattern: () => 'hat nicht das erwartete Format',
    minLength: (e) => `muss mindestens ${String(e.params.limit)} Zeichen haben`,
    maxLength: (e) => `darf höchstens ${String(e.params.limit)} Zeichen haben`,
    minimum: (e) => `muss mindestens ${String(e.params.limit)} sein`,
    maximum: (e) => `darf höchstens ${String(e.params.limit)} sein`,
    enum: () => 'ist keiner der erlaubten Werte',
    const: () => 'hat nicht den geforderten Wert',
    additionalProperties: (e) => `enthält das unbekannte Feld ${String(e.params.additionalProperty)}`,
    minItems: (e) => `braucht mindestens ${String(e.params.limit)} Einträge`,
    maxItems: (e) => `darf höchstens ${String(e.params.limit)} Einträge haben`,
  },
  en: {
    required: () => 'is required',
    type: (e) => `has the wrong type (expected ${String(e.params.type)})`,
    format: (e) => `is not a valid ${String(e.params.format)}`,
    pattern: () => 'does not have the expected format',
    minLength: (e) => `must have at least ${String(e.params.limit)} characters`,
    maxLength: (e) => `must have at most ${String(e.params.limit)} characters`,
    minimum: (e) => `must be at least ${String(e.params.limit)}`,
    maximum: (e) => `must be at most ${String(e.params.limit)}`,
    enum: () => 'is not one of the allowed values',
    const: () => 'does not have the required value',
    additionalProperties: (e) => `contains the unknown field ${String(e.params.additionalProperty)}`,
    minItems: (e) => `needs at least ${String(e.params.limit)} entries`,
    maxItems: (e) => `must have at most ${String(e.params.limit)} entries`,
  },
};

/** One error per failing field (the first), with the form's dotted paths and messages in `locale`. */
export function toFieldErrors(errors: readonly ErrorObject[], locale: Locale): FieldError[] {
  const byField = new Map<string, string>();
  for (const error of errors) {
    // `if` only says that a `then`/`else` failed; that one is reported on its own field
    if (error.keyword === 'if') continue;
    let pointer = error.instancePath;
    if (error.keyword === 'required') pointer += `/${String(error.params.missingProperty)}`;
    if (error.keyword === 'additionalProperties') pointer += `/${String(error.params.additionalProperty)}`;
    if (error.keyword === 'dependentRequired') pointer += `/${String(error.params.missingProperty)}`;
    const field = pointerToPath(pointer) || '(form)';
    if (byField.has(field)) continue;
    const message = MESSAGES[locale][error.keyword]?.(error) ?? error.message ?? 'is invalid';
    byField.set(field, message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

/** All property paths a schema declares (nested objects included, `if/then/else` branches too). */
function declaredPaths(schema: unknown, prefix = '', into = new Set<string>()): Set<string> {
  if (typeof schema !== 'object' || schema === null) return into;
  const s = schema as Record<string, unknown>;
  const props = s.properties;
  if (typeof props === 'object' && props !== null) {
    for (const [key, sub] of Object.entries(props as Record<string, unknown>)) {
      const path = prefix ? `${prefix}.${key}` : key;
      into.add(path);
      declaredPaths(sub, path, into);
    }
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = s[keyword];
    if (Array.isArray(list)) for (const sub of list) declaredPaths(sub, prefix, into);
  }
  for (const keyword of ['then', 'else']) declaredPaths(s[keyword], prefix, into);
  return into;
}

/**
 * Compiles and caches the validators of published forms (immutable, so a form id's validator never
 * changes), and checks new form definitions before they are published.
 */
export class FormValidator {
  private readonly ajv = newAjv();
  private readonly uiValidator: ValidateFunction = newAjv().compile(UI_SCHEMA);
  private readonly cache = new Map<string, ValidateFunction>();

  /** Problems of a new `{schema, ui}` as field errors; empty when it can be published. */
  checkDefinition(schema: unknown, ui: unknown): FieldError[] {
    const errors: FieldError[] = [];
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      return [{ field: 'schema', message: 'must be a JSON Schema object' }];
    }
    const s = schema as Record<string, unknown>;
    if (s.$schema !== undefined && s.$schema !== 'https://json-schema.org/draft/2020-12/schema') {
      errors.push({ field: 'schema.$schema', message: 'must be JSON Schema 2020-12 (or left out)' });
    }
    if (s.type !== 'object') errors.push({ field: 'schema.type', message: 'must be "object"' });
    const ajv = newAjv();
    if (!ajv.validateSchema(schema)) {
      const first = ajv.errors?.[0];
      errors.push({
        field: `schema${pointerToPath(first?.instancePath ?? '') ? `.${pointerToPath(first?.instancePath ?? '')}` : ''}`,
        message: first?.message ?? 'is not a valid JSON Schema',
      });
    } else {
      try {
        ajv.compile(schema);
      } catch (error) {
        errors.push({
          field: 'schema',
          message: error instanceof Error ? error.message : 'cannot be compiled',
        });
      }
    }
    if (!this.uiValidator(ui)) {
      const first = this.uiValidator.errors?.[0];
      const path = first ? pointerToPath(first.instancePath) : '';
      errors.push({ field: path ? `ui.${path}` : 'ui', message: first?.message ?? 'is invalid' });
    } else if (errors.length === 0) {
      const paths = declaredPaths(schema);
      (ui as FormUi).sections.forEach((section, i) =>
        section.fields.forEach((field, j) => {
          if (!paths.has(field.name)) {
            errors.push({
              field: `ui.sections[${i}].fields[${j}].name`,
              message: `names no property of the schema (${field.name})`,
            });
          }
        }),
      );
    }
    return errors;
  }

  /** Validates application data against a published form; one error per failing field. */
  validate(
    form: { id: string; schema: Record<string, unknown> },
    data: unknown,
    locale: Locale,
  ): FieldError[] {
    let validate = this.cache.get(form.id);
    if (!validate) {
      validate = this.ajv.compile(form.schema);
      this.cache.set(form.id, validate);
    }
    return validate(data) ? [] : toFieldErrors(validate.errors ?? [], locale);
  }
}
