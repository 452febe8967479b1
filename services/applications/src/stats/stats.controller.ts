import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@buergeramt/contracts';
import { Problems, Roles } from '@buergeramt/platform';
import { ApplicationStatsDto, StatsQueryDto } from './stats.dto';
import { StatsService } from './stats.service';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('stats/applications')
@Roles(Role.Supervisor)
@Problems([401, 'unauthorized'], [403, 'forbidden'], [422, 'validation-failed'])
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Submitted online, decided, processing time (median, p90), share within target, backlog, by week',
  })
  @ApiOkResponse({ type: ApplicationStatsDto })
  applications(@Query() query: StatsQueryDto): Promise<ApplicationStatsDto> {
    return this.stats.applications(query);
  }
}
