import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { PersistenceModule } from '../persistence.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';

@Module({
  imports: [PersistenceModule, MailModule],
  controllers: [DeliveriesController],
  providers: [DeliveriesService],
})
export class DeliveriesModule {}
