import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { MfaModule } from '../mfa/mfa.module';
import { TokensModule } from '../tokens/tokens.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { MfaEnrollmentController } from './enrollment.controller';
import { LockoutModule } from './lockout.module';
import { RefreshCookie } from './refresh-cookie';

/** Login (with the TOTP enrollment of staff), refresh, logout (named so as not to be confused with the platform's token-verifying AuthModule). */
@Module({
  imports: [AccountsModule, MfaModule, TokensModule, LockoutModule],
  controllers: [AuthController, MfaEnrollmentController],
  providers: [AuthService, RefreshCookie],
  exports: [AuthService, RefreshCookie],
})
export class LoginModule {}
