import { nameOf, splitImage } from './kustomize';
import {
  asNetworkPolicies,
  isAllowed,
  isLabels,
  matchesSelector,
  type Endpoint,
  type LabelSelector,
  type Labels,
} from './network-policy';
import { isObject, type JsonObject } from './yaml-docs';

/**
 * Checks of rendered manifests. Each returns the problems it finds as sentences (empty: all good), so a
 * test can show every problem at once and a negative test can assert that a broken manifest is caught.
 */

export const GATEWAY = 'gateway';
export const CONFIG_MAP = 'buergeramt-config';
export const SHARED_SECRET = 'buergeramt-secrets';
export const HEALTH = { live: '/health/live', ready: '/health/ready' } as const;
export const PUBLIC_PATHS = ['/', '/backoffice', '/api'] as const;
/**
 * Every process serves `/metrics` on its own listener, METRICS_PORT, by default PORT + this (libs/platform
 * `METRICS_PORT_OFFSET`, docs/decisions.md §20); the Deployments name that container port `metrics`.
 */
export const METRICS_PORT_OFFSET = 1000;

interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}
interface Container {
  name: string;
  image?: string;
  ports?: ContainerPort[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string; optional?: boolean } }[];
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  securityContext?: {
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    runAsNonRoot?: boolean;
  };
}
export interface Deployment {
  kind: 'Deployment';
  metadata: { name: string; namespace?: string; labels?: Labels };
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: {
      metadata?: { labels?: Labels; annotations?: Record<string, string> };
      spec?: { containers?: Container[]; securityContext?: { runAsNonRoot?: boolean; runAsUser?: number } };
    };
  };
}
interface Service {
  metadata: { name: string };
  spec?: { selector?: Labels; ports?: { name?: string; port: number; targetPort?: number | string }[] };
}
interface Ingress {
  metadata: { name: string };
  spec?: {
    tls?: { hosts?: string[]; secretName?: string }[];
    rules?: {
      host?: string;
      http?: {
        paths?: {
          path?: string;
          pathType?: string;
          backend?: { service?: { name?: string; port?: { name?: string; number?: number } } };
        }[];
      };
    }[];
  };
}
export interface Hpa {
  apiVersion: string;
  metadata: { name: string };
  spec?: {
    scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: { type?: string; resource?: { name?: string } }[];
  };
}
interface Pdb {
  metadata: { name: string };
  spec?: { selector?: LabelSelector; minAvailable?: number | string; maxUnavailable?: number | string };
}

export function ofKind<T>(resources: readonly JsonObject[], kind: string): T[] {
  return resources.filter((resource) => resource.kind === kind) as unknown as T[];
}

const templateLabels = (deployment: Deployment): Labels => deployment.spec?.template?.metadata?.labels ?? {};
const containersOf = (deployment: Deployment): Container[] =>
  deployment.spec?.template?.spec?.containers ?? [];

/** Whether a probe or Service refers to a port (by name or number) that the container declares. */
function resolvesToContainerPort(container: Container, port: number | string | undefined): boolean {
  return (container.ports ?? []).some((declared) =>
    typeof port === 'string' ? declared.name === port : declared.containerPort === port,
  );
}

