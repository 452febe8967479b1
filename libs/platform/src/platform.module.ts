import {
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { ServiceName } from '@buergeramt/contracts';
import { Redis } from 'ioredis';
import { PlatformConfigModule } from './config/config.module';
import type { BaseServiceConfig } from './config/env';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health.registry';
import { platformLoggerModule } from './logging/logger';
import { MetricsService } from './metrics/metrics.service';
import { Clock } from './time/clock';

/** A shared ioredis connection of the process (health checks, locks, rate windows). */
export const PLATFORM_REDIS = Symbol('PLATFORM_REDIS');

export interface PlatformModuleOptions {
  service: ServiceName | 'gateway';
  config: BaseServiceConfig;
  /** Further modules every request needs (e.g. the auth module). */
  imports?: DynamicModule[];
}

/**
 * What every backend process gets: its validated config, JSON logging with request ids, the health
 * registry with a Redis check, the `Clock`, `/health/live` and `/health/ready`, and the metrics registry (served by
 * `createApp` on the metrics listener).
 */
@Global()
@Module({})
export class PlatformModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly health: HealthRegistry,
    @Inject(PLATFORM_REDIS) private readonly redis: Redis,
  ) {}

  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const redisProvider = {
      provide: PLATFORM_REDIS,
      useFactory: () => {
        const redis = new Redis(options.config.REDIS_URL, {
          lazyConnect: true,
          maxRetriesPerRequest: 1,
          enableOfflineQueue: true,
          connectionName: `${options.service}:platform`,
        });
        // ioredis emits `error` on every failed reconnect: without a listener each one is an "Unhandled
        // error event" with a stack. Said once per outage instead; /health/ready reports it meanwhile.
        const logger = new Logger('Redis');
        let down = false;
        redis.on('error', (error: Error) => {
          if (down) return;
          down = true;
          logger.warn(`Redis is unreachable (${error.message}); reconnecting`);
        });
        redis.on('ready', () => {
          if (down) logger.log('Redis is reachable again');
          down = false;
        });
        return redis;
      },
    };
    return {
      module: PlatformModule,
      imports: [
        PlatformConfigModule.register(options.service, options.config),
        platformLoggerModule(options.service, options.config.LOG_LEVEL),
        ...(options.imports ?? []),
      ],
      // /metrics is not a controller: createApp serves it (metrics-endpoint.ts), outside the auth guards
      controllers: [HealthController],
      providers: [HealthRegistry, MetricsService, Clock, redisProvider],
      exports: [HealthRegistry, MetricsService, Clock, PLATFORM_REDIS],
    };
  }

  onModuleInit(): void {
    this.redis.connect().catch(() => {
      // readiness reports Redis as down until it answers; ioredis keeps reconnecting
    });
    this.health.register('redis', async () => {
      const pong = await this.redis.ping();
      if (pong !== 'PONG') throw new Error('unexpected redis answer');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => this.redis.disconnect(false));
    } else {
      this.redis.disconnect(false);
    }
  }
}
