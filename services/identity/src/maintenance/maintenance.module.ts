import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LockoutModule } from '../auth/lockout.module';
import { KeysModule } from '../keys/keys.module';
import { OidcModule } from '../oidc/oidc.module';
import { TokensModule } from '../tokens/tokens.module';
import { MaintenanceProcessor } from './maintenance.processor';

@Module({
  imports: [KeysModule, TokensModule, AccountsModule, LockoutModule, OidcModule],
  providers: [MaintenanceProcessor],
  exports: [MaintenanceProcessor],
})
export class MaintenanceModule {}
