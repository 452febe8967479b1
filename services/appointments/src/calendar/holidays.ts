import { PublicHolidays } from '@buergeramt/platform';
import { Injectable } from '@nestjs/common';
import { AppointmentsConfig } from '../config';

/**
 * The public holidays of the city's country and state (HOLIDAY_COUNTRY, HOLIDAY_STATE): closed days
 * without anyone entering them; none with HOLIDAY_COUNTRY=none.
 */
@Injectable()
export class HolidayCalendar extends PublicHolidays {
  constructor(config: AppointmentsConfig) {
    super(config.HOLIDAY_COUNTRY === 'none' ? '' : config.HOLIDAY_COUNTRY, config.HOLIDAY_STATE);
  }
}
