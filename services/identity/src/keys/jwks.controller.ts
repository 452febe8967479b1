import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@buergeramt/platform';
import { KeysService, type PublicJwks } from './keys.service';

@ApiTags('auth')
@Controller('auth/jwks')
export class JwksController {
  constructor(private readonly keys: KeysService) {}

  @Public()
  @Get()
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({ summary: 'The public keys access tokens are signed with (RFC 7517 JWK Set)' })
  @ApiOkResponse({
    description: 'JWK Set: the active ES256 key and retired keys whose tokens may still be valid',
    schema: {
      type: 'object',
      properties: { keys: { type: 'array', items: { type: 'object', additionalProperties: true } } },
    },
  })
  jwks(): Promise<PublicJwks> {
    return this.keys.jwks();
  }
}