/** Deployments and Services of the platform: one each per service, health probes, resources, ports. */
export function checkWorkloads(resources: readonly JsonObject[], ports: Record<string, number>): string[] {
  const problems: string[] = [];
  const deployments = ofKind<Deployment>(resources, 'Deployment');
  const services = ofKind<Service>(resources, 'Service');

  for (const [name, port] of Object.entries(ports)) {
    if (!deployments.some((deployment) => deployment.metadata.name === name))
      problems.push(`no Deployment "${name}"`);
    const service = services.find((candidate) => candidate.metadata.name === name);
    if (!service) problems.push(`no Service "${name}"`);
    else if (!(service.spec?.ports ?? []).some((entry) => entry.port === port)) {
      problems.push(`Service ${name} does not expose port ${port}`);
    }
  }

  for (const deployment of deployments) {
    const name = deployment.metadata.name;
    const selector = deployment.spec?.selector;
    if (!selector || (!selector.matchLabels && !selector.matchExpressions)) {
      problems.push(`Deployment ${name}: no selector`);
    } else if (!matchesSelector(selector, templateLabels(deployment))) {
      problems.push(`Deployment ${name}: selector does not match the pod template's labels`);
    }
    const podSecurity = deployment.spec?.template?.spec?.securityContext;
    if (podSecurity?.runAsNonRoot !== true)
      problems.push(`Deployment ${name}: pod securityContext.runAsNonRoot is not true`);

    const containers = containersOf(deployment);
    if (containers.length === 0) problems.push(`Deployment ${name}: no containers`);
    for (const container of containers) {
      const where = `Deployment ${name}, container ${container.name}`;
      if (!container.image) problems.push(`${where}: no image`);
      for (const section of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory']) {
          if (container.resources?.[section]?.[resource] === undefined) {
            problems.push(`${where}: no resources.${section}.${resource}`);
          }
        }
      }
      const probes: [string, Probe | undefined, string][] = [
        ['livenessProbe', container.livenessProbe, HEALTH.live],
        ['readinessProbe', container.readinessProbe, HEALTH.ready],
        ['startupProbe', container.startupProbe, HEALTH.live],
      ];
      for (const [field, probe, path] of probes) {
        if (!probe?.httpGet) problems.push(`${where}: no HTTP ${field}`);
        else {
          if (probe.httpGet.path !== path)
            problems.push(`${where}: ${field} checks ${probe.httpGet.path}, not ${path}`);
          if (!resolvesToContainerPort(container, probe.httpGet.port)) {
            problems.push(`${where}: ${field} port ${String(probe.httpGet.port)} is not a container port`);
          }
        }
      }
      if (container.securityContext?.readOnlyRootFilesystem !== true) {
        problems.push(`${where}: root file system is writable`);
      }
      if (container.securityContext?.allowPrivilegeEscalation !== false) {
        problems.push(`${where}: allowPrivilegeEscalation is not false`);
      }
      const envFrom = container.envFrom ?? [];
      if (!envFrom.some((source) => source.configMapRef?.name === CONFIG_MAP)) {
        problems.push(`${where}: does not read ConfigMap ${CONFIG_MAP}`);
      }
      if (
        !envFrom.some(
          (source) => source.secretRef?.name === SHARED_SECRET && source.secretRef.optional !== true,
        )
      ) {
        problems.push(`${where}: does not read Secret ${SHARED_SECRET}`);
      }
      const expectedPort = ports[name];
      if (expectedPort !== undefined) {
        if (!(container.ports ?? []).some((entry) => entry.containerPort === expectedPort)) {
          problems.push(`${where}: does not declare containerPort ${expectedPort}`);
        }
        const portEnv = (container.env ?? []).find((entry) => entry.name === 'PORT');
        if (portEnv?.value !== String(expectedPort))
          problems.push(`${where}: env PORT is not ${expectedPort}`);
        // metrics: on their own port, named `metrics`, which Prometheus is told to scrape
        const metricsPort = expectedPort + METRICS_PORT_OFFSET;
        const declared = (container.ports ?? []).find((entry) => entry.name === 'metrics');
        if (declared?.containerPort !== metricsPort) {
          problems.push(`${where}: does not declare containerPort ${metricsPort} named metrics`);
        }
        const annotations = deployment.spec?.template?.metadata?.annotations ?? {};
        if (annotations['prometheus.io/port'] !== String(metricsPort)) {
          problems.push(`Deployment ${name}: prometheus.io/port is not the metrics port ${metricsPort}`);
        }
      }
    }
  }

  for (const service of services) {
    const selector = service.spec?.selector ?? {};
    if (Object.keys(selector).length === 0) {
      problems.push(`Service ${service.metadata.name}: no selector`);
      continue;
    }
    const backends = deployments.filter((deployment) =>
      matchesSelector({ matchLabels: selector }, templateLabels(deployment)),
    );
    if (backends.length === 0)
      problems.push(`Service ${service.metadata.name}: selects no Deployment's pods`);
    for (const entry of service.spec?.ports ?? []) {
      const target = entry.targetPort ?? entry.port;
      for (const backend of backends) {
        if (!containersOf(backend).some((container) => resolvesToContainerPort(container, target))) {
          problems.push(
            `Service ${service.metadata.name}: targetPort ${String(target)} is not a container port of ${backend.metadata.name}`,
          );
        }
      }
    }
  }
  return problems;
}

