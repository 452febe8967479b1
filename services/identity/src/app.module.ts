import { type DynamicModule, Module } from '@nestjs/common';
import { MESSAGING_ENTITIES, MessagingModule } from '@buergeramt/messaging';
import { platformImports, type CreateAppOptions, AuditEntryEntity } from '@buergeramt/platform';
import { AccountsModule } from './accounts/accounts.module';
import { AddressMailEntity } from './accounts/mail-limit.entity';
import { OneTimeTokenEntity, UserEntity } from './accounts/user.entity';
import { ApiClientEntity } from './api-clients/api-client.entity';
import { ApiClientsModule } from './api-clients/api-clients.module';
import { AuditModule } from './audit/audit.module';
import { LoginModule } from './auth/login.module';
import { LoginFailureEntity, LoginLockEntity } from './auth/login-failure.entity';
import { CommonModule } from './common/common.module';
import type { IdentityConfig } from './config';
import { KeysModule } from './keys/keys.module';
import { SigningKeyEntity } from './keys/signing-key.entity';
import { HousekeepingModule } from './housekeeping/housekeeping.module';
import { MfaModule } from './mfa/mfa.module';
import { migrations } from './migrations';
import { FederatedIdentityEntity, OidcLoginStateEntity } from './oidc/oidc.entities';
import { OidcModule } from './oidc/oidc.module';
import { SeedModule } from './seed/seed.module';
import { StaffModule } from './staff/staff.module';
import { RefreshTokenEntity } from './tokens/refresh-token.entity';

export const OPENAPI: CreateAppOptions = {
  title: 'Digitales Bürgeramt: identity',
  description:
    'Accounts of citizens and staff, login, tokens (JWT + JWKS), MFA, machine clients and OIDC federation.',
  // the refresh cookie's default name (REFRESH_COOKIE_NAME); the document describes the default setup
  cookieAuth: 'buergeramt_refresh',
};

export const IDENTITY_ENTITIES = [
  UserEntity,
  OneTimeTokenEntity,
  RefreshTokenEntity,
  SigningKeyEntity,
  LoginFailureEntity,
  LoginLockEntity,
  AddressMailEntity,
  ApiClientEntity,
  FederatedIdentityEntity,
  OidcLoginStateEntity,
  AuditEntryEntity,
];

@Module({})
export class AppModule {
  static register(config: IdentityConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...platformImports('identity', config, {
          entities: [...MESSAGING_ENTITIES, ...IDENTITY_ENTITIES],
          migrations,
        }),
        MessagingModule.forRoot({
          service: 'identity',
          redisUrl: config.REDIS_URL,
          queuePrefix: config.QUEUE_PREFIX,
        }),
        CommonModule,
        AuditModule,
        KeysModule,
        AccountsModule,
        MfaModule,
        LoginModule,
        StaffModule,
        ApiClientsModule,
        OidcModule,
        SeedModule,
        HousekeepingModule,
      ],
    };
  }
}
