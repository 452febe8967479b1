import type { IncomingMessage } from 'node:http';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { BaseServiceConfig } from '../config/env';
import { PROBLEM_CONTENT_TYPE } from '@buergeramt/contracts';
import { genericProblem } from '../errors/problem';
import { ProblemExceptionFilter } from '../errors/problem.filter';
import { registerInputGuard } from '../errors/input-guard';
import { answerClientError } from './client-error';
import { createValidationPipe } from '../errors/validation';
import { registerCachePolicy } from '../http/cache';
import { requestIdFrom } from '../logging/request-id';
import { registerMetricsRoute, startMetricsListener } from '../metrics/metrics-endpoint';
import { MetricsService } from '../metrics/metrics.service';
import { chunkReclaimer } from '../memory/chunk-reclaimer';
import { applyOperationSecurity } from '../openapi/openapi';

export interface CreateAppOptions {
  /** Title and description of the service's OpenAPI document (served internally at /openapi.json). */
  title: string;
  description?: string;
  /** Largest JSON body in bytes (default 1 MiB). Uploads use their own streaming parsers. */
  bodyLimit?: number;
  /**
   * Refuse too deeply nested bodies and strings with U+0000 or lone surrogates before any handler runs
   * (default true; see `registerInputGuard`). The gateway, which passes bodies on unread, turns it off.
   */
  inputGuard?: boolean;
  /**
   * `Cache-Control: no-store` on every answer whose route is not `@PublicCache()` and sets none itself
   * (default true; see `registerCachePolicy`). The gateway, which passes the services' answers on with the
   * policy they carry and sets one on each of its own, turns it off.
   */
  cachePolicy?: boolean;
  /**
   * Name of a cookie that authenticates some operations (identity's refresh cookie): documented as the
   * `cookie` security scheme those operations name (`@ApiCookieAuth()`).
   */
  cookieAuth?: string;
}

/** `TRUST_PROXY`: "true"/"false", a hop count, or a comma list of addresses/CIDRs. */
export function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((s) => s.trim());
}

export function openApiDocument(app: NestFastifyApplication, options: CreateAppOptions): OpenAPIObject {
  const builder = new DocumentBuilder().setTitle(options.title).setVersion('1').addBearerAuth();
  if (options.cookieAuth)
    builder.addCookieAuth(options.cookieAuth, { type: 'apiKey', in: 'cookie' }, 'cookie');
  if (options.description) builder.setDescription(options.description);
  return applyOperationSecurity(SwaggerModule.createDocument(app, builder.build()));
}

/**
 * Builds a service's Nest application on Fastify with the platform's wiring (logger, problem+json
 * filter, the input guard, whitelisting validation, request ids, the caching policy, metrics, OpenAPI at
 * /openapi.json) and initialises it.
 * `main.ts` then listens; tests use it as it is, so they run exactly what production runs.
 */
export async function createApp(
  rootModule: Type<unknown> | DynamicModule,
  config: BaseServiceConfig,
  options: CreateAppOptions,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    genReqId: (req: IncomingMessage) => requestIdFrom(req),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    routerOptions: { maxParamLength: 256 },
    // errors Fastify raises before routing (e.g. a malformed percent-encoding) are problem+json too
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const problem = {
        ...genericProblem(400, 'The request URL or headers are malformed.'),
        instance: request.url.split('?')[0],
      };
      void reply.status(400).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
      void error;
    },
    // and so are those Node's HTTP parser raises before Fastify sees a request (e.g. a URL over 16 KB)
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  chunkReclaimer.configure(config.CHUNK_RECLAIM_BYTES);
  if (config.CHUNK_RECLAIM_BYTES > 0 && !chunkReclaimer.active && config.NODE_ENV !== 'test') {
    app
      .get(Logger)
      .warn(
        'node runs without --expose-gc: streamed chunks are freed only when V8 gets round to it, so large ' +
          'bodies raise this process memory by up to ~30 MB (start node with --expose-gc, see ChunkReclaimer)',
        'Bootstrap',
      );
  }
  app.useGlobalFilters(new ProblemExceptionFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  if (options.inputGuard !== false) registerInputGuard(fastify);
  if (options.cachePolicy !== false) registerCachePolicy(fastify);
  registerMetricsRoute(fastify, metrics, config);

  const document = openApiDocument(app, options);
  fastify.get('/openapi.json', { logLevel: 'warn' }, () => Promise.resolve(document));

  await app.init();
  return app;
}

/**
 * Listens on HOST:PORT, and serves the metrics on HOST:METRICS_PORT (unless it is 0). What main.ts does
 * with an application from {@link createApp}.
 */
export async function listen(
  app: NestFastifyApplication,
  config: BaseServiceConfig,
  name: string,
): Promise<void> {
  await app.listen({ port: config.PORT, host: config.HOST });
  const logger = app.get(Logger);
  logger.log(`${name} listening on http://${config.HOST}:${config.PORT}`, 'Bootstrap');
  const metrics = await startMetricsListener(app, config);
  if (metrics) {
    logger.log(`Metrics on http://${config.HOST}:${config.metricsPort()}/metrics`, 'Bootstrap');
  } else if (config.METRICS_TOKEN) {
    logger.log('Metrics on /metrics of the service port, with the bearer token METRICS_TOKEN', 'Bootstrap');
  } else {
    logger.warn('METRICS_PORT=0 and no METRICS_TOKEN: metrics are not served', 'Bootstrap');
  }
}

/** main.ts: create the app and listen on HOST:PORT (metrics on HOST:METRICS_PORT). */
export async function bootstrapService(
  rootModule: Type<unknown> | DynamicModule,
  config: BaseServiceConfig,
  options: CreateAppOptions,
): Promise<NestFastifyApplication> {
  const app = await createApp(rootModule, config, options);
  await listen(app, config, options.title);
  return app;
}
