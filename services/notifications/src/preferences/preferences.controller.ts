import { type AuthUser, CurrentUser, Problems } from '@buergeramt/platform';
import { Body, Controller, Get, Headers, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACCEPT_LANGUAGE_HEADER, personId } from '../common/request';
import { localeFromHeader } from '@buergeramt/platform';
import { PreferencesDto, UpdatePreferencesDto } from './dto/preferences.dto';
import { PreferencesService } from './preferences.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Problems([401, 'unauthorized'], [403, 'forbidden'])
@Controller('notifications/preferences')
export class PreferencesController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get()
  @ApiOperation({ summary: "The logged-in person's notification preferences" })
  @ApiHeader(ACCEPT_LANGUAGE_HEADER)
  @ApiOkResponse({ type: PreferencesDto })
  get(
    @CurrentUser() user: AuthUser,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<PreferencesDto> {
    return this.preferences.get(personId(user), localeFromHeader(acceptLanguage));
  }

  @Put()
  @ApiOperation({ summary: 'Replaces the preferences' })
  @ApiOkResponse({ type: PreferencesDto })
  @Problems([422, 'validation-failed'])
  update(@CurrentUser() user: AuthUser, @Body() body: UpdatePreferencesDto): Promise<PreferencesDto> {
    return this.preferences.update(personId(user), body);
  }
}
