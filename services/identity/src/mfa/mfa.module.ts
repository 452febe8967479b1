import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LockoutModule } from '../auth/lockout.module';
import { MfaEnrollmentController, MyTotpController } from './mfa.controller';
import { MfaService } from './mfa.service';

@Module({
  imports: [AccountsModule, LockoutModule],
  controllers: [MfaEnrollmentController, MyTotpController],
  providers: [MfaService],
  exports: [MfaService],
})
export class MfaModule {}
