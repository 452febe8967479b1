import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  checkAutoscaling,
  checkConfiguration,
  checkDisruptionBudgets,
  checkImages,
  checkIngress,
  checkNetworkIsolation,
  checkWorkloads,
  GATEWAY,
  ofKind,
  SHARED_SECRET,
  type Deployment,
  type Hpa,
} from './checks';
import { defined } from '@buergeramt/testing';
import { idOf, renderKustomization, type Resource } from './kustomize';
import { defaultPorts, findOnPath, KUBECTL_OFFLINE, KUBECTL_TIMEOUT_MS, REPO_ROOT, repoPath } from './repo';
import { isObject, parseYamlStream, readYamlObjects, type JsonObject } from './yaml-docs';

const PORTS = defaultPorts();
const SERVICES = Object.keys(PORTS);
const KUBECTL = findOnPath('kubectl');
const TARGETS = { base: 'k8s/base', dev: 'k8s/overlays/dev', prod: 'k8s/overlays/prod' } as const;

if (!KUBECTL) {
  console.warn(
    'kubectl is not on PATH: skipping the comparisons with `kubectl kustomize` (everything else runs).',
  );
}

const render = (target: keyof typeof TARGETS): Resource[] => renderKustomization(repoPath(TARGETS[target]));
const deployments = (resources: Resource[]) => ofKind<Deployment>(resources, 'Deployment');
const hpaFor = (resources: Resource[], name: string) =>
  ofKind<Hpa>(resources, 'HorizontalPodAutoscaler').find((hpa) => hpa.spec?.scaleTargetRef?.name === name);
const configOf = (resources: Resource[]): JsonObject => {
  const config = resources.find((resource) => resource.kind === 'ConfigMap');
  return config && isObject(config.data) ? config.data : {};
};

/** Kubernetes quantities ("500m", "384Mi", "1Gi", "2") as numbers, to compare sizes between overlays. */
function quantity(value: unknown): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(String(value));
  if (!match) throw new Error(`not a quantity: ${String(value)}`);
  const factor = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * factor;
}
const firstContainer = (deployment: Deployment) => deployment.spec?.template?.spec?.containers?.[0];
const memoryLimit = (deployment: Deployment) =>
  quantity(firstContainer(deployment)?.resources?.limits?.memory);

function yamlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

describe('every YAML file under k8s/', () => {
  const files = yamlFiles(repoPath('k8s')).map((file) => relative(REPO_ROOT, file));

  it('exists', () => expect(files.length).toBeGreaterThan(10));

  it.each(files)('%s parses', (file) => {
    const documents = parseYamlStream(readFileSync(repoPath(file), 'utf8'), file);
    expect(documents.length).toBeGreaterThan(0);
  });
});

