import type { LoggerService, LogLevel } from '@nestjs/common';
import { type IEntryNestModule, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';

export interface BootTestAppOptions {
  /**
   * Environment for the app, set on `process.env` before the app is created (a value of `undefined`
   * removes the variable). `close()` restores the previous values. Code that reads the environment at
   * import time does not see these: read configuration in providers.
   */
  env?: Record<string, string | undefined>;
  /** called after the app is created and before `init()`: global pipes, filters, prefixes, ... */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
  /** Nest logger; default: errors and warnings only */
  logger?: LoggerService | LogLevel[] | false;
}

export interface TestApp {
  app: NestFastifyApplication;
  /** a request against the app without a network socket (Fastify's `inject`) */
  inject(options: InjectOptions | string): Promise<LightMyRequestResponse>;
  /** closes the app (running its shutdown hooks) and restores the environment */
  close(): Promise<void>;
}

function applyEnv(env: Record<string, string | undefined>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(env)) {
    previous.set(key, process.env[key]);
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/**
 * Boots a Nest module on Fastify for a test, like the service's `main.ts` would, but without listening on
 * a port: requests go through `inject`. Generic on purpose: a service's own app factory (from platform)
 * can be applied in `configure`.
 */
export async function bootTestApp(
  moduleClass: IEntryNestModule,
  options: BootTestAppOptions = {},
): Promise<TestApp> {
  const restoreEnv = applyEnv(options.env ?? {});
  let app: NestFastifyApplication | undefined;
  try {
    app = await NestFactory.create<NestFastifyApplication>(moduleClass, new FastifyAdapter(), {
      logger: options.logger ?? ['error', 'warn'],
      abortOnError: false,
    });
    await options.configure?.(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    await app?.close().catch(() => undefined);
    restoreEnv();
    throw error;
  }
  const started = app;
  const fastify = started.getHttpAdapter().getInstance();
  let closed = false;
  return {
    app: started,
    inject: (injectOptions) => fastify.inject(injectOptions),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await started.close();
      } finally {
        restoreEnv();
      }
    },
  };
}
