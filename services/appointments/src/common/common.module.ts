import { Global, Module } from '@nestjs/common';
import { HolidayCalendar } from '../calendar/holidays';
import { ManageTokens } from './manage-token';

/** The holiday calendar and the manage tokens: used across features. */
@Global()
@Module({
  providers: [HolidayCalendar, ManageTokens],
  exports: [HolidayCalendar, ManageTokens],
})
export class CommonModule {}
