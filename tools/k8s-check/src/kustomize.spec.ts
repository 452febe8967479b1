import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { idOf, renderKustomization, splitImage, type Resource } from './kustomize';
import { findOnPath, KUBECTL_OFFLINE, KUBECTL_TIMEOUT_MS } from './repo';
import { isObject, parseYamlStream } from './yaml-docs';

const KUBECTL = findOnPath('kubectl');
if (!KUBECTL)
  console.warn('kubectl is not on PATH: skipping the fixture comparison with `kubectl kustomize`.');

const made: string[] = [];
afterAll(() => made.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

/** A throw-away directory holding the given files. */
function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'k8s-check-'));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const find = (resources: Resource[], kind: string, name: string): Resource => {
  const found = resources.find((resource) => resource.kind === kind && resource.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} not rendered`);
  return found;
};

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  replicas: 1
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: example/web
          args: [--a, --b]
          env:
            - { name: A, value: '1' }
            - { name: C, value: c }
            - { name: D, value: d }
          resources:
            limits: { cpu: '1', memory: 1Gi }
        - name: sidecar
          image: example/sidecar:1.0@sha256:0123
`;

/** Base + overlay using every feature the renderer supports. */
const FEATURES = {
  'base/kustomization.yaml': `resources: [web.yaml, more.yaml]
labels:
  - pairs: { app.kubernetes.io/part-of: demo }
    includeTemplates: true
`,
  'base/web.yaml': DEPLOYMENT,
  'base/more.yaml': `---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
---
# an empty document follows
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web }
spec:
  minAvailable: 1
  selector: { matchLabels: { app: web } }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: reader }
rules: []
`,
  'overlay/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: demo
resources:
  - ns.yaml
  - ../base
images:
  - { name: example/web, newTag: '2.0.0' }
  - { name: example/sidecar, newName: registry.example.org/sidecar, digest: 'sha256:abcd' }
patches:
  - path: env.yaml
  - path: pdb.yaml
    target: { kind: PodDisruptionBudget }
  - target: { kind: Deployment, labelSelector: app=web }
    patch: |-
      - op: replace
        path: /spec/replicas
        value: 3
      - op: add
        path: /spec/template/spec/containers/0/args/-
        value: --c
      - op: remove
        path: /spec/template/spec/containers/0/resources/limits/cpu
`,
  'overlay/ns.yaml': `apiVersion: v1
kind: Namespace
metadata: { name: anything, labels: { team: a } }
`,
  'overlay/env.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: web
          env:
            - { name: D, value: dd }
            - { name: E, value: e }
          resources:
            limits: { memory: 2Gi }
`,
  'overlay/pdb.yaml': `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: ignored-when-targeted }
spec:
  minAvailable: null
  maxUnavailable: 1
`,
};

describe('renderKustomization', () => {
  const root = fixture(FEATURES);
  const resources = renderKustomization(join(root, 'overlay'));
  const web = find(resources, 'Deployment', 'web');
  const spec = web.spec as {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: { containers: Record<string, unknown>[] };
    };
  };

  it('loads files and nested kustomizations, skipping empty documents', () => {
    expect(resources.map(idOf).sort()).toEqual(
      [
        'ClusterRole/~/reader',
        'Deployment/demo/web',
        'Namespace/~/demo',
        'PodDisruptionBudget/demo/web',
        'Service/demo/web',
      ].sort(),
    );
  });

  it('sets the namespace on namespaced resources and names the Namespace after it', () => {
    expect(web.metadata.namespace).toBe('demo');
    expect(find(resources, 'ClusterRole', 'reader').metadata.namespace).toBeUndefined();
    expect(find(resources, 'Namespace', 'demo').metadata.labels).toEqual({ team: 'a' });
  });

  it('adds labels to metadata and pod templates, not to selectors', () => {
    expect(web.metadata.labels).toEqual({ app: 'web', 'app.kubernetes.io/part-of': 'demo' });
    expect(spec.template.metadata.labels).toEqual({ app: 'web', 'app.kubernetes.io/part-of': 'demo' });
    expect(spec.selector.matchLabels).toEqual({ app: 'web' });
  });

  it('rewrites images by name: tag, new name, digest', () => {
    expect(spec.template.spec.containers.map((container) => container.image)).toEqual([
      'example/web:2.0.0',
      'registry.example.org/sidecar@sha256:abcd',
    ]);
  });

  it('merges a strategic-merge patch by kind+name, lists by merge key in kustomize order', () => {
    expect(spec.template.spec.containers[0]?.env).toEqual([
      { name: 'D', value: 'dd' },
      { name: 'E', value: 'e' },
      { name: 'A', value: '1' },
      { name: 'C', value: 'c' },
    ]);
    expect(spec.template.spec.containers[1]?.name).toBe('sidecar');
  });

  it('applies a targeted strategic-merge patch whatever its name, null deleting a field', () => {
    expect(find(resources, 'PodDisruptionBudget', 'web').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { app: 'web' } },
    });
  });

  it('applies JSON 6902 operations to the targets a label selector picks', () => {
    expect(spec.replicas).toBe(3);
    expect(spec.template.spec.containers[0]?.args).toEqual(['--a', '--b', '--c']);
    expect(spec.template.spec.containers[0]?.resources).toEqual({ limits: { memory: '2Gi' } });
  });

  (KUBECTL ? it : it.skip)('renders the fixture exactly like kubectl kustomize', () => {
    const output = execFileSync(
      KUBECTL ?? 'kubectl',
      ['kustomize', ...KUBECTL_OFFLINE, join(root, 'overlay')],
      {
        encoding: 'utf8',
        timeout: KUBECTL_TIMEOUT_MS,
      },
    );
    const theirs = parseYamlStream(output, 'kubectl kustomize').filter(isObject);
    const byId = (list: Record<string, unknown>[]) =>
      Object.fromEntries(list.map((resource) => [idOf(resource as Resource), resource]));
    expect(byId(resources)).toEqual(byId(theirs));
  });
});

