import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { LoginModule } from '../auth/login.module';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';

@Module({
  imports: [AccountsModule, LoginModule],
  controllers: [OidcController],
  providers: [OidcService],
  exports: [OidcService],
})
export class OidcModule {}
