import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LockoutModule } from '../auth/lockout.module';
import { MyTotpController } from './mfa.controller';
import { MfaService } from './mfa.service';

@Module({
  imports: [AccountsModule, LockoutModule],
  // the enrollment of staff during log-in ends in a session: its routes live with log-in (LoginModule)
  controllers: [MyTotpController],
  providers: [MfaService],
  exports: [MfaService],
})
export class MfaModule {}
