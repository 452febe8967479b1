import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@buergeramt/contracts';
import { Problems, Roles } from '@buergeramt/platform';
import { DigitalisationDto, DigitalisationQueryDto } from './digitalisation.dto';
import { DigitalisationService } from './digitalisation.service';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('stats/digitalisation')
@Roles(Role.Supervisor)
@Problems([401, 'unauthorized'], [403, 'forbidden'], [422, 'validation-failed'])
export class DigitalisationController {
  constructor(private readonly digitalisation: DigitalisationService) {}

  @Get()
  @ApiOperation({
    summary:
      'The digitalisation check: online share, visits saved, staff and residents’ time saved, by week or month, service and office, with the previous period',
  })
  @ApiOkResponse({ type: DigitalisationDto })
  check(@Query() query: DigitalisationQueryDto): Promise<DigitalisationDto> {
    return this.digitalisation.check(query);
  }
}
