import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module';
import { OfficeModule } from '../office/office.module';
import { HousekeepingProcessor } from './housekeeping.processor';

@Module({
  imports: [BookingsModule, OfficeModule],
  providers: [HousekeepingProcessor],
  exports: [HousekeepingProcessor],
})
export class HousekeepingModule {}
