import type { ServiceName } from '@buergeramt/contracts';

export type JsonObject = { [key: string]: unknown };

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const COMPONENT_SECTIONS = [
  'schemas',
  'responses',
  'parameters',
  'examples',
  'requestBodies',
  'headers',
  'securitySchemes',
  'links',
  'callbacks',
  'pathItems',
] as const;
type Section = (typeof COMPONENT_SECTIONS)[number];

export interface ServiceDocument {
  service: ServiceName;
  document: JsonObject;
}

export interface MergeOptions {
  /** The public prefix put in front of every service path (`/api/v1`). */
  prefix: string;
  /** Which service the gateway routes a path (below the prefix) to; paths of other services are dropped. */
  routeOf: (path: string) => ServiceName | undefined;
  info: JsonObject;
  servers: JsonObject[];
  /** Services whose document could not be fetched; listed in `x-unavailable-services`. */
  unavailable: ServiceName[];
  /** Paths the gateway answers itself (already with the prefix), e.g. the aggregated health. */
  ownPaths?: JsonObject;
  /**
   * Schemas of the gateway's own paths. Their names are kept: a service defining one of them differently
   * gets its own renamed (`<service>_<Name>`), as in any clash.
   */
  ownSchemas?: JsonObject;
}

/** JSON with sorted keys, for comparing definitions. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The key of the gateway's own schemas among the services' definitions (never renamed). */
const GATEWAY = Symbol('gateway');

/** `renames.get(section).get(name)` → the name in the merged document, for one service. */
type Renames = Map<Section, Map<string, string>>;

const REF = /^#\/components\/([A-Za-z]+)\/([^/]+)$/;

function renamedRef(ref: string, renames: Renames): string {
  const match = REF.exec(ref);
  if (!match) return ref;
  const [, section = '', name = ''] = match;
  const renamed = renames.get(section as Section)?.get(name);
  return renamed ? `#/components/${section}/${renamed}` : ref;
}

function renameSecurity(requirements: unknown[], renames: Renames): unknown[] {
  const schemes = renames.get('securitySchemes');
  return requirements.map((requirement) =>
    isObject(requirement)
      ? Object.fromEntries(Object.entries(requirement).map(([k, v]) => [schemes?.get(k) ?? k, v]))
      : requirement,
  );
}

/**
 * Rewrites `$ref`s and discriminator mappings to renamed components, and brings OpenAPI 3.0 schema
 * keywords to 3.1 (`nullable` → a `null` type, boolean `exclusiveMinimum`/`exclusiveMaximum` → numbers).
 */
function rewrite(value: unknown, renames: Renames, upgrade: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, renames, upgrade));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') {
      out[key] = renamedRef(child, renames);
    } else if (
      key === 'mapping' &&
      isObject(child) &&
      Object.values(child).every((v) => typeof v === 'string')
    ) {
      out[key] = Object.fromEntries(
        Object.entries(child).map(([k, v]) => [k, typeof v === 'string' ? renamedRef(v, renames) : v]),
      );
    } else if (key === 'security' && Array.isArray(child)) {
      out[key] = renameSecurity(child, renames);
    } else {
      out[key] = rewrite(child, renames, upgrade);
    }
  }
  return upgrade ? upgradeSchema(out) : out;
}

function upgradeSchema(schema: JsonObject): JsonObject {
  let result = schema;
  if (typeof result.exclusiveMinimum === 'boolean') {
    const { exclusiveMinimum, minimum, ...rest } = result;
    result =
      exclusiveMinimum && typeof minimum === 'number'
        ? { ...rest, exclusiveMinimum: minimum }
        : { ...rest, minimum };
  }
  if (typeof result.exclusiveMaximum === 'boolean') {
    const { exclusiveMaximum, maximum, ...rest } = result;
    result =
      exclusiveMaximum && typeof maximum === 'number'
        ? { ...rest, exclusiveMaximum: maximum }
        : { ...rest, maximum };
  }
  if (typeof result.nullable === 'boolean') {
    const { nullable, ...rest } = result;
    if (!nullable) return rest;
    if (typeof rest.type === 'string') return { ...rest, type: [rest.type, 'null'] };
    if (Array.isArray(rest.type)) return { ...rest, type: [...(rest.type as unknown[]), 'null'] };
    return { anyOf: [rest, { type: 'null' }] };
  }
  return result;
}

function sectionsOf(document: JsonObject): Map<Section, JsonObject> {
  const components = isObject(document.components) ? document.components : {};
  const sections = new Map<Section, JsonObject>();
  for (const section of COMPONENT_SECTIONS) {
    const entries = components[section];
    if (isObject(entries)) sections.set(section, entries);
  }
  return sections;
}

/**
 * Component names that mean different things in different services get the service's name in front
 * (`identity_Profile`, `documents_Profile`) in every service that defines them; identical definitions
 * are shared. Repeated until stable, as a rename can make definitions that refer to it differ too.
 */
