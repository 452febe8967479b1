import { Injectable, Logger } from '@nestjs/common';
import { ALL_SERVICES, type ServiceName } from '@buergeramt/contracts';
import { PROBLEM_SCHEMA } from '@buergeramt/platform';
import { GatewayConfig } from '../config/gateway.config';
import { API_PREFIX, RouteTable } from '../routing/route-table';
import { isObject, type JsonObject, mergeOpenApi, type ServiceDocument } from './openapi-merger';
import { CITY_PATHS, CITY_SCHEMAS } from '../city/city.openapi';

/** An incomplete document (a service was down) is reused for at most this long. */
const INCOMPLETE_TTL_MS = 5_000;

const problemResponse = (description: string): JsonObject => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/GatewayProblem' } } },
});

/** What the gateway answers itself, documented next to the services' paths. */
export const GATEWAY_PATHS: JsonObject = {
  [`${API_PREFIX}/health`]: {
    get: {
      operationId: 'gateway_health',
      summary: 'Readiness of every service',
      tags: ['gateway'],
      security: [],
      responses: {
        '200': {
          description: 'Every service is ready',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/GatewayHealth' } } },
        },
        '503': {
          description: 'At least one service is not ready; it is named with "down"',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/GatewayHealth' } } },
        },
        '429': problemResponse('Too many requests'),
      },
    },
  },
  ...CITY_PATHS,
};

export const GATEWAY_SCHEMAS: JsonObject = {
  GatewayHealth: {
    type: 'object',
    required: ['status', 'services'],
    properties: {
      status: { type: 'string', enum: ['ok', 'degraded'] },
      services: {
        type: 'object',
        additionalProperties: { type: 'string', enum: ['up', 'down'] },
      },
    },
  },
  GatewayProblem: { ...PROBLEM_SCHEMA, description: 'RFC 9457 problem details' },
  ...CITY_SCHEMAS,
};

/**
 * The public OpenAPI document: each service's own document (`GET /openapi.json` on the service,
 * never proxied) fetched with a timeout, merged, and reused for DOCS_CACHE_TTL_MS. A service that is
 * down is left out and named in `x-unavailable-services`; the document itself never fails.
 */
@Injectable()
export class OpenApiService {
  private readonly logger = new Logger('OpenApi');
  private readonly routes: RouteTable;
  private cached?: { document: JsonObject; expiresAt: number };
  private pending?: Promise<JsonObject>;

  constructor(private readonly config: GatewayConfig) {
    this.routes = new RouteTable(config.upstreams());
  }

  async document(): Promise<JsonObject> {
    if (this.cached && this.cached.expiresAt > Date.now()) return this.cached.document;
    this.pending ??= this.build().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async build(): Promise<JsonObject> {
    const fetched = await Promise.all(ALL_SERVICES.map((service) => this.fetchDocument(service)));
    const docs = fetched.filter((d): d is ServiceDocument => d !== undefined);
    const unavailable = ALL_SERVICES.filter((s) => !docs.some((d) => d.service === s));
    const merged = mergeOpenApi(docs, {
      prefix: API_PREFIX,
      routeOf: (path) => this.routes.match(path)?.service,
      info: {
        title: 'Digitales Bürgeramt API',
        version: '1',
        description:
          'The public REST API (v1) of the digital citizens\u2019 office. Errors are RFC 9457 problem details ' +
          '(application/problem+json). Authenticate with `Authorization: Bearer <access token>`.',
        license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
      },
      servers: [{ url: '/', description: 'This gateway' }],
      unavailable,
      ownPaths: GATEWAY_PATHS,
      ownSchemas: GATEWAY_SCHEMAS,
    });
    const ttl =
      unavailable.length > 0
        ? Math.min(INCOMPLETE_TTL_MS, this.config.DOCS_CACHE_TTL_MS)
        : this.config.DOCS_CACHE_TTL_MS;
    this.cached = { document: merged, expiresAt: Date.now() + ttl };
    return merged;
  }

  private async fetchDocument(service: ServiceName): Promise<ServiceDocument | undefined> {
    const url = `${this.config.upstreamUrl(service)}/openapi.json`;
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.config.DOCS_FETCH_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const document: unknown = await response.json();
      if (!isObject(document) || !isObject(document.paths)) throw new Error('not an OpenAPI document');
      return { service, document };
    } catch (error) {
      this.logger.warn(
        { upstream: service, err: (error as Error).message },
        `OpenAPI document of ${service} unavailable`,
      );
      return undefined;
    }
  }
}
