import { Global, Module } from '@nestjs/common';
import { HolidayCalendar } from '../calendar/holidays';
import { Clock } from './clock';
import { ManageTokens } from './manage-token';

/** The clock, the holiday calendar and the manage tokens: used across features. */
@Global()
@Module({
  providers: [Clock, HolidayCalendar, ManageTokens],
  exports: [Clock, HolidayCalendar, ManageTokens],
})
export class CommonModule {}
