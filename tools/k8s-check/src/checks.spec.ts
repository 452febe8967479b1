import {
  checkAutoscaling,
  checkConfiguration,
  checkDisruptionBudgets,
  checkImages,
  checkIngress,
  checkNetworkIsolation,
  checkWorkloads,
} from './checks';
import { applyJsonPatch, type JsonPatchOperation } from './json-patch';
import { renderKustomization, type Resource } from './kustomize';
import { defaultPorts, repoPath } from './repo';
import { clone } from './yaml-docs';

/**
 * The checks must be able to fail: each case breaks one thing in the rendered base and expects the
 * matching check to name it.
 */

const PORTS = defaultPorts();
const pristine = renderKustomization(repoPath('k8s/base'));

/** The rendered base with JSON patch operations applied to one resource (kind/name), or to several. */
function broken(
  kind: string,
  name: string,
  operations: JsonPatchOperation[],
  resources = clone(pristine),
): Resource[] {
  const target = resources.find((resource) => resource.kind === kind && resource.metadata.name === name);
  if (!target) throw new Error(`${kind}/${name} is not in the base`);
  applyJsonPatch(target, operations);
  return resources;
}
const without = (kind: string, name: string): Resource[] =>
  clone(pristine).filter((resource) => !(resource.kind === kind && resource.metadata.name === name));
const container = '/spec/template/spec/containers/0';

describe('the checks pass on the untouched base', () => {
  it.each([
    ['workloads', () => checkWorkloads(pristine, PORTS)],
    ['ingress', () => checkIngress(pristine)],
    ['autoscaling', () => checkAutoscaling(pristine)],
    ['disruption budgets', () => checkDisruptionBudgets(pristine)],
    ['configuration', () => checkConfiguration(pristine)],
    ['network isolation', () => checkNetworkIsolation(pristine, PORTS)],
  ])('%s', (_name, check) => {
    expect(check()).toEqual([]);
  });
});

