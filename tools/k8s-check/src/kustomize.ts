import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyJsonPatch, toOperations } from './json-patch';
import { strategicMerge } from './strategic-merge';
import {
  clone,
  isObject,
  ManifestError,
  parseYamlStream,
  readYamlObjects,
  type Json,
  type JsonObject,
} from './yaml-docs';

/**
 * A small kustomize, enough for k8s/: `resources` (files and kustomization directories), `namespace`,
 * `labels`, `images` and `patches` (strategic merge or JSON 6902, by kind+name or by `target`).
 * Transformers run in kustomize's order: patches, namespace, labels, images. Anything else in a
 * kustomization is refused, so a feature used in k8s/ but not modelled here fails loudly instead of
 * being rendered wrongly.
 */

const SUPPORTED_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'labels',
  'images',
  'patches',
]);
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Kinds without a namespace (the ones kustomize's namespace transformer leaves alone or renames). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

/** Workload kinds whose pod template gets the labels (`includeTemplates`). */
const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);

export interface Resource extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: JsonObject;
}

export function nameOf(resource: JsonObject): string {
  const metadata = resource.metadata;
  return isObject(metadata) && typeof metadata.name === 'string' ? metadata.name : '';
}

export function namespaceOf(resource: JsonObject): string | undefined {
  const metadata = resource.metadata;
  return isObject(metadata) && typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
}

/** kind/namespace/name, the identity kustomize keeps unique. */
export function idOf(resource: JsonObject): string {
  const kind = typeof resource.kind === 'string' ? resource.kind : '?';
  return `${kind}/${namespaceOf(resource) ?? '~'}/${nameOf(resource)}`;
}

function asResource(value: JsonObject, source: string): Resource {
  if (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || !isObject(value.metadata)) {
    throw new ManifestError(`${source}: a resource needs apiVersion, kind and metadata`);
  }
  if (typeof value.metadata.name !== 'string' || value.metadata.name === '') {
    throw new ManifestError(`${source}: ${value.kind} without metadata.name`);
  }
  return value as Resource;
}

function stringList(value: Json | undefined, field: string, source: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    throw new ManifestError(`${source}: ${field} must be a list of strings`);
  }
  return value;
}

function objectList(value: Json | undefined, field: string, source: string): JsonObject[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isObject)) {
    throw new ManifestError(`${source}: ${field} must be a list of mappings`);
  }
  return value;
}

function labelsOf(metadataHolder: JsonObject): JsonObject {
  const metadata = isObject(metadataHolder.metadata)
    ? metadataHolder.metadata
    : (metadataHolder.metadata = {});
  return isObject(metadata.labels) ? metadata.labels : (metadata.labels = {});
}

function parseLabelSelector(selector: string, source: string): [string, string, boolean][] {
  return selector.split(',').map((term) => {
    const match = /^\s*([^!=\s]+)\s*(==|=|!=)\s*([^\s]*)\s*$/.exec(term);
    if (!match)
      throw new ManifestError(`${source}: label selector "${term}" is not supported (only =, ==, !=)`);
    // all three groups take part in every match
    const [, key = '', operator, value = ''] = match;
    return [key, value, operator !== '!='];
  });
}

function anchored(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(value);
}

function selectTargets(resources: Resource[], target: JsonObject, source: string): Resource[] {
  for (const key of Object.keys(target)) {
    if (!['group', 'version', 'kind', 'name', 'namespace', 'labelSelector'].includes(key)) {
      throw new ManifestError(`${source}: patch target field "${key}" is not supported`);
    }
  }
  const terms =
    typeof target.labelSelector === 'string' ? parseLabelSelector(target.labelSelector, source) : [];
  return resources.filter((resource) => {
    const [group = '', version = ''] = resource.apiVersion.includes('/')
      ? resource.apiVersion.split('/')
      : ['', resource.apiVersion];
    const labels = isObject(resource.metadata.labels) ? resource.metadata.labels : {};
    return (
      (typeof target.group !== 'string' || anchored(target.group, group)) &&
      (typeof target.version !== 'string' || anchored(target.version, version)) &&
      (typeof target.kind !== 'string' || anchored(target.kind, resource.kind)) &&
      (typeof target.name !== 'string' || anchored(target.name, nameOf(resource))) &&
      (typeof target.namespace !== 'string' || anchored(target.namespace, namespaceOf(resource) ?? '')) &&
      terms.every(([key, value, equal]) => (labels[key] === value) === equal)
    );
  });
}