describe.each(Object.keys(TARGETS) as (keyof typeof TARGETS)[])('kustomize build of %s', (target) => {
  let resources: Resource[];
  beforeAll(() => {
    resources = render(target);
  });

  it('has a Deployment and a Service for each of the six services: probes on the health paths, resources, ports', () => {
    expect(SERVICES.sort()).toEqual(
      ['applications', 'appointments', 'documents', 'gateway', 'identity', 'notifications'].sort(),
    );
    expect(checkWorkloads(resources, PORTS)).toEqual([]);
  });

  it('routes /, /backoffice and /api to the gateway and nowhere else', () => {
    expect(checkIngress(resources)).toEqual([]);
  });

  it('autoscales the gateway Deployment on CPU (autoscaling/v2)', () => {
    expect(checkAutoscaling(resources)).toEqual([]);
  });

  it('has a PodDisruptionBudget for every Deployment, each selecting an existing one', () => {
    expect(checkDisruptionBudgets(resources)).toEqual([]);
    expect(ofKind(resources, 'PodDisruptionBudget')).toHaveLength(SERVICES.length);
  });

  it('reads one ConfigMap whose service URLs resolve, and ships no Secret', () => {
    expect(checkConfiguration(resources)).toEqual([]);
  });

  it('lets only the gateway accept traffic from outside (NetworkPolicies, tried connection by connection)', () => {
    expect(checkNetworkIsolation(resources, PORTS)).toEqual([]);
  });

  it('labels every resource and every pod app.kubernetes.io/part-of: buergeramt', () => {
    for (const resource of resources) {
      expect([
        idOf(resource),
        (resource.metadata.labels as JsonObject | undefined)?.['app.kubernetes.io/part-of'],
      ]).toEqual([idOf(resource), 'buergeramt']);
    }
    for (const deployment of deployments(resources)) {
      expect(deployment.spec?.template?.metadata?.labels?.['app.kubernetes.io/part-of']).toBe('buergeramt');
    }
  });

  (KUBECTL ? it : it.skip)('renders the same resources as `kubectl kustomize`', () => {
    const output = execFileSync(
      KUBECTL ?? 'kubectl',
      ['kustomize', ...KUBECTL_OFFLINE, repoPath(TARGETS[target])],
      {
        encoding: 'utf8',
        timeout: KUBECTL_TIMEOUT_MS,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const theirs = parseYamlStream(output, `kubectl kustomize ${TARGETS[target]}`).filter(isObject);
    const byId = (list: JsonObject[]) =>
      Object.fromEntries(list.map((resource) => [idOf(resource), resource]));
    // The same set of kind/namespace/name first (a readable failure), then the same content.
    expect(Object.keys(byId(resources)).sort()).toEqual(Object.keys(byId(theirs)).sort());
    expect(byId(resources)).toEqual(byId(theirs));
  });
});

describe('base', () => {
  const resources = render('base');

  it('is namespace-less', () => {
    expect(resources.filter((resource) => resource.metadata.namespace !== undefined).map(idOf)).toEqual([]);
    expect(ofKind(resources, 'Namespace')).toEqual([]);
  });

  it('keeps at least one pod of every service through voluntary disruptions', () => {
    for (const budget of ofKind<{ spec: { minAvailable?: number } }>(resources, 'PodDisruptionBudget')) {
      expect(budget.spec.minAvailable).toBe(1);
    }
  });

  it('runs every container as a non-root user on a read-only root file system', () => {
    for (const deployment of deployments(resources)) {
      expect(deployment.spec?.template?.spec?.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
      });
      expect(firstContainer(deployment)?.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      });
    }
  });

  it('reads every per-service secret optionally, the shared one as required', () => {
    for (const deployment of deployments(resources)) {
      const secretRefs = (firstContainer(deployment)?.envFrom ?? []).flatMap((source) =>
        source.secretRef ? [source.secretRef] : [],
      );
      expect(secretRefs).toEqual([
        { name: SHARED_SECRET },
        { name: `buergeramt-${deployment.metadata.name}-secrets`, optional: true },
      ]);
    }
  });
});

