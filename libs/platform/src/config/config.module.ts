import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { ServiceName } from '@buergeramt/contracts';
import type { BaseServiceConfig } from './env';

/** Injection token for the service's validated config as `BaseServiceConfig` (its own class is a token too). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
/** Injection token for the service's name. */
export const SERVICE_NAME = Symbol('SERVICE_NAME');

@Global()
@Module({})
export class PlatformConfigModule {
  static register(service: ServiceName | 'gateway', config: BaseServiceConfig): DynamicModule {
    const providers = [
      { provide: SERVICE_CONFIG, useValue: config },
      { provide: config.constructor, useValue: config },
      { provide: SERVICE_NAME, useValue: service },
    ];
    return { module: PlatformConfigModule, providers, exports: providers.map((p) => p.provide) };
  }
}
