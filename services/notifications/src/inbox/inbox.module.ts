import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence.module';
import { TemplatesModule } from '../templates/templates.module';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';

@Module({
  imports: [PersistenceModule, TemplatesModule],
  controllers: [InboxController],
  providers: [InboxService],
})
export class InboxModule {}
