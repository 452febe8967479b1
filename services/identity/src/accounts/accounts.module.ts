import { Module } from '@nestjs/common';
import { LockoutModule } from '../auth/lockout.module';
import { TokensModule } from '../tokens/tokens.module';
import { MeController, RegistrationController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { MailLimitService } from './mail-limit.service';
import { OneTimeTokensRepository } from './one-time-tokens.repository';
import { OneTimeTokensService } from './one-time-tokens.service';
import { PasswordHasher } from './password-hasher';

const EXPORTED = [
  AccountsRepository,
  AccountsService,
  MailLimitService,
  OneTimeTokensService,
  PasswordHasher,
];

@Module({
  imports: [LockoutModule, TokensModule],
  controllers: [RegistrationController, MeController],
  providers: [...EXPORTED, OneTimeTokensRepository],
  exports: EXPORTED,
})
export class AccountsModule {}
