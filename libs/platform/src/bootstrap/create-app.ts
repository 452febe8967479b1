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
import { createValidationPipe } from '../errors/validation';
import { requestIdFrom } from '../logging/request-id';
import { MetricsService } from '../metrics/metrics.service';
import { chunkReclaimer } from '../memory/chunk-reclaimer';
import { applyOperationSecurity } from '../openapi/openapi';

export interface CreateAppOptions {
  /** Title and description of the service's OpenAPI document (served internally at /openapi.json). */
  title: string;
  description?: string;
  /** Largest JSON body in bytes (default 1 MiB). Uploads use their own streaming parsers. */
  bodyLimit?: number;
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
  if (options.description) builder.setDescription(options.description);
  return applyOperationSecurity(SwaggerModule.createDocument(app, builder.build()));
}

/**
 * Builds a service's Nest application on Fastify with the platform's wiring (logger, problem+json
 * filter, whitelisting validation, request ids, metrics, OpenAPI at /openapi.json) and initialises it.
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

  const document = openApiDocument(app, options);
  fastify.get('/openapi.json', { logLevel: 'warn' }, () => Promise.resolve(document));

  await app.init();
  return app;
}

/** main.ts: create the app and listen on HOST:PORT. */
export async function bootstrapService(
  rootModule: Type<unknown> | DynamicModule,
  config: BaseServiceConfig,
  options: CreateAppOptions,
): Promise<NestFastifyApplication> {
  const app = await createApp(rootModule, config, options);
  await app.listen({ port: config.PORT, host: config.HOST });
  app.get(Logger).log(`${options.title} listening on http://${config.HOST}:${config.PORT}`, 'Bootstrap');
  return app;
}
