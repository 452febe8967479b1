import { clone, isObject, ManifestError, type Json, type JsonObject } from './yaml-docs';

/** One RFC 6902 operation, as kustomize reads them from a patch file. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: Json;
  from?: string;
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

export function toOperations(value: Json, source: string): JsonPatchOperation[] {
  if (!Array.isArray(value)) throw new ManifestError(`${source}: a JSON patch is a list of operations`);
  return value.map((entry, index) => {
    if (
      !isObject(entry) ||
      typeof entry.op !== 'string' ||
      !OPS.has(entry.op) ||
      typeof entry.path !== 'string'
    ) {
      throw new ManifestError(`${source}: operation ${index + 1} needs a known op and a path`);
    }
    if ((entry.op === 'move' || entry.op === 'copy') && typeof entry.from !== 'string') {
      throw new ManifestError(`${source}: operation ${index + 1} (${entry.op}) needs from`);
    }
    return entry as unknown as JsonPatchOperation;
  });
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new ManifestError(`JSON pointer "${path}" must start with /`);
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(token: string, length: number, allowEnd: boolean, path: string): number {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new ManifestError(`${path}: "${token}" is not an array index`);
  const index = Number(token);
  if (index > length || (!allowEnd && index === length))
    throw new ManifestError(`${path}: index out of range`);
  return index;
}

/** The parent container of the pointer's last token, and that token. */
function locate(document: Json, path: string): { parent: JsonObject | Json[]; key: string } {
  const tokens = pointer(path);
  const key = tokens.pop();
  if (key === undefined) throw new ManifestError('operations on the whole document are not supported');
  let current: Json = document;
  for (const token of tokens) {
    if (Array.isArray(current)) current = current[arrayIndex(token, current.length, false, path)];
    else if (isObject(current) && token in current) current = current[token];
    else throw new ManifestError(`${path}: "${token}" does not exist`);
  }
  if (!Array.isArray(current) && !isObject(current))
    throw new ManifestError(`${path}: parent is not a container`);
  return { parent: current, key };
}

function read(document: Json, path: string): Json {
  const { parent, key } = locate(document, path);
  if (Array.isArray(parent)) return parent[arrayIndex(key, parent.length, false, path)];
  if (!(key in parent)) throw new ManifestError(`${path}: does not exist`);
  return parent[key];
}

function add(document: Json, path: string, value: Json): void {
  const { parent, key } = locate(document, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, true, path), 0, clone(value));
  else parent[key] = clone(value);
}

function remove(document: Json, path: string): Json {
  const { parent, key } = locate(document, path);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(key, parent.length, false, path), 1)[0];
  if (!(key in parent)) throw new ManifestError(`${path}: cannot remove, does not exist`);
  const old = parent[key];
  delete parent[key];
  return old;
}

/** Applies the operations in order to the document (in place), as RFC 6902 describes. */
export function applyJsonPatch(document: JsonObject, operations: readonly JsonPatchOperation[]): void {
  for (const operation of operations) {
    const { path } = operation;
    switch (operation.op) {
      case 'add':
        add(document, path, operation.value ?? null);
        break;
      case 'remove':
        remove(document, path);
        break;
      case 'replace':
        read(document, path);
        remove(document, path);
        add(document, path, operation.value ?? null);
        break;
      case 'move':
        add(document, path, remove(document, operation.from ?? ''));
        break;
      case 'copy':
        add(document, path, read(document, operation.from ?? ''));
        break;
      case 'test':
        if (JSON.stringify(read(document, path)) !== JSON.stringify(operation.value ?? null)) {
          throw new ManifestError(`${path}: test failed`);
        }
        break;
    }
  }
}