function applyPatch(resources: Resource[], entry: JsonObject, directory: string): void {
  for (const key of Object.keys(entry)) {
    if (!['path', 'patch', 'target'].includes(key)) {
      throw new ManifestError(`${directory}: patches entry field "${key}" is not supported`);
    }
  }
  let text: string;
  let source: string;
  if (typeof entry.path === 'string') {
    source = join(directory, entry.path);
    text = readFileSync(source, 'utf8');
  } else if (typeof entry.patch === 'string') {
    source = `${directory} (inline patch)`;
    text = entry.patch;
  } else {
    throw new ManifestError(`${directory}: a patches entry needs path or patch`);
  }
  const documents = parseYamlStream(text, source);
  if (documents.length !== 1) throw new ManifestError(`${source}: a patch holds exactly one document`);
  const patch = documents[0];

  let targets: Resource[];
  if (entry.target !== undefined) {
    if (!isObject(entry.target)) throw new ManifestError(`${source}: target must be a mapping`);
    targets = selectTargets(resources, entry.target, source);
  } else {
    if (!isObject(patch)) throw new ManifestError(`${source}: a JSON 6902 patch needs a target`);
    const metadata = isObject(patch.metadata) ? patch.metadata : {};
    targets = resources.filter(
      (resource) =>
        resource.kind === patch.kind &&
        nameOf(resource) === metadata.name &&
        (typeof metadata.namespace !== 'string' || namespaceOf(resource) === metadata.namespace),
    );
  }
  if (targets.length === 0) throw new ManifestError(`${source}: the patch matches no resource`);

  if (Array.isArray(patch)) {
    const operations = toOperations(patch, source);
    for (const resource of targets) applyJsonPatch(resource, operations, source);
    return;
  }
  if (!isObject(patch)) throw new ManifestError(`${source}: a patch is a mapping or a list of operations`);
  // The patch's identity only selects; what it merges is everything else.
  const body = clone(patch);
  delete body.apiVersion;
  delete body.kind;
  if (isObject(body.metadata)) {
    delete body.metadata.name;
    delete body.metadata.namespace;
  }
  for (const resource of targets) strategicMerge(resource, body);
}

function applyNamespace(resources: Resource[], namespace: string): void {
  for (const resource of resources) {
    if (resource.kind === 'Namespace') resource.metadata.name = namespace;
    else if (!CLUSTER_SCOPED.has(resource.kind)) resource.metadata.namespace = namespace;
  }
}

function applyLabels(resources: Resource[], entry: JsonObject, source: string): void {
  for (const key of Object.keys(entry)) {
    if (!['pairs', 'includeTemplates', 'includeSelectors'].includes(key)) {
      throw new ManifestError(`${source}: labels field "${key}" is not supported`);
    }
  }
  if (entry.includeSelectors === true) {
    throw new ManifestError(`${source}: labels.includeSelectors is not supported (it rewrites selectors)`);
  }
  if (!isObject(entry.pairs)) throw new ManifestError(`${source}: labels.pairs must be a mapping`);
  const pairs = entry.pairs;
  for (const resource of resources) {
    Object.assign(labelsOf(resource), pairs);
    if (entry.includeTemplates !== true) continue;
    const spec = isObject(resource.spec) ? resource.spec : undefined;
    if (TEMPLATE_KINDS.has(resource.kind) && spec && isObject(spec.template)) {
      Object.assign(labelsOf(spec.template), pairs);
    }
    if (resource.kind === 'CronJob' && spec && isObject(spec.jobTemplate)) {
      Object.assign(labelsOf(spec.jobTemplate), pairs);
      const jobSpec = spec.jobTemplate.spec;
      if (isObject(jobSpec) && isObject(jobSpec.template)) Object.assign(labelsOf(jobSpec.template), pairs);
    }
  }
}