function computeRenames(docs: ServiceDocument[], ownSchemas: JsonObject = {}): Map<ServiceName, Renames> {
  const renames = new Map<ServiceName, Renames>(docs.map((d) => [d.service, new Map()]));
  const sections = new Map(docs.map((d) => [d.service, sectionsOf(d.document)]));
  for (let changed = true; changed;) {
    changed = false;
    for (const section of COMPONENT_SECTIONS) {
      const definers = new Map<string, Map<ServiceName | typeof GATEWAY, string>>();
      if (section === 'schemas') {
        for (const [name, definition] of Object.entries(ownSchemas)) {
          definers.set(name, new Map([[GATEWAY, canonical(definition)]]));
        }
      }
      for (const { service } of docs) {
        const entries = sections.get(service)?.get(section) ?? {};
        const serviceRenames = renames.get(service) ?? new Map<Section, Map<string, string>>();
        for (const [name, definition] of Object.entries(entries)) {
          const byService = definers.get(name) ?? new Map<ServiceName | typeof GATEWAY, string>();
          byService.set(service, canonical(rewrite(definition, serviceRenames, false)));
          definers.set(name, byService);
        }
      }
      for (const [name, byService] of definers) {
        if (new Set(byService.values()).size <= 1) continue;
        for (const service of byService.keys()) {
          if (service === GATEWAY) continue; // the gateway's own names stay
          const serviceRenames = renames.get(service);
          if (!serviceRenames) continue;
          const sectionRenames = serviceRenames.get(section) ?? new Map<string, string>();
          if (!sectionRenames.has(name)) {
            sectionRenames.set(name, `${service}_${name}`);
            serviceRenames.set(section, sectionRenames);
            changed = true;
          }
        }
      }
    }
  }
  return renames;
}

/**
 * Merges the services' OpenAPI documents into the public one: paths get the public prefix (and only
 * the paths the gateway actually routes to that service are kept), components are merged with clashes
 * renamed, operations without tags are tagged with their service, top-level `security` moves onto the
 * operations, operationIds are made unique and servers inside the documents (internal addresses) are
 * dropped. The result is OpenAPI 3.1.0.
 */
export function mergeOpenApi(docs: ServiceDocument[], options: MergeOptions): JsonObject {
  const renames = computeRenames(docs, options.ownSchemas);
  const paths: JsonObject = { ...(options.ownPaths ?? {}) };
  const components = new Map<Section, JsonObject>();
  if (options.ownSchemas) components.set('schemas', { ...options.ownSchemas });
  const tags = new Map<string, JsonObject>();
  const addTags = (operation: JsonObject): void => {
    if (!Array.isArray(operation.tags)) return;
    for (const tag of operation.tags as unknown[]) {
      if (typeof tag === 'string' && !tags.has(tag)) tags.set(tag, { name: tag });
    }
  };
  for (const item of Object.values(paths)) {
    for (const method of OPERATIONS) {
      const operation = isObject(item) ? item[method] : undefined;
      if (isObject(operation)) addTags(operation);
    }
  }
  const operations: { service: ServiceName; operation: JsonObject }[] = [];

  for (const { service, document } of docs) {
    const serviceRenames = renames.get(service) ?? new Map<Section, Map<string, string>>();
    const upgrade = typeof document.openapi === 'string' && document.openapi.startsWith('3.0');
    const fix = (value: unknown): unknown => rewrite(value, serviceRenames, upgrade);
    const defaultSecurity = Array.isArray(document.security)
      ? renameSecurity(document.security, serviceRenames)
      : undefined;

    for (const [section, entries] of sectionsOf(document)) {
      const merged = components.get(section) ?? {};
      for (const [name, definition] of Object.entries(entries)) {
        const target = serviceRenames.get(section)?.get(name) ?? name;
        if (!(target in merged)) merged[target] = fix(definition);
      }
      components.set(section, merged);
    }

    if (Array.isArray(document.tags)) {
      for (const tag of document.tags) {
        if (isObject(tag) && typeof tag.name === 'string' && !tags.has(tag.name)) tags.set(tag.name, tag);
      }
    }

    const servicePaths = isObject(document.paths) ? document.paths : {};
    for (const [path, rawItem] of Object.entries(servicePaths)) {
      if (!isObject(rawItem) || options.routeOf(path) !== service) continue;
      const item = fix(rawItem) as JsonObject;
      delete item.servers;
      for (const method of OPERATIONS) {
        const operation = item[method];
        if (!isObject(operation)) continue;
        delete operation.servers;
        if (!Array.isArray(operation.tags) || operation.tags.length === 0) operation.tags = [service];
        if (operation.security === undefined && defaultSecurity !== undefined)
          operation.security = defaultSecurity;
        addTags(operation);
        operations.push({ service, operation });
      }
      paths[`${options.prefix}${path}`] = item;
    }
  }

  // operationIds must be unique in a document; a clash gets the service name in front.
  const idCounts = new Map<string, number>();
  for (const { operation } of operations) {
    if (typeof operation.operationId === 'string') {
      idCounts.set(operation.operationId, (idCounts.get(operation.operationId) ?? 0) + 1);
    }
  }
  for (const { service, operation } of operations) {
    if (typeof operation.operationId === 'string' && (idCounts.get(operation.operationId) ?? 0) > 1) {
      operation.operationId = `${service}_${operation.operationId}`;
    }
  }

  const sortedPaths = Object.fromEntries(
    Object.keys(paths)
      .sort()
      .map((p) => [p, paths[p]]),
  );
  const mergedComponents: JsonObject = {};
  for (const section of COMPONENT_SECTIONS) {
    const entries = components.get(section);
    if (entries && Object.keys(entries).length > 0) {
      mergedComponents[section] = Object.fromEntries(
        Object.keys(entries)
          .sort()
          .map((n) => [n, entries[n]]),
      );
    }
  }

  return {
    openapi: '3.1.0',
    info: options.info,
    servers: options.servers,
    tags: [...tags.values()],
    paths: sortedPaths,
    components: mergedComponents,
    'x-unavailable-services': [...options.unavailable],
  };
}
