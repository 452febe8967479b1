/**
 * Checks of a service's OpenAPI document that its tests run, so that a generated client knows every shape:
 * no object without properties (a client would type it `Record<string, never>`), no nullable `$ref` or enum
 * in a form that refuses null once upgraded to OpenAPI 3.1, and a documented success answer on every
 * operation.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * JSON pointers of schemas that say `type: object` without saying what is in it (no `properties`,
 * `additionalProperties`, composition or `$ref`), and of nullable ones that put `type: object` next to an
 * `allOf` (which still refuses null once `nullable` becomes a `null` type). A free-form object must say so
 * with `additionalProperties: true`.
 */
export function shapelessSchemas(document: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => visit(child, `${pointer}/${i}`));
      return;
    }
    if (!isObject(node)) return;
    const types = Array.isArray(node.type) ? (node.type as unknown[]) : [node.type];
    if (types.includes('object')) {
      const shaped = ['properties', 'additionalProperties', 'allOf', 'oneOf', 'anyOf', '$ref'].some(
        (key) => key in node,
      );
      const brokenNullable = node.nullable === true && 'allOf' in node;
      if (!shaped || brokenNullable) found.push(pointer);
    }
    for (const [key, child] of Object.entries(node)) {
      // `example`s are values, not schemas
      if (key !== 'example' && key !== 'examples')
        visit(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  visit(document, '');
  return found;
}

/**
 * JSON pointers of nullable enums whose values leave out null: once `nullable` becomes a `null` type
 * (OpenAPI 3.1, the gateway's document), the enum would still refuse null. List null among the values.
 */
export function enumsRefusingNull(document: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => visit(child, `${pointer}/${i}`));
      return;
    }
    if (!isObject(node)) return;
    const nullable = node.nullable === true || (Array.isArray(node.type) && node.type.includes('null'));
    if (nullable && Array.isArray(node.enum) && !node.enum.includes(null)) found.push(pointer);
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'example' && key !== 'examples' && key !== 'enum') visit(child, `${pointer}/${key}`);
    }
  };
  visit(document, '');
  return found;
}

/** `METHOD path` of every operation that documents no 2xx or 3xx answer. */
export function operationsWithoutSuccess(document: unknown): string[] {
  const paths = isObject(document) && isObject(document.paths) ? document.paths : {};
  const found: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of OPERATIONS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const responses = isObject(operation.responses) ? Object.keys(operation.responses) : [];
      if (!responses.some((status) => /^[23]/.test(status))) found.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return found;
}