/** The Ingress sends /, /backoffice and /api to the gateway Service, on a port that Service has. */
export function checkIngress(resources: readonly JsonObject[]): string[] {
  const problems: string[] = [];
  const ingresses = ofKind<Ingress>(resources, 'Ingress');
  if (ingresses.length === 0) return ['no Ingress'];
  const gateway = ofKind<Service>(resources, 'Service').find((service) => service.metadata.name === GATEWAY);
  const routes = ingresses.flatMap((ingress) =>
    (ingress.spec?.rules ?? []).flatMap((rule) =>
      (rule.http?.paths ?? []).map((path) => ({ ingress, path })),
    ),
  );
  for (const wanted of PUBLIC_PATHS) {
    const route = routes.find(({ path }) => path.path === wanted);
    if (!route) {
      problems.push(`no Ingress path ${wanted}`);
      continue;
    }
    const backend = route.path.backend?.service;
    if (backend?.name !== GATEWAY) {
      problems.push(`Ingress path ${wanted} goes to ${backend?.name ?? 'nothing'}, not ${GATEWAY}`);
      continue;
    }
    const portOk = (gateway?.spec?.ports ?? []).some((entry) =>
      backend.port?.name !== undefined
        ? entry.name === backend.port.name
        : entry.port === backend.port?.number,
    );
    if (!portOk) problems.push(`Ingress path ${wanted}: the gateway Service has no such port`);
  }
  for (const { path } of routes) {
    if (path.backend?.service?.name !== GATEWAY) {
      problems.push(
        `Ingress path ${path.path ?? '?'} bypasses the gateway (${path.backend?.service?.name ?? '?'})`,
      );
    }
  }
  return problems;
}

/** HorizontalPodAutoscalers: autoscaling/v2, scaling an existing Deployment; the gateway has one on CPU. */
export function checkAutoscaling(resources: readonly JsonObject[]): string[] {
  const problems: string[] = [];
  const deployments = ofKind<Deployment>(resources, 'Deployment');
  const hpas = ofKind<Hpa>(resources, 'HorizontalPodAutoscaler');
  for (const hpa of hpas) {
    const target = hpa.spec?.scaleTargetRef;
    if (hpa.apiVersion !== 'autoscaling/v2')
      problems.push(`HPA ${hpa.metadata.name}: apiVersion is not autoscaling/v2`);
    if (
      target?.kind !== 'Deployment' ||
      !deployments.some((deployment) => deployment.metadata.name === target.name)
    ) {
      problems.push(`HPA ${hpa.metadata.name}: does not target an existing Deployment`);
    }
    const min = hpa.spec?.minReplicas ?? 1;
    if (hpa.spec?.maxReplicas === undefined || hpa.spec.maxReplicas < min) {
      problems.push(`HPA ${hpa.metadata.name}: maxReplicas below minReplicas`);
    }
  }
  const gateway = hpas.find((hpa) => hpa.spec?.scaleTargetRef?.name === GATEWAY);
  if (!gateway) problems.push('no HPA for the gateway');
  else if (
    !(gateway.spec?.metrics ?? []).some(
      (metric) => metric.type === 'Resource' && metric.resource?.name === 'cpu',
    )
  ) {
    problems.push('the gateway HPA does not scale on CPU');
  }
  return problems;
}

/** Every Deployment has a PodDisruptionBudget and every budget selects an existing Deployment's pods. */
export function checkDisruptionBudgets(resources: readonly JsonObject[]): string[] {
  const problems: string[] = [];
  const deployments = ofKind<Deployment>(resources, 'Deployment');
  const budgets = ofKind<Pdb>(resources, 'PodDisruptionBudget');
  for (const budget of budgets) {
    const selector = budget.spec?.selector;
    if (
      !selector ||
      !deployments.some((deployment) => matchesSelector(selector, templateLabels(deployment)))
    ) {
      problems.push(`PodDisruptionBudget ${budget.metadata.name}: selects no Deployment's pods`);
    }
    if (budget.spec?.minAvailable === undefined && budget.spec?.maxUnavailable === undefined) {
      problems.push(`PodDisruptionBudget ${budget.metadata.name}: neither minAvailable nor maxUnavailable`);
    }
  }
  for (const deployment of deployments) {
    const covered = budgets.some(
      (budget) => budget.spec?.selector && matchesSelector(budget.spec.selector, templateLabels(deployment)),
    );
    if (!covered) problems.push(`Deployment ${deployment.metadata.name}: no PodDisruptionBudget`);
  }
  return problems;
}

