import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createApp,
  type CreateAppOptions,
  type DatabaseServiceConfig,
  loadConfig,
} from '@buergeramt/platform';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createTestSchema, type TestSchema } from './postgres';
import { cleanupQueuePrefix, uniqueQueuePrefix } from './redis';
import { testRedis } from './services';

export interface ServiceUnderTest<C> {
  app: NestFastifyApplication;
  config: C;
  schema: TestSchema;
  queuePrefix: string;
  inject(options: InjectOptions | string): Promise<LightMyRequestResponse>;
  /** closes the app, drops the schema and deletes the run's Redis keys */
  close(): Promise<void>;
}

/**
 * Boots a service exactly as its main.ts does (platform `createApp`, real migrations under the lock, real
 * Redis), isolated in a fresh schema and queue prefix, without listening on a port.
 */
export async function bootService<C extends DatabaseServiceConfig>(
  service: string,
  configClass: new () => C,
  rootModule: (config: C) => DynamicModule,
  openapi: CreateAppOptions,
  env: Record<string, string> = {},
): Promise<ServiceUnderTest<C>> {
  const schema = await createTestSchema(service);
  const redisUrl = await testRedis();
  const queuePrefix = uniqueQueuePrefix(service);
  const config = loadConfig(configClass, {
    LOG_LEVEL: 'error',
    ...env,
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    NODE_ENV: 'test',
  });
  let app: NestFastifyApplication;
  try {
    app = await createApp(rootModule(config), config, openapi);
  } catch (error) {
    await schema.drop();
    throw error;
  }
  const fastify = app.getHttpAdapter().getInstance();
  return {
    app,
    config,
    schema,
    queuePrefix,
    inject: (options) => fastify.inject(options),
    close: async () => {
      await app.close();
      await schema.drop();
      await cleanupQueuePrefix(redisUrl, queuePrefix);
    },
  };
}
