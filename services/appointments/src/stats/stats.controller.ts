import { Role } from '@buergeramt/contracts';
import { type AuthUser, CurrentUser, Roles, Scopes, Problems } from '@buergeramt/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CheckService } from './check.service';
import {
  AppointmentCheckDto,
  AppointmentCheckQueryDto,
  AppointmentStatsDto,
  StatsQueryDto,
} from './dto/stats.dto';
import { StatsService } from './stats.service';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('stats/appointments')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly checks: CheckService,
  ) {}

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

  @Get('check')
  @Roles(Role.Supervisor)
  @Scopes('appointments:read')
  @ApiOperation({
    summary:
      'The digitalisation check’s appointment figures: utilisation of offered time, no-shows, lead time to the next free appointment, waiting times of booked visits and walk-ins; by week or month, service and office, with the previous period',
  })
  @ApiOkResponse({ type: AppointmentCheckDto })
  @Problems([401, 'unauthorized'], [403, 'forbidden', 'location-not-assigned'], [422, 'validation-failed'])
  check(
    @Query() query: AppointmentCheckQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<AppointmentCheckDto> {
    return this.checks.check(query, user);
  }
}
