import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LockoutModule } from '../auth/lockout.module';
import { KeysModule } from '../keys/keys.module';
import { OidcModule } from '../oidc/oidc.module';
import { TokensModule } from '../tokens/tokens.module';
import { HousekeepingProcessor } from './housekeeping.processor';

@Module({
  imports: [KeysModule, TokensModule, AccountsModule, LockoutModule, OidcModule],
  providers: [HousekeepingProcessor],
  exports: [HousekeepingProcessor],
})
export class HousekeepingModule {}
