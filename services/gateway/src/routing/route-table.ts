import { ROUTE_PREFIXES, type ServiceName } from '@buergeramt/contracts';

/** The public API's prefix; services serve their routes without it. */
export const API_PREFIX = '/api/v1';

export interface RouteMatch {
  service: ServiceName;
  /** The matched prefix below /api/v1, e.g. `/auth` (a bounded label for metrics). */
  prefix: string;
  /** The service's base URL. */
  baseUrl: string;
}

interface Entry {
  service: ServiceName;
  prefix: string;
}

/**
 * Which service answers a path below /api/v1: the service owning the longest matching prefix
 * (`/stats/appointments` beats a shorter `/stats`). A prefix matches itself and everything below it
 * (`/auth` matches `/auth` and `/auth/login`, never `/authority`).
 */
export class RouteTable {
  private readonly entries: readonly Entry[];

  constructor(
    private readonly baseUrls: Readonly<Record<ServiceName, string>>,
    prefixes: Readonly<Record<ServiceName, readonly string[]>> = ROUTE_PREFIXES,
  ) {
    const entries: Entry[] = [];
    for (const [service, list] of Object.entries(prefixes) as [ServiceName, readonly string[]][]) {
      for (const prefix of list) entries.push({ service, prefix: prefix.replace(/\/+$/, '') });
    }
    // Longest first, so the first hit is the longest match.
    this.entries = entries.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** `path` is below /api/v1 and without the query string, e.g. `/auth/login`. */
  match(path: string): RouteMatch | undefined {
    for (const { service, prefix } of this.entries) {
      if (path === prefix || (path.startsWith(prefix) && path.charAt(prefix.length) === '/')) {
        return { service, prefix, baseUrl: this.baseUrls[service] };
      }
    }
    return undefined;
  }
}