describe('the checks catch a broken manifest', () => {
  it.each<[string, () => string[], string]>([
    [
      'a missing Deployment',
      () => checkWorkloads(without('Deployment', 'documents'), PORTS),
      'no Deployment "documents"',
    ],
    [
      'a missing Service',
      () => checkWorkloads(without('Service', 'identity'), PORTS),
      'no Service "identity"',
    ],
    [
      'a missing readiness probe',
      () =>
        checkWorkloads(
          broken('Deployment', 'gateway', [{ op: 'remove', path: `${container}/readinessProbe` }]),
          PORTS,
        ),
      'no HTTP readinessProbe',
    ],
    [
      'a liveness probe on the wrong path',
      () =>
        checkWorkloads(
          broken('Deployment', 'appointments', [
            { op: 'replace', path: `${container}/livenessProbe/httpGet/path`, value: '/healthz' },
          ]),
          PORTS,
        ),
      'livenessProbe checks /healthz, not /health/live',
    ],
    [
      'a probe on an undeclared port',
      () =>
        checkWorkloads(
          broken('Deployment', 'identity', [
            { op: 'replace', path: `${container}/startupProbe/httpGet/port`, value: 'admin' },
          ]),
          PORTS,
        ),
      'startupProbe port admin is not a container port',
    ],
    [
      'missing resource limits',
      () =>
        checkWorkloads(
          broken('Deployment', 'notifications', [{ op: 'remove', path: `${container}/resources/limits` }]),
          PORTS,
        ),
      'no resources.limits.memory',
    ],
    [
      'a selector that misses the pod template',
      () =>
        checkWorkloads(
          broken('Deployment', 'applications', [
            { op: 'replace', path: '/spec/selector/matchLabels/app.kubernetes.io~1name', value: 'apps' },
          ]),
          PORTS,
        ),
      'selector does not match',
    ],
    [
      'a Service aimed at a port the container lacks',
      () =>
        checkWorkloads(
          broken('Service', 'documents', [{ op: 'replace', path: '/spec/ports/0/targetPort', value: 9999 }]),
          PORTS,
        ),
      'targetPort 9999 is not a container port of documents',
    ],
    [
      'a port that differs from DEFAULT_PORTS',
      () =>
        checkWorkloads(
          broken('Deployment', 'identity', [
            { op: 'replace', path: `${container}/env/0/value`, value: '3999' },
          ]),
          PORTS,
        ),
      'env PORT is not 3001',
    ],
    [
      'a writable root file system',
      () =>
        checkWorkloads(
          broken('Deployment', 'gateway', [
            { op: 'replace', path: `${container}/securityContext/readOnlyRootFilesystem`, value: false },
          ]),
          PORTS,
        ),
      'root file system is writable',
    ],
    [
      'an Ingress path that bypasses the gateway',
      () =>
        checkIngress(
          broken('Ingress', 'buergeramt', [
            { op: 'replace', path: '/spec/rules/0/http/paths/0/backend/service/name', value: 'identity' },
          ]),
        ),
      'Ingress path /api goes to identity',
    ],
    [
      'a missing /backoffice route',
      () =>
        checkIngress(broken('Ingress', 'buergeramt', [{ op: 'remove', path: '/spec/rules/0/http/paths/1' }])),
      'no Ingress path /backoffice',
    ],
    [
      'an HPA aimed at nothing',
      () =>
        checkAutoscaling(
          broken('HorizontalPodAutoscaler', 'gateway', [
            { op: 'replace', path: '/spec/scaleTargetRef/name', value: 'gatewy' },
          ]),
        ),
      'does not target an existing Deployment',
    ],
    [
      'a PodDisruptionBudget selecting nothing',
      () =>
        checkDisruptionBudgets(
          broken('PodDisruptionBudget', 'identity', [
            { op: 'replace', path: '/spec/selector/matchLabels/app.kubernetes.io~1name', value: 'idp' },
          ]),
        ),
      'PodDisruptionBudget identity: selects no Deployment',
    ],
    [
      'a config URL with a wrong port',
      () =>
        checkConfiguration(
          broken('ConfigMap', 'buergeramt-config', [
            { op: 'replace', path: '/data/JWKS_URL', value: 'http://identity:3000/auth/jwks' },
          ]),
        ),
      'JWKS_URL=http://identity:3000/auth/jwks names no rendered Service port',
    ],
    [
      'a Secret in the build',
      () =>
        checkConfiguration([
          ...pristine,
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'oops' },
            stringData: { DATABASE_URL: 'postgres://u:p@h/d' },
          },
        ]),
      'Secret oops is part of the build',
    ],
    [
      'an internal service open to the world',
      () =>
        checkNetworkIsolation(
          [
            ...pristine,
            {
              apiVersion: 'networking.k8s.io/v1',
              kind: 'NetworkPolicy',
              metadata: { name: 'oops' },
              spec: {
                podSelector: { matchLabels: { 'app.kubernetes.io/name': 'documents' } },
                ingress: [{}],
              },
            },
          ],
          PORTS,
        ),
      'the internet → documents:3004/TCP is allowed but must be blocked',
    ],
    [
      'metrics scraped on the API port',
      () =>
        checkWorkloads(
          broken('Deployment', 'documents', [
            {
              op: 'replace',
              path: '/spec/template/metadata/annotations/prometheus.io~1port',
              value: '3004',
            },
          ]),
          PORTS,
        ),
      'prometheus.io/port is not the metrics port 4004',
    ],
    [
      'no metrics port',
      () =>
        checkWorkloads(
          broken('Deployment', 'gateway', [{ op: 'remove', path: `${container}/ports/1` }]),
          PORTS,
        ),
      'does not declare containerPort 9080 named metrics',
    ],
    [
      'Prometheus let onto the API ports',
      () =>
        checkNetworkIsolation(
          broken('NetworkPolicy', 'allow-metrics-scrape', [
            { op: 'add', path: '/spec/ingress/0/ports/-', value: { protocol: 'TCP', port: 3002 } },
          ]),
          PORTS,
        ),
      'monitoring → appointments:3002/TCP is allowed but must be blocked',
    ],
    [
      'metrics nobody can scrape',
      () => checkNetworkIsolation(without('NetworkPolicy', 'allow-metrics-scrape'), PORTS),
      'monitoring → identity:4001/TCP is blocked but must be allowed',
    ],
    [
      'a missing default deny',
      () => checkNetworkIsolation(without('NetworkPolicy', 'default-deny-all'), PORTS),
      'no default-deny ingress policy',
    ],
    [
      'a gateway nobody can reach',
      () => checkNetworkIsolation(without('NetworkPolicy', 'gateway-allow-ingress'), PORTS),
      'the internet → gateway:8080/TCP is blocked but must be allowed',
    ],
    [
      'services talking to each other directly (both ingress and egress opened)',
      () => {
        const platform = { 'app.kubernetes.io/part-of': 'buergeramt' };
        const opened = broken('NetworkPolicy', 'services-allow-from-gateway', [
          { op: 'replace', path: '/spec/ingress/0/from/0/podSelector/matchLabels', value: platform },
        ]);
        return checkNetworkIsolation(
          broken(
            'NetworkPolicy',
            'platform-allow-egress',
            [
              {
                op: 'add',
                path: '/spec/egress/-',
                value: { to: [{ podSelector: { matchLabels: platform } }] },
              },
            ],
            opened,
          ),
          PORTS,
        );
      },
      'appointments → documents:3004/TCP is allowed but must be blocked',
    ],
    [
      'egress left open',
      () =>
        checkNetworkIsolation(
          broken('NetworkPolicy', 'platform-allow-egress', [
            { op: 'add', path: '/spec/egress/-', value: {} },
          ]),
          PORTS,
        ),
      'appointments → somewhere:22/TCP is allowed but must be blocked',
    ],
    ['an unpinned image', () => checkImages(pristine, { pinned: true }), 'is not pinned'],
  ])('%s', (_what, check, problem) => {
    expect(check()).toEqual(expect.arrayContaining([expect.stringContaining(problem)]));
  });
});
