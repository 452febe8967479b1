import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { TokensService } from './tokens.service';

@Module({
  imports: [KeysModule],
  providers: [RefreshTokensRepository, TokensService],
  exports: [TokensService],
})
export class TokensModule {}
