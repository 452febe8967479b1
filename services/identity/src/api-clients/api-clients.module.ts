import { Module } from '@nestjs/common';
import { FormBodyParser } from '../common/form-body';
import { TokensModule } from '../tokens/tokens.module';
import { ApiClientsController, TokenController } from './api-clients.controller';
import { ApiClientsService } from './api-clients.service';

@Module({
  imports: [TokensModule],
  controllers: [ApiClientsController, TokenController],
  providers: [ApiClientsService, FormBodyParser],
})
export class ApiClientsModule {}
