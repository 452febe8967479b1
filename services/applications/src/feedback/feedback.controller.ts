import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@buergeramt/contracts';
import {
  type AuthUser,
  CurrentUser,
  localeOf,
  Problems,
  Public,
  PublicCache,
  Roles,
} from '@buergeramt/platform';
import type { FastifyRequest } from 'fastify';
import {
  CreateFeedbackDto,
  FeedbackDto,
  FeedbackStatsDto,
  FeedbackStatsQueryDto,
  FeedbackTokenQueryDto,
  TransparencyDto,
} from './dto/feedback.dto';
import { FeedbackService } from './feedback.service';

@ApiTags('feedback')
@Controller()
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post('feedback')
  @Public()
  @ApiOperation({
    summary: 'Rate a completed appointment or a decided case (logged in, or with the mailed token)',
  })
  @ApiCreatedResponse({ type: FeedbackDto })
  @Problems([404, 'not-found'], [409, 'feedback-exists', 'feedback-not-allowed'], [422, 'validation-failed'])
  create(
    @Body() dto: CreateFeedbackDto,
    @Query() query: FeedbackTokenQueryDto,
    @CurrentUser({ optional: true }) user: AuthUser | undefined,
  ): Promise<FeedbackDto> {
    return this.feedback.create(user, query.token, dto);
  }

  @Get('stats/feedback')
  @ApiBearerAuth()
  @Roles(Role.Supervisor)
  @ApiOperation({ summary: 'Count, average, distribution, by week; comments for supervisors' })
  @ApiOkResponse({ type: FeedbackStatsDto })
  @Problems([401, 'unauthorized'], [403, 'forbidden'], [422, 'validation-failed'])
  stats(@Query() query: FeedbackStatsQueryDto): Promise<FeedbackStatsDto> {
    return this.feedback.stats(query);
  }

  @Get('transparency')
  @Public()
  @PublicCache({ varyByLanguage: true })
  @ApiOperation({ summary: 'Public, anonymised figures (none from fewer than 5 cases)' })
  @ApiOkResponse({ type: TransparencyDto })
  transparency(@Req() request: FastifyRequest): Promise<TransparencyDto> {
    return this.feedback.transparency(localeOf(request));
  }
}
