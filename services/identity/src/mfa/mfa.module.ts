import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { MfaEnrollmentController, MyTotpController } from './mfa.controller';
import { MfaService } from './mfa.service';

@Module({
  imports: [AccountsModule],
  controllers: [MfaEnrollmentController, MyTotpController],
  providers: [MfaService],
  exports: [MfaService],
})
export class MfaModule {}
