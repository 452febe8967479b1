/**
 * The services of the platform. The names are used for queue names, database schemas,
 * event sources and the gateway's routing table: never rename one without a migration plan.
 */
export const ServiceName = {
  Identity: 'identity',
  Appointments: 'appointments',
  Applications: 'applications',
  Documents: 'documents',
  Notifications: 'notifications',
} as const;
export type ServiceName = (typeof ServiceName)[keyof typeof ServiceName];
export const ALL_SERVICES: readonly ServiceName[] = Object.values(ServiceName);

/** Default local ports (each overridable by PORT); the gateway listens on 8080. */
export const DEFAULT_PORTS: Readonly<Record<ServiceName | 'gateway', number>> = {
  gateway: 8080,
  identity: 3001,
  appointments: 3002,
  applications: 3003,
  documents: 3004,
  notifications: 3005,
};

/**
 * Which public path prefixes (below /api/v1) each service answers. The gateway routes by the first
 * matching prefix; the longest prefix wins, so `/stats/appointments` beats a shorter `/stats`.
 */
export const ROUTE_PREFIXES: Readonly<Record<ServiceName, readonly string[]>> = {
  identity: ['/auth', '/me', '/admin/users', '/admin/api-clients'],
  appointments: [
    '/locations',
    '/slots',
    '/appointments',
    '/tickets',
    '/admin/locations',
    '/stats/appointments',
  ],
  applications: [
    '/services',
    '/admin/services',
    '/applications',
    '/admin/webhooks',
    '/stats/applications',
    '/stats/digitalisation',
    '/feedback',
    '/stats/feedback',
    '/transparency',
  ],
  documents: ['/documents', '/verify'],
  notifications: ['/notifications', '/admin/notifications'],
};
