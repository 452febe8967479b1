import { applyPatch, JsonPatchError, type Operation, validate } from 'fast-json-patch';
import { ManifestError, type Json, type JsonObject } from './yaml-docs';

/**
 * RFC 6902 JSON patches, as kustomize reads them from a patch file, applied by the maintained
 * `fast-json-patch` (validated before anything is changed; an error names the file and the operation).
 */
export type JsonPatchOperation = Operation;

function describe(error: JsonPatchError, source: string): ManifestError {
  const which = error.index === undefined ? '' : ` operation ${error.index + 1}`;
  return new ManifestError(`${source}:${which}: ${error.message.split('\n')[0]}`);
}

/** The operations of a patch file, checked to be operations (a known op, a path, `from` where needed). */
export function toOperations(value: Json, source: string): JsonPatchOperation[] {
  if (!Array.isArray(value)) throw new ManifestError(`${source}: a JSON patch is a list of operations`);
  const operations = value as unknown as JsonPatchOperation[];
  const error = validate(operations);
  if (error) throw describe(error, source);
  return operations;
}

/** Applies the operations in order to the document (in place); nothing is changed when one fails. */
export function applyJsonPatch(
  document: JsonObject,
  operations: readonly JsonPatchOperation[],
  source = 'JSON patch',
): void {
  // validate against the document first, so a failing operation leaves it untouched
  const error = validate([...operations], document);
  if (error) throw describe(error, source);
  try {
    applyPatch(document, [...operations], true, true);
  } catch (caught) {
    if (caught instanceof JsonPatchError) throw describe(caught, source);
    throw caught;
  }
}