describe('renderKustomization refuses what it does not model or what is wrong', () => {
  const base = { 'web.yaml': DEPLOYMENT };

  it.each([
    ['commonLabels (rewrites selectors)', 'commonLabels: { a: b }\nresources: [web.yaml]\n', /commonLabels/],
    ['namePrefix (rewrites references)', 'namePrefix: x-\nresources: [web.yaml]\n', /namePrefix/],
    ['a resource defined twice', 'resources: [web.yaml, web.yaml]\n', /defined twice/],
    ['a missing resource file', 'resources: [nope.yaml]\n', /does not exist/],
    [
      'a patch that matches nothing',
      'resources: [web.yaml]\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata: { name: other }\n',
      /matches no resource/,
    ],
    [
      'a JSON 6902 patch on a missing path',
      'resources: [web.yaml]\npatches:\n  - target: { kind: Deployment }\n    patch: |-\n      - { op: replace, path: /spec/nothing/here, value: 1 }\n',
      /does not exist/,
    ],
    [
      'labels that rewrite selectors',
      'resources: [web.yaml]\nlabels:\n  - pairs: { a: b }\n    includeSelectors: true\n',
      /includeSelectors/,
    ],
  ])('%s', (_what, kustomization, message) => {
    const root = fixture({ ...base, 'kustomization.yaml': kustomization });
    expect(() => renderKustomization(root)).toThrow(message);
  });

  it('names the file of a YAML syntax error', () => {
    const root = fixture({
      'kustomization.yaml': 'resources: [bad.yaml]\n',
      'bad.yaml': 'kind: [unclosed\n',
    });
    expect(() => renderKustomization(root)).toThrow(/bad\.yaml/);
  });
});

describe('splitImage', () => {
  it.each([
    ['nginx', { name: 'nginx' }],
    ['nginx:1.27', { name: 'nginx', tag: '1.27' }],
    ['registry.local:5000/team/app:2.0.0', { name: 'registry.local:5000/team/app', tag: '2.0.0' }],
    ['app@sha256:ff', { name: 'app', digest: 'sha256:ff' }],
    ['app:1.0@sha256:ff', { name: 'app', tag: '1.0', digest: 'sha256:ff' }],
  ])('%s', (image, expected) => {
    expect(splitImage(image)).toEqual({ tag: undefined, digest: undefined, ...expected });
  });
});