describe('dev overlay', () => {
  const resources = render('dev');
  const base = render('base');

  it('deploys into its own namespace, which enforces the restricted Pod Security Standard', () => {
    const namespaced = resources.filter((resource) => resource.kind !== 'Namespace');
    expect(new Set(namespaced.map((resource) => resource.metadata.namespace))).toEqual(
      new Set(['buergeramt-dev']),
    );
    const namespace = ofKind<{ metadata: { name: string; labels: Record<string, string> } }>(
      resources,
      'Namespace',
    );
    expect(namespace.map((entry) => entry.metadata.name)).toEqual(['buergeramt-dev']);
    expect(namespace[0]?.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('runs one replica of each service, the gateway autoscaling from one', () => {
    for (const deployment of deployments(resources)) {
      if (deployment.metadata.name === GATEWAY) expect(deployment.spec?.replicas).toBeUndefined();
      else expect(deployment.spec?.replicas).toBe(1);
    }
    expect(hpaFor(resources, GATEWAY)?.spec?.minReplicas).toBe(1);
  });

  it('uses the dev image tags', () => {
    expect(checkImages(resources, { tag: 'dev' })).toEqual([]);
  });

  it('asks for less than the base', () => {
    for (const deployment of deployments(resources)) {
      const inBase = deployments(base).find(
        (candidate) => candidate.metadata.name === deployment.metadata.name,
      );
      expect(inBase).toBeDefined();
      expect(memoryLimit(deployment)).toBeLessThan(memoryLimit(inBase as Deployment));
    }
  });

  it('lets a single replica be drained (maxUnavailable instead of minAvailable)', () => {
    for (const budget of ofKind<{ spec: Record<string, unknown> }>(resources, 'PodDisruptionBudget')) {
      expect(budget.spec.maxUnavailable).toBe(1);
      expect(budget.spec.minAvailable).toBeUndefined();
    }
  });

  it('carries the demo configuration, marked as such', () => {
    expect(configOf(resources)).toMatchObject({ MFA_REQUIRED: 'false', STORAGE_DRIVER: 'fs' });
    const text = readFileSync(repoPath('k8s/overlays/dev/config.yaml'), 'utf8');
    expect(text).toMatch(/DEMO[^\n]*\n\s*MFA_REQUIRED/);
  });
});

describe('prod overlay', () => {
  const resources = render('prod');
  const base = render('base');

  it('deploys into the buergeramt namespace', () => {
    const namespaced = resources.filter((resource) => resource.kind !== 'Namespace');
    expect(new Set(namespaced.map((resource) => resource.metadata.namespace))).toEqual(
      new Set(['buergeramt']),
    );
  });

  it('runs at least two pods of everything: replicas, or an autoscaler starting at two', () => {
    for (const deployment of deployments(resources)) {
      const hpa = hpaFor(resources, deployment.metadata.name);
      const floor = hpa ? (hpa.spec?.minReplicas ?? 1) : (deployment.spec?.replicas ?? 1);
      expect([deployment.metadata.name, floor >= 2]).toEqual([deployment.metadata.name, true]);
      // A Deployment that an HPA scales must not also set replicas (every apply would reset them).
      if (hpa) expect(deployment.spec?.replicas).toBeUndefined();
    }
    expect(hpaFor(resources, GATEWAY)?.spec?.minReplicas).toBeGreaterThanOrEqual(2);
  });

  it('pins every image to a release version', () => {
    expect(checkImages(resources, { pinned: true })).toEqual([]);
  });

  it('asks for at least as much as the base', () => {
    for (const deployment of deployments(resources)) {
      const inBase = deployments(base).find(
        (candidate) => candidate.metadata.name === deployment.metadata.name,
      );
      expect(memoryLimit(deployment)).toBeGreaterThanOrEqual(memoryLimit(inBase as Deployment));
    }
  });

  it('serves its host over TLS', () => {
    const ingress = defined(
      ofKind<{
        spec: { rules: { host?: string }[]; tls?: { hosts: string[]; secretName: string }[] };
      }>(resources, 'Ingress')[0],
      'an Ingress',
    );
    const hosts = ingress.spec.rules.map((rule) => rule.host);
    expect(hosts.every((host) => typeof host === 'string' && host.length > 0)).toBe(true);
    const tlsHosts = (ingress.spec.tls ?? []).flatMap((entry) => entry.hosts);
    expect(tlsHosts).toEqual(expect.arrayContaining(hosts));
    expect(ingress.spec.tls?.[0]?.secretName).toBeTruthy();
  });

  it('keeps the production configuration: MFA on, object storage, public https URLs', () => {
    const config = configOf(resources);
    expect(config).toMatchObject({ MFA_REQUIRED: 'true', STORAGE_DRIVER: 's3', NODE_ENV: 'production' });
    expect(config.PUBLIC_BASE_URL).toMatch(/^https:\/\//);
    expect(Object.values(config).filter((value) => JSON.stringify(value).includes('localhost'))).toEqual([]);
  });
});

describe('k8s/base/secret.example.yaml', () => {
  const file = repoPath('k8s/base/secret.example.yaml');
  const secrets = readYamlObjects(file);
  const keys = secrets.flatMap((secret) => Object.keys(isObject(secret.stringData) ? secret.stringData : {}));

  it('is not part of any kustomization', () => {
    for (const kustomization of yamlFiles(repoPath('k8s')).filter((path) =>
      path.endsWith('kustomization.yaml'),
    )) {
      const { resources = [], patches = [] } = defined(
        (
          readYamlObjects(kustomization) as {
            resources?: string[];
            patches?: { path?: string }[];
          }[]
        )[0],
        `a document in ${kustomization}`,
      );
      const referenced = [...resources, ...patches.map((patch) => patch.path ?? '')];
      expect(referenced.filter((path) => path.includes('secret'))).toEqual([]);
    }
  });

  it('holds only Secrets, among them the shared one every Deployment reads', () => {
    expect(new Set(secrets.map((secret) => secret.kind))).toEqual(new Set(['Secret']));
    expect(secrets.map((secret) => (secret.metadata as JsonObject).name)).toContain(SHARED_SECRET);
  });

  it('shows every secret setting a service reads', () => {
    expect(keys).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'REDIS_URL',
        'SMTP_URL',
        'IDENTITY_KEY_ENCRYPTION_KEY',
        'BOOTSTRAP_ADMIN_PASSWORD',
        'STORAGE_ENCRYPTION_KEY',
        'SIGNING_KEY',
        'S3_ACCESS_KEY_ID',
        'S3_SECRET_ACCESS_KEY',
      ]),
    );
  });

  it('names only per-service Secrets that the Deployments read', () => {
    const read = new Set(
      deployments(render('base')).flatMap((deployment) =>
        (firstContainer(deployment)?.envFrom ?? []).flatMap((source) =>
          source.secretRef ? [source.secretRef.name] : [],
        ),
      ),
    );
    for (const secret of secrets) expect(read).toContain((secret.metadata as JsonObject).name);
  });

  it('holds placeholders, never values, for passwords and keys', () => {
    for (const secret of secrets) {
      for (const [key, value] of Object.entries(isObject(secret.stringData) ? secret.stringData : {})) {
        if (/PASSWORD|SECRET|KEY|_URL$/.test(key))
          expect([key, JSON.stringify(value)]).toEqual([key, expect.stringContaining('CHANGE-ME')]);
      }
    }
  });
});
