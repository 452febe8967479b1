import { type AuthUser, CurrentUser, ID_PIPE, Problems } from '@buergeramt/platform';
import { Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ACCEPT_LANGUAGE_HEADER, personId } from '../common/request';
import { localeFromHeader } from '@buergeramt/platform';
import { InboxQueryDto, NotificationPageDto } from './dto/inbox.dto';
import { InboxService } from './inbox.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Problems([401, 'unauthorized'], [403, 'forbidden'])
@Controller('notifications')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({ summary: 'The in-app inbox of the logged-in person, newest first' })
  @ApiHeader(ACCEPT_LANGUAGE_HEADER)
  @ApiOkResponse({ type: NotificationPageDto })
  @Problems([422, 'validation-failed'])
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: InboxQueryDto,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<NotificationPageDto> {
    return this.inbox.list(personId(user), query, localeFromHeader(acceptLanguage));
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Marks an entry read' })
  @ApiNoContentResponse()
  @Problems([404, 'not-found'])
  markRead(@CurrentUser() user: AuthUser, @Param('id', ID_PIPE) id: string): Promise<void> {
    return this.inbox.markRead(personId(user), id);
  }
}
