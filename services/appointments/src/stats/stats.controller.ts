import { Role } from '@buergeramt/contracts';
import { type AuthUser, CurrentUser, Roles, Scopes, Problems } from '@buergeramt/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppointmentStatsDto, StatsQueryDto } from './dto/stats.dto';
import { StatsService } from './stats.service';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('stats/appointments')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @Roles(Role.Supervisor)
  @Scopes('appointments:read')
  @ApiOperation({
    summary: 'Bookings, cancellations, no-show rate, walk-ins, waiting and service time, utilisation, by day',
  })
  @ApiOkResponse({ type: AppointmentStatsDto })
  @Problems([401, 'unauthorized'], [403, 'forbidden', 'location-not-assigned'], [422, 'validation-failed'])
  get(@Query() query: StatsQueryDto, @CurrentUser() user: AuthUser): Promise<AppointmentStatsDto> {
    return this.stats.appointments(query, user);
  }
}
