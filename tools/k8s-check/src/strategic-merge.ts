import { clone, isObject, ManifestError, type Json, type JsonObject } from './yaml-docs';

/**
 * The merge key of a list that a strategic-merge patch merges element by element (Kubernetes'
 * `patchMergeKey`), for the lists these manifests patch; every other list is replaced as a whole.
 */
function mergeKey(kind: string, path: readonly string[]): string | undefined {
  const field = path[path.length - 1];
  const parent = path[path.length - 2];
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'ports':
      if (kind === 'Service' && parent === 'spec' && path.length === 2) return 'port';
      if (path.includes('containers') || path.includes('initContainers')) return 'containerPort';
      return undefined;
    case undefined: // an empty path
    default:
      return undefined;
  }
}

/** Drops null-valued keys (deletions) from a subtree that is being added, not merged. */
function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, child] of Object.entries(value)) if (child !== null) result[key] = withoutNulls(child);
  return result;
}

function mergeList(kind: string, path: string[], target: Json[], patch: Json[]): Json[] {
  const key = mergeKey(kind, path);
  if (key === undefined) return clone(patch).map(withoutNulls);
  // Like kustomize (kyaml): the patch's elements in the patch's order, each merged into the target's
  // element with the same key, then the target's elements that the patch does not mention.
  const keyOf = (element: Json, from: string): Json => {
    if (!isObject(element) || element[key] === undefined) {
      throw new ManifestError(`${path.join('.')}: ${from} element without merge key "${key}"`);
    }
    return element[key];
  };
  const patched = new Set(patch.map((element) => JSON.stringify(keyOf(element, 'patch'))));
  const merged = patch.map((element) => {
    const id = JSON.stringify(keyOf(element, 'patch'));
    const existing = target.find((candidate) => JSON.stringify(keyOf(candidate, 'target')) === id);
    return isObject(existing) && isObject(element)
      ? mergeValue(kind, path, clone(existing), element)
      : withoutNulls(clone(element));
  });
  const untouched = target.filter((element) => !patched.has(JSON.stringify(keyOf(element, 'target'))));
  return [...merged, ...untouched];
}

function mergeValue(kind: string, path: string[], target: JsonObject, patch: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) {
      throw new ManifestError(`${[...path, key].join('.')}: patch directives are not supported`);
    }
    const current = target[key];
    if (value === null) delete target[key];
    else if (isObject(value) && isObject(current))
      target[key] = mergeValue(kind, [...path, key], current, value);
    else if (Array.isArray(value) && Array.isArray(current))
      target[key] = mergeList(kind, [...path, key], current, value);
    else target[key] = withoutNulls(clone(value));
  }
  return target;
}

/**
 * Applies a strategic-merge patch to a resource (in place): maps merge recursively, `null` deletes a
 * key, lists with a merge key merge by it, other lists and scalars are replaced.
 */
export function strategicMerge(target: JsonObject, patch: JsonObject): void {
  const kind = typeof target.kind === 'string' ? target.kind : '';
  mergeValue(kind, [], target, patch);
}
