import { createApp } from '@buergeramt/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayModule } from './app.module';
import { type CityConfig, loadCityConfig } from './city/city-config';
import type { GatewayConfig } from './config/gateway.config';
import { GatewayMetrics } from './metrics/gateway-metrics.service';
import { routeLabel } from './metrics/route-label';
import { ProxyService } from './proxy/proxy.service';
import { RateLimitService } from './rate-limit/rate-limit.service';
import { corsOptions } from './security/cors';
import { registerSecurityHeaders } from './security/security-headers';
import { SpaService } from './spa/spa.service';

/**
 * The gateway application, initialised and ready to listen (main.ts) or to be called in tests.
 * Order matters: CORS answers preflights first, then rate limits (before any body is read), then
 * routing; security headers are set last on every response. The city configuration is read from
 * CITY_CONFIG_DIR unless given (main.ts reads it first, to stop with a one-line error).
 */
export async function createGateway(
  config: GatewayConfig,
  city: CityConfig = loadCityConfig(config.CITY_CONFIG_DIR),
): Promise<NestFastifyApplication> {
  const app = await createApp(GatewayModule.forRoot(config, city), config, {
    title: 'Gateway',
    description: 'The public entry of the Digitales Bürgeramt',
    bodyLimit: config.JSON_BODY_LIMIT,
    // bodies pass through unread, answers with the services' Cache-Control: each service refuses bad input
    // and sets its caching policy itself (the platform's input guard and cache policy); no work per request here
    inputGuard: false,
    cachePolicy: false,
  });
  const fastify = app.getHttpAdapter().getInstance();

  app.enableCors(corsOptions(config.CORS_ORIGINS));
  await registerSecurityHeaders(fastify);

  const metrics = app.get(GatewayMetrics);
  const proxy = app.get(ProxyService);
  fastify.addHook('onResponse', async (request, reply) => {
    const label =
      routeLabel(request) ?? proxy.labelFor(request.url) ?? request.routeOptions.url ?? 'unmatched';
    metrics.observe(label, reply.statusCode, reply.elapsedTime / 1000);
  });

  await app.get(RateLimitService).register(fastify);
  await proxy.register(fastify);
  app.get(SpaService).register(fastify);
  return app;
}
