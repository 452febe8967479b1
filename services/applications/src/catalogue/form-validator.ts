import {
  FORM_LEVEL_FIELD,
  FORM_WIDGETS,
  firstErrorPerField,
  formErrorMessage,
  formOptionKey,
  pointerToPath,
  type FormErrorParams,
  type FormUi,
  type Locale,
} from '@buergeramt/contracts';
import type { FieldError } from '@buergeramt/platform';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isDeepStrictEqual } from 'node:util';

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
                widget: { enum: FORM_WIDGETS },
                // labels of the field's choices by value (checked against the schema's enum on publish)
                options: {
                  type: 'object',
                  minProperties: 1,
                  maxProperties: 100,
                  propertyNames: { minLength: 1, maxLength: 200 },
                  additionalProperties: LOCALIZED,
                },
                // shown when the field `field` has the value `equals`, or one of the values `in`
                showIf: {
                  type: 'object',
                  required: ['field'],
                  additionalProperties: false,
                  properties: {
                    field: { type: 'string', maxLength: 200 },
                    equals: {},
                    in: { type: 'array', minItems: 1, maxItems: 50 },
                  },
                  oneOf: [{ required: ['equals'] }, { required: ['in'] }],
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

/** A parameter of an Ajv error as text; a list (several types) comma-separated, as Ajv prints it. */
function param(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** What the shared messages (libs/contracts form-errors.ts) need from one of Ajv's errors. */
function paramsOf(error: ErrorObject): FormErrorParams {
  const params = error.params as Record<string, unknown>;
  const limit = params.limit ?? params.multipleOf;
  return {
    type: param(params.type),
    format: param(params.format),
    limit: typeof limit === 'number' ? limit : undefined,
    property: param(params.additionalProperty),
  };
}

/**
 * One error per failing field (the first), with the form's dotted paths and messages in `locale`. The
 * browser reports @cfworker/json-schema's errors the same way (libs/contracts form-validation.ts).
 */
export function toFieldErrors(errors: readonly ErrorObject[], locale: Locale): FieldError[] {
  const located: FieldError[] = [];
  for (const error of errors) {
    // `if` only says that a `then`/`else` failed; that one is reported on its own field
    if (error.keyword === 'if') continue;
    let pointer = error.instancePath;
    if (error.keyword === 'required') pointer += `/${String(error.params.missingProperty)}`;
    if (error.keyword === 'additionalProperties') pointer += `/${String(error.params.additionalProperty)}`;
    if (error.keyword === 'dependentRequired') pointer += `/${String(error.params.missingProperty)}`;
    located.push({
      field: pointerToPath(pointer) || FORM_LEVEL_FIELD,
      message: formErrorMessage(error.keyword, paramsOf(error), locale),
    });
  }
  return firstErrorPerField(located);
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

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The target of a local `$ref` (`#/$defs/zone`), or undefined. */
function resolveRef(root: Schema, ref: unknown): Schema | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  const keys = ref
    .slice(1)
    .split('/')
    .slice(1)
    .map((key) => decodeURIComponent(key).replace(/~1/g, '/').replace(/~0/g, '~'));
  const target = keys.reduce<unknown>(
    (node, key) =>
      isSchema(node) ? node[key] : Array.isArray(node) ? (node[Number(key)] as unknown) : undefined,
    root,
  );
  return isSchema(target) ? target : undefined;
}

/**
 * The schemas that apply at one place: the schema, its local `$ref`'s target, the members of its
 * `allOf`/`anyOf`/`oneOf` and its `then`/`else` (a branch or a `oneOf` of `const`s may declare a choice).
 */
function applicableSchemas(root: Schema, schema: unknown, depth = 0): Schema[] {
  if (!isSchema(schema) || depth > 32) return [];
  const result = [schema];
  const more = (sub: unknown): void => {
    result.push(...applicableSchemas(root, sub, depth + 1));
  };
  if (schema.$ref !== undefined) more(resolveRef(root, schema.$ref));
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[keyword];
    if (Array.isArray(list)) for (const sub of list) more(sub);
  }
  more(schema.then);
  more(schema.else);
  return result;
}

/**
 * The keys (`formOptionKey`) of the values a field may take: its `enum`s and `const`s wherever the schema
 * declares the field, and those of its items for an array (a group of checkboxes).
 */
function choiceKeys(schema: unknown, name: string): Set<string> {
  const keys = new Set<string>();
  if (!isSchema(schema)) return keys;
  let schemas = applicableSchemas(schema, schema);
  for (const segment of name.split('.')) {
    schemas = schemas.flatMap((s) =>
      isSchema(s.properties) && Object.hasOwn(s.properties, segment)
        ? applicableSchemas(schema, s.properties[segment])
        : [],
    );
  }
  const here = [...schemas, ...schemas.flatMap((s) => applicableSchemas(schema, s.items))];
  for (const s of here) {
    const values = [
      ...(Array.isArray(s.enum) ? (s.enum as unknown[]) : []),
      ...('const' in s ? [s.const] : []),
    ];
    for (const value of values) {
      const key = formOptionKey(value);
      if (key !== undefined) keys.add(key);
    }
  }
  return keys;
}

/**
 * Option labels for values the field cannot take, or on a field without choices (a field that names no
 * property is reported by its name alone).
 */
function unknownOptions(schema: unknown, ui: FormUi, paths: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  ui.sections.forEach((section, i) =>
    section.fields.forEach((field, j) => {
      if (!field.options || !paths.has(field.name)) return;
      const choices = choiceKeys(schema, field.name);
      const at = `ui.sections[${i}].fields[${j}].options`;
      if (choices.size === 0) {
        errors.push({ field: at, message: `labels choices, but ${field.name} has no enum in the schema` });
        return;
      }
      const unknown = Object.keys(field.options).filter((key) => !choices.has(key));
      if (unknown.length > 0) {
        errors.push({
          field: at,
          message: `labels values that are not in the enum of ${field.name} (${unknown.map((k) => JSON.stringify(k)).join(', ')})`,
        });
      }
    }),
  );
  return errors;
}

/** A field that the schema requires only when another field has one of some values (`if/then`). */
export interface ConditionalRequirement {
  /** dotted path of the required field */
  field: string;
  /** dotted path of the field the condition looks at */
  when: string;
  /** the values of `when` that make `field` required */
  values: unknown[];
  /**
   * true when the condition also holds while `when` is not filled in (JSON Schema's `if` passes when the
   * property is absent, unless `if` or the object itself lists it as `required`): no `showIf` shows that
   */
  whileEmpty: boolean;
}

/**
 * The schema's simple conditions: `if: {properties: {F: {const: v} | {enum: [...]}}}` with `then:
 * {required: [...]}`, at the root, in nested objects and in `allOf`. Other shapes of `if` are not read
 * (and not checked against the UI).
 */
export function conditionalRequirements(
  schema: unknown,
  prefix = '',
  into: ConditionalRequirement[] = [],
  requiredAround: readonly unknown[] = [],
): ConditionalRequirement[] {
  if (typeof schema !== 'object' || schema === null) return into;
  const s = schema as Record<string, unknown>;
  const at = (name: string): string => (prefix ? `${prefix}.${name}` : name);
  const requiredHere = [...requiredAround, ...(Array.isArray(s.required) ? (s.required as unknown[]) : [])];
  const condition = s.if as { properties?: Record<string, unknown>; required?: unknown } | undefined;
  const then = s.then as { required?: unknown } | undefined;
  const tested = condition?.properties ? Object.entries(condition.properties) : [];
  const [only] = tested;
  if (only && tested.length === 1 && Array.isArray(then?.required)) {
    const [name, test] = only;
    const t = typeof test === 'object' && test !== null ? (test as { const?: unknown; enum?: unknown }) : {};
    const values = 'const' in t ? [t.const] : Array.isArray(t.enum) ? t.enum : null;
    const whileEmpty = !(
      requiredHere.includes(name) ||
      (Array.isArray(condition?.required) && condition.required.includes(name))
    );
    if (values) {
      for (const required of then.required) {
        if (typeof required === 'string')
          into.push({ field: at(required), when: at(name), values, whileEmpty });
      }
    }
  }
  const props = s.properties;
  if (typeof props === 'object' && props !== null) {
    for (const [key, sub] of Object.entries(props as Record<string, unknown>)) {
      conditionalRequirements(sub, at(key), into);
    }
  }
  // the subschemas of allOf constrain the same object: its `required` counts for their conditions
  if (Array.isArray(s.allOf)) {
    for (const sub of s.allOf) conditionalRequirements(sub, prefix, into, requiredHere);
  }
  return into;
}

/** The values of the field named in `showIf` for which the UI shows the field. */
export function shownFor(showIf: { equals?: unknown; in?: unknown[] }): unknown[] {
  return showIf.in ?? [showIf.equals];
}

/**
 * Fields the UI would hide while the schema requires them: a `showIf` that looks at another field than
 * the schema's condition, leaves out one of its values, or hides the field while the condition's field is
 * empty although the condition holds then too. A resident could never fill them in.
 */
function hiddenWhileRequired(schema: unknown, ui: FormUi): FieldError[] {
  const requirements = conditionalRequirements(schema);
  const errors: FieldError[] = [];
  ui.sections.forEach((section, i) =>
    section.fields.forEach((field, j) => {
      if (!field.showIf) return;
      const shown = shownFor(field.showIf);
      for (const need of requirements.filter((r) => r.field === field.name)) {
        const hidden = (
          field.showIf.field !== need.when
            ? need.values
            : need.values.filter((v) => !shown.some((s) => isDeepStrictEqual(s, v)))
        ).map((v) => JSON.stringify(v));
        if (need.whileEmpty) hidden.push('(empty)');
        if (hidden.length > 0) {
          errors.push({
            field: `ui.sections[${i}].fields[${j}].showIf`,
            message: `hides the field while the schema requires it (${need.when} = ${hidden.join(' | ')})`,
          });
          return;
        }
      }
    }),
  );
  return errors;
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
      errors.push(...hiddenWhileRequired(schema, ui as FormUi));
      errors.push(...unknownOptions(schema, ui as FormUi, paths));
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
