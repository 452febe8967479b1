import { Module } from '@nestjs/common';
import { JwksController } from './jwks.controller';
import { KeysService } from './keys.service';
import { SigningKeysRepository } from './signing-keys.repository';

@Module({
  controllers: [JwksController],
  providers: [SigningKeysRepository, KeysService],
  exports: [KeysService],
})
export class KeysModule {}
