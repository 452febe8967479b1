import {
  cidrContains,
  isAllowed,
  matchesSelector,
  type Endpoint,
  type NetworkPolicy,
} from './network-policy';

const pod = (labels: Record<string, string>, namespace = 'app'): Endpoint => ({
  kind: 'pod',
  namespace,
  namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
  labels,
  namedPorts: { http: 8080 },
});
const web = pod({ app: 'web' });
const db = pod({ app: 'db' });
const stranger = pod({ app: 'x' }, 'elsewhere');
const internet: Endpoint = { kind: 'external', ip: '203.0.113.9' };

const policy = (name: string, spec: NetworkPolicy['spec']): NetworkPolicy => ({
  metadata: { name, namespace: 'app' },
  spec,
});
const denyAll = policy('deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

describe('matchesSelector', () => {
  it.each([
    [{}, { a: '1' }, true],
    [{ matchLabels: { a: '1' } }, { a: '1', b: '2' }, true],
    [{ matchLabels: { a: '1' } }, { a: '2' }, false],
    [{ matchExpressions: [{ key: 'a', operator: 'In' as const, values: ['1', '2'] }] }, { a: '2' }, true],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn' as const, values: ['1'] }] }, { a: '1' }, false],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists' as const }] }, {}, false],
    [{ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' as const }] }, {}, true],
  ])('%j on %j → %s', (selector, labels, expected) => {
    expect(matchesSelector(selector, labels)).toBe(expected);
  });
});

describe('cidrContains', () => {
  it('matches addresses inside the block only', () => {
    expect(cidrContains('10.0.0.0/8', '10.200.1.1')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '11.0.0.1')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '198.51.100.1')).toBe(true);
  });
});

describe('isAllowed', () => {
  it('allows everything without policies', () => {
    expect(isAllowed([], internet, db, 5432)).toBe(true);
  });

  it('blocks everything under a default deny, both directions', () => {
    expect(isAllowed([denyAll], internet, web, 8080)).toBe(false);
    expect(isAllowed([denyAll], web, internet, 443)).toBe(false);
  });

  it('allows ingress by pod selector in the same namespace and port, nothing more', () => {
    const policies = [
      denyAll,
      policy('db-from-web', {
        podSelector: { matchLabels: { app: 'db' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }],
      }),
      policy('web-egress', {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }],
      }),
    ];
    expect(isAllowed(policies, web, db, 5432)).toBe(true);
    expect(isAllowed(policies, web, db, 22)).toBe(false);
    expect(isAllowed(policies, pod({ app: 'web' }, 'elsewhere'), db, 5432)).toBe(false);
    expect(isAllowed(policies, internet, db, 5432)).toBe(false);
  });

  it('treats a rule without peers as "from anywhere" and resolves named ports', () => {
    const policies = [
      denyAll,
      policy('web-open', {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress'],
        ingress: [{ ports: [{ port: 'http' }] }],
      }),
    ];
    expect(isAllowed(policies, internet, web, 8080)).toBe(true);
    expect(isAllowed(policies, stranger, web, 8080)).toBe(true);
    expect(isAllowed(policies, internet, web, 8081)).toBe(false);
  });

  it('matches namespace selectors, ipBlocks and UDP separately', () => {
    const policies = [
      denyAll,
      policy('web', {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'elsewhere' } } }] },
        ],
        egress: [
          { to: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.9/32'] } }] },
          { ports: [{ protocol: 'UDP', port: 53 }] },
        ],
      }),
    ];
    expect(isAllowed(policies, stranger, web, 8080)).toBe(true);
    expect(isAllowed(policies, db, web, 8080)).toBe(false);
    expect(isAllowed(policies, web, { kind: 'external', ip: '203.0.113.10' }, 443)).toBe(true);
    expect(isAllowed(policies, web, internet, 443)).toBe(false);
    expect(isAllowed(policies, web, internet, 53, 'UDP')).toBe(true);
    expect(isAllowed(policies, web, internet, 53, 'TCP')).toBe(false);
  });
});