/** Splits `registry/name:tag@digest` into name, tag and digest. */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  let name = image;
  let digest: string | undefined;
  let tag: string | undefined;
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
  }
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  return { name, tag, digest };
}

function applyImage(resources: Resource[], entry: JsonObject, source: string): void {
  for (const key of Object.keys(entry)) {
    if (!['name', 'newName', 'newTag', 'digest'].includes(key)) {
      throw new ManifestError(`${source}: images field "${key}" is not supported`);
    }
  }
  if (typeof entry.name !== 'string') throw new ManifestError(`${source}: an images entry needs name`);
  const wanted = entry.name;
  const rewrite = (image: string): string => {
    const current = splitImage(image);
    if (current.name !== wanted) return image;
    const name = typeof entry.newName === 'string' ? entry.newName : current.name;
    if (typeof entry.digest === 'string') return `${name}@${entry.digest}`;
    if (typeof entry.newTag === 'string' || typeof entry.newTag === 'number')
      return `${name}:${entry.newTag}`;
    return `${name}${current.tag ? `:${current.tag}` : ''}${current.digest ? `@${current.digest}` : ''}`;
  };
  const visit = (value: Json): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'containers' || key === 'initContainers') && Array.isArray(child)) {
        for (const container of child) {
          if (isObject(container) && typeof container.image === 'string')
            container.image = rewrite(container.image);
        }
      }
      visit(child);
    }
  };
  resources.forEach(visit);
}

function kustomizationFile(directory: string): string {
  for (const name of KUSTOMIZATION_FILES) {
    const file = join(directory, name);
    if (existsSync(file)) return file;
  }
  throw new ManifestError(`${directory}: no kustomization.yaml`);
}

/** Renders a kustomization directory to its list of resources, like `kubectl kustomize <directory>`. */
export function renderKustomization(directory: string): Resource[] {
  const file = kustomizationFile(directory);
  const documents = readYamlObjects(file);
  const [kustomization] = documents;
  if (documents.length !== 1 || kustomization === undefined)
    throw new ManifestError(`${file}: expected one document`);
  for (const field of Object.keys(kustomization)) {
    if (!SUPPORTED_FIELDS.has(field)) throw new ManifestError(`${file}: field "${field}" is not supported`);
  }

  const resources: Resource[] = [];
  for (const entry of stringList(kustomization.resources, 'resources', file)) {
    const path = resolve(directory, entry);
    if (!existsSync(path)) throw new ManifestError(`${file}: resource ${entry} does not exist`);
    if (statSync(path).isDirectory()) resources.push(...renderKustomization(path));
    else resources.push(...readYamlObjects(path).map((value) => asResource(value, path)));
  }
  const seen = new Set<string>();
  for (const resource of resources) {
    const id = idOf(resource);
    if (seen.has(id)) throw new ManifestError(`${file}: ${id} is defined twice`);
    seen.add(id);
  }

  for (const entry of objectList(kustomization.patches, 'patches', file))
    applyPatch(resources, entry, directory);
  if (kustomization.namespace !== undefined) {
    if (typeof kustomization.namespace !== 'string')
      throw new ManifestError(`${file}: namespace must be a string`);
    applyNamespace(resources, kustomization.namespace);
  }
  for (const entry of objectList(kustomization.labels, 'labels', file)) applyLabels(resources, entry, file);
  for (const entry of objectList(kustomization.images, 'images', file)) applyImage(resources, entry, file);
  return resources;
}
