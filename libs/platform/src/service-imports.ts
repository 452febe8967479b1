import type { DynamicModule } from '@nestjs/common';
import type { ServiceName } from '@buergeramt/contracts';
import { AuthModule } from './auth';
import type { DatabaseServiceConfig, TokenVerifyingConfig } from './config/env';
import { DatabaseModule, type DatabaseModuleOptions } from './database/database.module';
import { PlatformModule } from './platform.module';

/** Token verification against identity's JWKS, configured from the process's environment. */
export function authModuleFor(config: TokenVerifyingConfig): DynamicModule {
  return AuthModule.forRoot({
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
}

/**
 * The modules every domain service imports: platform (config, logging, health, metrics), token
 * verification against identity's JWKS (every service checks tokens itself), and its own schema with
 * migrations run at start under a lock.
 */
export function platformImports(
  service: ServiceName,
  config: DatabaseServiceConfig,
  database: Omit<DatabaseModuleOptions, 'schema'>,
): DynamicModule[] {
  return [
    PlatformModule.forRoot({
      service,
      config,
      imports: [
        AuthModule.forRoot({
          jwksUrl: config.JWKS_URL,
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
        }),
      ],
    }),
    DatabaseModule.forRoot({ schema: config.DATABASE_SCHEMA ?? service, ...database }),
  ];
}
