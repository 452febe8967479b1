import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryEntity } from './delivery.entity';

/**
 * The delivery log: one row per mail, written by the notify service (with the mail's job), sent by the
 * mail job and kept up by the housekeeping. Its admin API is `DeliveriesAdminModule` (it retries through
 * the notify service, which builds on this module).
 */
@Module({
  imports: [TypeOrmModule.forFeature([DeliveryEntity])],
  providers: [DeliveriesRepository],
  exports: [DeliveriesRepository],
})
export class DeliveriesModule {}
