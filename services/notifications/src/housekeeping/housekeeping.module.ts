import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { RemindersModule } from '../reminders/reminders.module';
import { Housekeeping } from './housekeeping';

/** The service's upkeep (one `@Repeat` on its housekeeping queue): the delivery log and old appointments. */
@Module({ imports: [DeliveriesModule, RemindersModule], providers: [Housekeeping] })
export class HousekeepingModule {}
