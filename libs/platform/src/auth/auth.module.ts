import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AUTH_OPTIONS } from './auth.constants';
import {
  type AuthModuleAsyncOptions,
  type AuthModuleOptions,
  type ResolvedAuthOptions,
  resolveAuthOptions,
} from './auth.options';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { RolesGuard } from './roles.guard';

/**
 * Authentication and authorisation for a service: verifies identity's access tokens on every route
 * (JwtAuthGuard) and enforces `@Roles`/`@Scopes` (RolesGuard), both as global guards in that order.
 * Import it once, in the service's root module.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    const resolved = resolveAuthOptions(options);
    return AuthModule.build([{ provide: AUTH_OPTIONS, useValue: resolved }]);
  }

  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    const factory = options.useFactory as (
      ...args: unknown[]
    ) => AuthModuleOptions | Promise<AuthModuleOptions>;
    return AuthModule.build(
      [
        {
          provide: AUTH_OPTIONS,
          useFactory: async (...args: unknown[]): Promise<ResolvedAuthOptions> =>
            resolveAuthOptions(await factory(...args)),
          inject: options.inject ?? [],
        },
      ],
      options.imports,
    );
  }

  private static build(optionProviders: Provider[], imports: DynamicModule['imports'] = []): DynamicModule {
    return {
      module: AuthModule,
      imports,
      providers: [
        ...optionProviders,
        JwtStrategy,
        // Order matters: authentication first, then roles and scopes.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [AUTH_OPTIONS, JwtStrategy],
    };
  }
}
