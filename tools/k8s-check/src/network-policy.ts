import { isObject, type JsonObject } from './yaml-docs';

/**
 * Kubernetes NetworkPolicy semantics, enough to ask "may A open a connection to B on port P?" of a set
 * of rendered policies (what a CNI plugin enforces, minus ipBlock `except` subtleties for pod IPs).
 */

export type Labels = Record<string, string>;

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }[];
}

/** Whether labels satisfy a selector; an empty selector selects everything. */
export function matchesSelector(selector: LabelSelector, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (labels[key] !== value) return false;
  for (const expression of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(labels, expression.key);
    const value = labels[expression.key];
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
        if (!present || value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (present && value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
    }
  }
  return true;
}

/** A pod (namespace, its labels, its named container ports) or an address outside the cluster. */
export type Endpoint =
  | {
      kind: 'pod';
      namespace: string;
      namespaceLabels: Labels;
      labels: Labels;
      namedPorts?: Record<string, number>;
    }
  | { kind: 'external'; ip: string };

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface PolicyRule {
  ports?: PolicyPort[];
  from?: PolicyPeer[];
  to?: PolicyPeer[];
}
export interface NetworkPolicy {
  metadata: { name: string; namespace?: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: ('Ingress' | 'Egress')[];
    ingress?: PolicyRule[];
    egress?: PolicyRule[];
  };
}

export function asNetworkPolicies(
  resources: readonly JsonObject[],
  defaultNamespace = 'default',
): NetworkPolicy[] {
  return resources
    .filter((resource) => resource.kind === 'NetworkPolicy')
    .map((resource) => {
      const policy = resource as unknown as NetworkPolicy;
      return {
        ...policy,
        metadata: { ...policy.metadata, namespace: policy.metadata.namespace ?? defaultNamespace },
      };
    });
}

function ipv4(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255))
    return undefined;
  return parts.reduce((sum, part) => sum * 256 + Number(part), 0);
}

export function cidrContains(cidr: string, address: string): boolean {
  const [network = '', bits] = cidr.split('/');
  const base = ipv4(network);
  const ip = ipv4(address);
  const length = Number(bits);
  if (base === undefined || ip === undefined || !(length >= 0 && length <= 32)) return false;
  const size = 2 ** (32 - length);
  return Math.floor(base / size) === Math.floor(ip / size);
}

function policyTypes(policy: NetworkPolicy): ('Ingress' | 'Egress')[] {
  if (policy.spec.policyTypes) return policy.spec.policyTypes;
  return policy.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

function peerMatches(peer: PolicyPeer, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.ipBlock) {
    return (
      endpoint.kind === 'external' &&
      cidrContains(peer.ipBlock.cidr, endpoint.ip) &&
      !(peer.ipBlock.except ?? []).some((except) => cidrContains(except, endpoint.ip))
    );
  }
  if (endpoint.kind !== 'pod') return false;
  const namespaceOk = peer.namespaceSelector
    ? matchesSelector(peer.namespaceSelector, endpoint.namespaceLabels)
    : endpoint.namespace === policyNamespace;
  const podOk = peer.podSelector ? matchesSelector(peer.podSelector, endpoint.labels) : true;
  return namespaceOk && podOk;
}

function portMatches(
  rulePorts: PolicyPort[] | undefined,
  port: number,
  protocol: string,
  target: Endpoint,
): boolean {
  if (!rulePorts || rulePorts.length === 0) return true;
  return rulePorts.some((entry) => {
    if ((entry.protocol ?? 'TCP') !== protocol) return false;
    if (entry.port === undefined) return true;
    if (typeof entry.port === 'string') {
      return target.kind === 'pod' && target.namedPorts?.[entry.port] === port;
    }
    return entry.endPort === undefined ? entry.port === port : port >= entry.port && port <= entry.endPort;
  });
}

function selecting(policies: NetworkPolicy[], pod: Endpoint, type: 'Ingress' | 'Egress'): NetworkPolicy[] {
  if (pod.kind !== 'pod') return [];
  return policies.filter(
    (policy) =>
      policy.metadata.namespace === pod.namespace &&
      policyTypes(policy).includes(type) &&
      matchesSelector(policy.spec.podSelector, pod.labels),
  );
}

/** Whether the policies let `source` open a connection to `destination` on the port. */
export function isAllowed(
  policies: NetworkPolicy[],
  source: Endpoint,
  destination: Endpoint,
  port: number,
  protocol = 'TCP',
): boolean {
  const egressPolicies = selecting(policies, source, 'Egress');
  const egressOk =
    egressPolicies.length === 0 ||
    egressPolicies.some((policy) =>
      (policy.spec.egress ?? []).some(
        (rule) =>
          portMatches(rule.ports, port, protocol, destination) &&
          (!rule.to ||
            rule.to.length === 0 ||
            rule.to.some((peer) => peerMatches(peer, policy.metadata.namespace ?? '', destination))),
      ),
    );
  const ingressPolicies = selecting(policies, destination, 'Ingress');
  const ingressOk =
    ingressPolicies.length === 0 ||
    ingressPolicies.some((policy) =>
      (policy.spec.ingress ?? []).some(
        (rule) =>
          portMatches(rule.ports, port, protocol, destination) &&
          (!rule.from ||
            rule.from.length === 0 ||
            rule.from.some((peer) => peerMatches(peer, policy.metadata.namespace ?? '', source))),
      ),
    );
  return egressOk && ingressOk;
}

export function isLabels(value: unknown): value is Labels {
  return isObject(value) && Object.values(value).every((entry) => typeof entry === 'string');
}