/**
 * The shared ConfigMap exists; every in-cluster URL in it (`http://<service>:<port>`) names a rendered
 * Service with that port; and no Secret is part of the build (they are created out of band).
 */
export function checkConfiguration(resources: readonly JsonObject[]): string[] {
  const problems: string[] = [];
  const config = resources.find(
    (resource) => resource.kind === 'ConfigMap' && nameOf(resource) === CONFIG_MAP,
  );
  if (!config) problems.push(`no ConfigMap ${CONFIG_MAP}`);
  const services = ofKind<Service>(resources, 'Service');
  const data = config && isObject(config.data) ? config.data : {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') {
      problems.push(`ConfigMap ${CONFIG_MAP}: ${key} is not a string`);
      continue;
    }
    const url = /^https?:\/\/([a-z0-9-]+):(\d+)(\/|$)/.exec(value);
    if (!url || url[1] === 'localhost') continue;
    const service = services.find((candidate) => candidate.metadata.name === url[1]);
    if (!service || !(service.spec?.ports ?? []).some((entry) => entry.port === Number(url[2]))) {
      problems.push(`ConfigMap ${CONFIG_MAP}: ${key}=${value} names no rendered Service port`);
    }
  }
  for (const secret of resources.filter((resource) => resource.kind === 'Secret')) {
    problems.push(`Secret ${nameOf(secret)} is part of the build; secrets are created out of band`);
  }
  return problems;
}

/** Container images: every one has a tag; `pinned` demands a release version or a digest. */
export function checkImages(
  resources: readonly JsonObject[],
  expectation: { tag?: string; pinned?: boolean },
): string[] {
  const problems: string[] = [];
  for (const deployment of ofKind<Deployment>(resources, 'Deployment')) {
    for (const container of containersOf(deployment)) {
      const image = splitImage(container.image ?? '');
      const label = `Deployment ${deployment.metadata.name}: image ${container.image ?? '(none)'}`;
      if (expectation.tag !== undefined && image.tag !== expectation.tag)
        problems.push(`${label} is not tagged ${expectation.tag}`);
      if (
        expectation.pinned &&
        !image.digest &&
        !/^v?\d+\.\d+\.\d+([-+.][0-9A-Za-z.-]+)?$/.test(image.tag ?? '')
      ) {
        problems.push(`${label} is not pinned to a release version or digest`);
      }
    }
  }
  return problems;
}

/** The pods of each Deployment, as network endpoints in their (rendered) namespace. */
export function podsOf(resources: readonly JsonObject[]): Map<string, Endpoint & { kind: 'pod' }> {
  const pods = new Map<string, Endpoint & { kind: 'pod' }>();
  for (const deployment of ofKind<Deployment>(resources, 'Deployment')) {
    const namespace = deployment.metadata.namespace ?? 'default';
    const namespaceResource = resources.find(
      (resource) => resource.kind === 'Namespace' && nameOf(resource) === namespace,
    );
    const declared =
      namespaceResource && isObject(namespaceResource.metadata)
        ? namespaceResource.metadata.labels
        : undefined;
    const namedPorts: Record<string, number> = {};
    for (const container of containersOf(deployment)) {
      for (const port of container.ports ?? []) if (port.name) namedPorts[port.name] = port.containerPort;
    }
    pods.set(deployment.metadata.name, {
      kind: 'pod',
      namespace,
      namespaceLabels: { ...(isLabels(declared) ? declared : {}), 'kubernetes.io/metadata.name': namespace },
      labels: templateLabels(deployment),
      namedPorts,
    });
  }
  return pods;
}

/**
 * What the NetworkPolicies let through, tried connection by connection: only the gateway accepts
 * traffic from outside the platform; the internal services accept the gateway (and identity every
 * platform pod, for JWKS) and Prometheus from the monitoring namespace; the platform reaches DNS and
 * Redis, the services (not the gateway) Postgres, notifications SMTP, and nothing else that is not listed.
 */
