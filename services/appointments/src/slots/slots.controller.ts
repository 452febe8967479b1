import { Public, PublicCache, Problems } from '@buergeramt/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FreeDayListDto, SlotListDto, SlotQueryDto } from './dto/slots.dto';
import { SlotsService } from './slots.service';

/** Seconds a calendar's free-day counts (`GET /slots/days`) may be reused without asking. */
export const FREE_DAYS_MAX_AGE_SECONDS = 2;

@ApiTags('appointments')
@Controller('slots')
export class SlotsController {
  constructor(private readonly slots: SlotsService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'Free start times for a service, sorted; from hours, closures, holidays, durations, counters and bookings',
  })
  @ApiOkResponse({ type: SlotListDto })
  @Problems([422, 'validation-failed'])
  list(@Query() query: SlotQueryDto): Promise<SlotListDto> {
    return this.slots.list(query);
  }

  /**
   * The calendar's counts may be kept for {@link FREE_DAYS_MAX_AGE_SECONDS} by browsers and the gateway
   * (decision §39): the hottest read of a booking rush, the same for everyone, and only an overview; the
   * times one picks from (`GET /slots`) and the booking itself are never cached.
   */
  @Get('days')
  @Public()
  @PublicCache({ maxAgeSeconds: FREE_DAYS_MAX_AGE_SECONDS })
  @ApiOperation({
    summary:
      'How many free start times each day has (days without any left out), for a calendar; the same times as GET /slots',
  })
  @ApiOkResponse({ type: FreeDayListDto })
  @Problems([422, 'validation-failed'])
  days(@Query() query: SlotQueryDto): Promise<FreeDayListDto> {
    return this.slots.days(query);
  }
}
