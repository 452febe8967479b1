import { type DynamicModule, Module } from '@nestjs/common';
import { authModuleFor, PlatformModule } from '@buergeramt/platform';
import { CityAssets } from './city/city-assets';
import type { CityConfig } from './city/city-config';
import { CityController } from './city/city.controller';
import type { GatewayConfig } from './config/gateway.config';
import { DocsController } from './docs/docs.controller';
import { OpenApiService } from './docs/openapi.service';
import { UpstreamHealthController } from './health/upstream-health.controller';
import { UpstreamHealthService } from './health/upstream-health.service';
import { GatewayMetrics } from './metrics/gateway-metrics.service';
import { ProxyService } from './proxy/proxy.service';
import { RateLimitService } from './rate-limit/rate-limit.service';
import { SpaService } from './spa/spa.service';

/**
 * The gateway: no domain logic, no database. Platform gives config, logging, /health/live,
 * /health/ready (Redis) and /metrics; the features here are the proxy, rate limits, the merged
 * OpenAPI document with Swagger UI, the aggregated health, the city configuration and the SPAs. It also verifies any access token a
 * request carries before passing it on (defence in depth; the services verify it again and authorise).
 */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, city: CityConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [PlatformModule.forRoot({ service: 'gateway', config }), authModuleFor(config)],
      controllers: [DocsController, UpstreamHealthController, CityController],
      providers: [
        GatewayMetrics,
        ProxyService,
        RateLimitService,
        SpaService,
        OpenApiService,
        UpstreamHealthService,
        { provide: CityAssets, useValue: new CityAssets(city) },
      ],
    };
  }
}
