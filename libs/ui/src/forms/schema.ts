// Reading a form's JSON Schema for one field: its sub-schema (through nested `properties`, array
// `items`, `allOf`, `if/then/else` and local `$ref`s), its type and choices, whether it is required now,
// and which kind of control shows it.
import { matchesSchema, type FormWidget } from '@buergeramt/contracts';
import { isPlainObject, parsePath, type PathSegment } from './paths';
import type { UiFormFieldKind, UiJsonSchema } from './types';

const isSchema = isPlainObject;

/** The target of a local `$ref` (`#/$defs/address`), or undefined. */
function resolveRef(root: UiJsonSchema, ref: unknown): UiJsonSchema | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  const target = parsePointer(ref.slice(1)).reduce<unknown>(
    (node, key) =>
      isPlainObject(node) ? node[key] : Array.isArray(node) ? (node[Number(key)] as unknown) : undefined,
    root,
  );
  return isSchema(target) ? target : undefined;
}

function parsePointer(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Whether an `if` holds for a value; `$defs` of the root are carried along for its `$ref`s. */
function conditionHolds(root: UiJsonSchema, condition: UiJsonSchema, value: unknown): boolean {
  const schema = root.$defs === undefined ? condition : { $defs: root.$defs, ...condition };
  try {
    return matchesSchema(schema, value);
  } catch {
    // a `$ref` outside the document: the condition cannot be decided here, as if it did not hold
    return false;
  }
}

interface Known {
  value: unknown;
}

/**
 * The schemas that apply at one place: the schema, the targets of its `$ref`s, its `allOf` members and
 * its `then`/`else`: the branch its `if` selects for a known value, else both (a branch may declare the
 * field).
 */
function applicable(root: UiJsonSchema, schema: unknown, known?: Known, depth = 0): UiJsonSchema[] {
  if (!isSchema(schema) || depth > 32) return [];
  const result = [schema];
  const more = (sub: unknown) => result.push(...applicable(root, sub, known, depth + 1));
  if (schema.$ref !== undefined) more(resolveRef(root, schema.$ref));
  if (Array.isArray(schema.allOf)) for (const sub of schema.allOf) more(sub);
  if (isSchema(schema.if)) {
    if (!known) {
      more(schema.then);
      more(schema.else);
    } else {
      more(conditionHolds(root, schema.if, known.value ?? {}) ? schema.then : schema.else);
    }
  }
  return result;
}

function step(root: UiJsonSchema, schemas: readonly UiJsonSchema[], segment: PathSegment, known?: Known) {
  return schemas.flatMap((schema) => {
    if (typeof segment === 'number') {
      const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems[segment] as unknown) : undefined;
      return applicable(root, prefix ?? schema.items, known);
    }
    const properties = isSchema(schema.properties) ? schema.properties : {};
    return Object.hasOwn(properties, segment) ? applicable(root, properties[segment], known) : [];
  });
}

/** One schema of several that apply to the same place; the first one's keywords win. */
function merge(schemas: readonly UiJsonSchema[]): UiJsonSchema {
  return Object.assign({}, ...[...schemas].reverse()) as UiJsonSchema;
}

/** The sub-schema of the field `name` (`dog.birthDate`, `children[0].name`), or undefined if none. */
export function fieldSchema(root: UiJsonSchema, name: string): UiJsonSchema | undefined {
  let schemas = applicable(root, root);
  for (const segment of parsePath(name)) {
    schemas = step(root, schemas, segment);
    if (schemas.length === 0) return undefined;
  }
  return merge(schemas);
}

/** The schema of one entry of an array field, or undefined. */
export function itemSchema(root: UiJsonSchema, schema: UiJsonSchema): UiJsonSchema | undefined {
  const schemas = applicable(root, schema.items);
  return schemas.length > 0 ? merge(schemas) : undefined;
}

/** The properties an object schema declares (with `allOf`, branches and `$ref`s), in their order. */
export function objectProperties(root: UiJsonSchema, schema: UiJsonSchema): [string, UiJsonSchema][] {
  const schemas = applicable(root, schema);
  const keys = new Set(schemas.flatMap((s) => (isSchema(s.properties) ? Object.keys(s.properties) : [])));
  return [...keys].map((key) => [key, merge(step(root, schemas, key))]);
}

