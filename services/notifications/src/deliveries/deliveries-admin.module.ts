import { Module } from '@nestjs/common';
import { NotifyModule } from '../notify/notify.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesModule } from './deliveries.module';
import { DeliveriesService } from './deliveries.service';

/** Admins read the delivery log and retry failed mails (a retry is decided anew by the notify service). */
@Module({
  imports: [DeliveriesModule, NotifyModule],
  controllers: [DeliveriesController],
  providers: [DeliveriesService],
})
export class DeliveriesAdminModule {}
