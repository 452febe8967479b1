import { Module } from '@nestjs/common';
import { JwksController } from './jwks.controller';
import { KeysService } from './keys.service';

@Module({ controllers: [JwksController], providers: [KeysService], exports: [KeysService] })
export class KeysModule {}
