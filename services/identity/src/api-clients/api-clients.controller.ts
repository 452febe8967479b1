import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  Post,
  Req,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Role } from '@buergeramt/contracts';
import {
  type AuthUser,
  CurrentUser,
  Public,
  Roles,
  ID_PIPE,
  Problems,
  requestIdOf,
} from '@buergeramt/platform';
import type { FastifyRequest } from 'fastify';
import { IdentityProblem } from '../common/identity.errors';
import { ApiClientsService } from './api-clients.service';
import { OAuthProblemFilter } from './oauth-problem.filter';
import { IgnoreUnknownTokenParameters } from './token-parameters.interceptor';
import {
  ApiClientListDto,
  CreateApiClientDto,
  CreatedApiClientDto,
  TokenRequestDto,
  TokenResponseDto,
} from './dto/api-clients.dto';
import { MESSAGES } from '../common/messages';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/api-clients')
@Roles(Role.Admin)
@Problems([401, 'unauthorized'], [403, 'forbidden'])
export class ApiClientsController {
  constructor(private readonly clients: ApiClientsService) {}

  @Get()
  @ApiOperation({ summary: 'Machine clients (never their secrets)' })
  @ApiOkResponse({ type: ApiClientListDto })
  list(): Promise<ApiClientListDto> {
    return this.clients.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a machine client; the secret is in this answer only' })
  @ApiCreatedResponse({ type: CreatedApiClientDto })
  @Problems([422, 'validation-failed'])
  create(
    @Body() dto: CreateApiClientDto,
    @CurrentUser() actor: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<CreatedApiClientDto> {
    return this.clients.create(dto, actor, requestIdOf(request));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a machine client' })
  @ApiNoContentResponse()
  @Problems([404, 'not-found'])
  async remove(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() actor: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.clients.remove(id, actor, requestIdOf(request));
  }
}

/** HTTP Basic client authentication (RFC 6749 §2.3.1): form-urlencoded id and secret, base64. */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return null;
  }
}

@ApiTags('auth')
@Controller('auth/token')
@UseFilters(OAuthProblemFilter)
@UseInterceptors(IgnoreUnknownTokenParameters)
export class TokenController {
  constructor(private readonly clients: ApiClientsService) {}

  @Public()
  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TokenRequestDto })
  @ApiOperation({
    summary: 'OAuth 2.0 client credentials grant (RFC 6749 §4.4) for machine clients',
    description:
      'Client authentication by client_id/client_secret in the form or by HTTP Basic. Other parameters (e.g. `audience`) are ignored (RFC 6749 §3.2). Errors are problem+json and carry the RFC 6749 `error` code too.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  // optional: a client authenticates by HTTP Basic or by client_id and client_secret in the form (a
  // browser client uses the form: a 401 to Basic carries WWW-Authenticate, and browsers then prompt)
  @ApiHeader({
    name: 'authorization',
    required: false,
    description:
      'HTTP Basic client authentication (RFC 6749 §2.3.1), or client_id and client_secret in the form',
  })
  @Problems(
    [400, 'unsupported-grant-type', 'invalid-scope'],
    [401, 'invalid-client'],
    [422, 'validation-failed'],
  )
  token(
    @Body() dto: TokenRequestDto,
    @Headers('authorization') authorization?: string,
  ): Promise<TokenResponseDto> {
    if (dto.grant_type !== 'client_credentials') throw new IdentityProblem('unsupported-grant-type');
    const basic = basicCredentials(authorization);
    const id = basic?.id ?? dto.client_id;
    const secret = basic?.secret ?? dto.client_secret;
    if (!id || !secret) throw new IdentityProblem('invalid-client', MESSAGES.clientCredentialsMissing);
    return this.clients.clientCredentials(id, secret, dto.scope);
  }
}