export function checkNetworkIsolation(
  resources: readonly JsonObject[],
  ports: Record<string, number>,
): string[] {
  const problems: string[] = [];
  const namespaces = [
    ...new Set(ofKind<Deployment>(resources, 'Deployment').map((d) => d.metadata.namespace ?? 'default')),
  ];
  const policies = asNetworkPolicies(resources, namespaces[0] ?? 'default');
  if (policies.length === 0) return ['no NetworkPolicy'];
  const pods = podsOf(resources);
  const namespace = namespaces[0] ?? 'default';

  const isEmpty = (selector: LabelSelector): boolean =>
    Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
  const denyAll = policies.find(
    (policy) =>
      isEmpty(policy.spec.podSelector) &&
      (policy.spec.policyTypes ?? ['Ingress']).includes('Ingress') &&
      (policy.spec.ingress ?? []).length === 0,
  );
  if (!denyAll) problems.push('no default-deny ingress policy for all pods of the namespace');

  const outsiders: [string, Endpoint][] = [
    ['the internet', { kind: 'external', ip: '203.0.113.10' }],
    [
      'the ingress controller',
      {
        kind: 'pod',
        namespace: 'ingress-nginx',
        namespaceLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
        labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
      },
    ],
    [
      'an unrelated pod in the namespace',
      {
        kind: 'pod',
        namespace,
        namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
        labels: { app: 'debug-shell' },
      },
    ],
  ];
  const monitoring: Endpoint = {
    kind: 'pod',
    namespace: 'monitoring',
    namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
    labels: { 'app.kubernetes.io/name': 'prometheus' },
  };
  const external = (ip: string): Endpoint => ({ kind: 'external', ip });
  const demand = (
    allowed: boolean,
    from: string,
    source: Endpoint,
    to: string,
    destination: Endpoint,
    port: number,
    protocol = 'TCP',
  ) => {
    if (isAllowed(policies, source, destination, port, protocol) !== allowed) {
      problems.push(
        `${from} → ${to}:${port}/${protocol} is ${allowed ? 'blocked but must be allowed' : 'allowed but must be blocked'}`,
      );
    }
  };

  const gateway = pods.get(GATEWAY);
  if (!gateway) return [...problems, 'no gateway pods'];
  const gatewayPort = ports[GATEWAY];
  if (gatewayPort === undefined) return [...problems, 'no port for gateway'];
  // From outside the namespace (an unrelated pod inside it may not even open connections: default deny).
  for (const [who, source] of outsiders.slice(0, 2)) {
    demand(true, who, source, GATEWAY, gateway, gatewayPort);
    demand(false, who, source, GATEWAY, gateway, 9229);
  }
  for (const [name, port] of Object.entries(ports)) {
    const pod = pods.get(name);
    if (!pod) {
      problems.push(`no pods for ${name}`);
      continue;
    }
    // Prometheus reaches the metrics listener only; nobody else does (the gateway's port is public anyway)
    const metricsPort = port + METRICS_PORT_OFFSET;
    demand(true, 'monitoring', monitoring, name, pod, metricsPort);
    if (name !== GATEWAY) demand(false, 'monitoring', monitoring, name, pod, port);
    for (const [who, source] of outsiders) demand(false, who, source, name, pod, metricsPort);
    if (name !== GATEWAY) demand(false, GATEWAY, gateway, name, pod, metricsPort);
    demand(true, name, pod, 'DNS', external('10.96.0.10'), 53, 'UDP');
    // The gateway has no database.
    demand(name !== GATEWAY, name, pod, 'Postgres', external('10.20.0.5'), 5432);
    demand(true, name, pod, 'Redis', external('10.20.0.6'), 6379);
    demand(false, name, pod, 'somewhere', external('198.51.100.7'), 22);
    demand(name === 'notifications', name, pod, 'SMTP relay', external('198.51.100.25'), 587);
    if (name === GATEWAY) continue;
    for (const [who, source] of outsiders) demand(false, who, source, name, pod, port);
    demand(true, GATEWAY, gateway, name, pod, port);
    for (const other of Object.keys(ports)) {
      const otherPod = pods.get(other);
      if (other === name || other === GATEWAY || !otherPod) continue;
      // identity serves its JWKS to every platform pod; everything else is gateway-only.
      demand(name === 'identity', other, otherPod, name, pod, port);
    }
  }
  return problems;
}
