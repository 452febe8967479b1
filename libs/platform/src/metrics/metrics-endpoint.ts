import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Socket } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from '@buergeramt/contracts';
import type { BaseServiceConfig } from '../config/env';
import { genericProblem } from '../errors/problem';
import { MetricsService } from './metrics.service';

export const METRICS_PATH = '/metrics';
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Whether the request came over the network (a real socket of the service's listener), not from `inject`
 * in the same process (whose fake socket is no `net.Socket`).
 */
function fromNetwork(request: FastifyRequest): boolean {
  return request.raw.socket instanceof Socket;
}

/**
 * Whether `/metrics` may be answered on the service's own port: only with `METRICS_PORT=0` and
 * `Authorization: Bearer <METRICS_TOKEN>`.
 */
export function mainPortMayServeMetrics(config: BaseServiceConfig, authorization: unknown): boolean {
  if (config.metricsPort() !== 0 || !config.METRICS_TOKEN) return false;
  if (typeof authorization !== 'string') return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match !== null && sameSecret(match[1] ?? '', config.METRICS_TOKEN);
}

/**
 * `GET /metrics` on the application. Over the public listener (HOST:PORT) it answers only when
 * {@link mainPortMayServeMetrics}; otherwise it is a 404 like any unknown path. In-process requests
 * (`inject`, as tests make them) are answered: they cannot come from the network. Scrapers use the
 * metrics listener ({@link startMetricsListener}).
 */
export function registerMetricsRoute(
  fastify: FastifyInstance,
  metrics: MetricsService,
  config: BaseServiceConfig,
): void {
  fastify.get(METRICS_PATH, { logLevel: 'warn' }, async (request, reply) => {
    if (fromNetwork(request) && !mainPortMayServeMetrics(config, request.headers.authorization)) {
      return reply
        .code(404)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send({ ...genericProblem(404, 'There is nothing at this address.'), instance: METRICS_PATH });
    }
    return reply
      .header('content-type', METRICS_CONTENT_TYPE)
      .header('cache-control', 'no-store')
      .send(await metrics.registry.metrics());
  });
}

/**
 * The internal metrics listener: `GET /metrics` (Prometheus text format) on HOST:METRICS_PORT and nothing
 * else, so that the service's own port (and the gateway's public one) never publishes metrics. Not
 * started when METRICS_PORT is 0. Closed with the application.
 */
export async function startMetricsListener(
  app: NestFastifyApplication,
  config: BaseServiceConfig,
): Promise<Server | null> {
  const port = config.metricsPort();
  if (port === 0) return null;
  const metrics = app.get(MetricsService);
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== METRICS_PATH || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      () => {
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics failed\n');
      },
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // the application's server closes on app.close() (and on shutdown signals): the metrics listener with it
  app.getHttpServer().once('close', () => {
    server.closeAllConnections();
    server.close();
  });
  return server;
}