/** Whether the field `name` is required for these answers (the `if`s evaluated on them). */
export function isRequired(root: UiJsonSchema, name: string, values: unknown): boolean {
  const segments = parsePath(name);
  const key = segments.at(-1);
  if (typeof key !== 'string') return false;
  let value: unknown = values;
  let schemas = applicable(root, root, { value });
  for (const segment of segments.slice(0, -1)) {
    value =
      typeof segment === 'number'
        ? Array.isArray(value)
          ? (value[segment] as unknown)
          : undefined
        : isPlainObject(value)
          ? value[segment]
          : undefined;
    schemas = step(root, schemas, segment, { value });
  }
  return schemas.some((schema) => Array.isArray(schema.required) && schema.required.includes(key));
}

/** The JSON type of a schema ('string', 'integer'…; of a nullable type the other one). */
export function schemaType(schema: UiJsonSchema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type))
    return schema.type.find((t): t is string => typeof t === 'string' && t !== 'null');
  if (typeof schema.const === 'boolean') return 'boolean';
  return undefined;
}

export interface SchemaChoice {
  value: unknown;
  /** the `title` of a `oneOf`/`anyOf` choice `{ const, title }` */
  title?: string;
}

/** The values a schema allows: its `enum`, or a `oneOf`/`anyOf` of `{ const, title }` choices. */
export function schemaChoices(schema: UiJsonSchema): SchemaChoice[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum.map((value: unknown) => ({ value }));
  for (const keyword of ['oneOf', 'anyOf']) {
    const list = schema[keyword];
    if (
      Array.isArray(list) &&
      list.length > 0 &&
      list.every((c) => isSchema(c) && Object.hasOwn(c, 'const'))
    ) {
      return (list as UiJsonSchema[]).map((choice) => ({
        value: choice.const,
        title: typeof choice.title === 'string' ? choice.title : undefined,
      }));
    }
  }
  return undefined;
}

/** Radios up to this many choices, a select above (GOV.UK: radios for a few options). */
export const MAX_RADIOS = 5;

const WIDGET_KINDS: Record<FormWidget, UiFormFieldKind> = {
  text: 'text',
  textarea: 'textarea',
  date: 'date',
  email: 'email',
  tel: 'tel',
  number: 'number',
  select: 'select',
  radio: 'radio',
  checkbox: 'checkbox',
};

/**
 * The control for a field: the ui's `widget` when it fits the schema, else one chosen from the schema
 * (choices → radios up to 5, else a select; boolean → checkbox; date/email formats; numbers; long text
 * → textarea). An array of objects is a repeatable group, an array of choices a checkbox group.
 */
export function fieldKind(root: UiJsonSchema, schema: UiJsonSchema, widget?: FormWidget): UiFormFieldKind {
  const type = schemaType(schema);
  const choices = schemaChoices(schema);
  if (type === 'array') {
    const items = itemSchema(root, schema);
    if (!items) return 'unsupported';
    if (schemaChoices(items)) return 'checkboxes';
    const itemType = schemaType(items);
    if (itemType === 'object' || (itemType === undefined && isSchema(items.properties))) return 'repeatable';
    return 'unsupported';
  }
  if (type === 'object' || (type === undefined && isSchema(schema.properties))) return 'unsupported';
  const wanted = widget ? WIDGET_KINDS[widget] : undefined;
  if (wanted === 'select' || wanted === 'radio') {
    if (choices || type === 'boolean') return wanted;
  } else if (wanted === 'checkbox') {
    if (type === 'boolean') return wanted;
  } else if (wanted !== undefined) {
    return wanted;
  }
  if (choices) return choices.length > MAX_RADIOS ? 'select' : 'radio';
  if (type === 'boolean') return 'checkbox';
  if (type === 'integer' || type === 'number') return 'number';
  if (schema.format === 'date') return 'date';
  if (schema.format === 'email') return 'email';
  if (typeof schema.maxLength === 'number' && schema.maxLength > 200) return 'textarea';
  return 'text';
}
