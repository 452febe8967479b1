import { Public, Problems } from '@buergeramt/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FreeDayListDto, SlotListDto, SlotQueryDto } from './dto/slots.dto';
import { SlotsService } from './slots.service';

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

  @Get('days')
  @Public()
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
