import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, Problems } from '@buergeramt/platform';
import type { FastifyRequest } from 'fastify';
import { VerificationDto, VerifyQueryDto } from './dto/verify.dto';
import { VerifyService } from './verify.service';

@ApiTags('verification')
@Controller('verify')
@Public()
export class VerifyController {
  constructor(private readonly verification: VerifyService) {}

  @Get(':code')
  @ApiOperation({
    summary: 'Check a document the city issued by the code printed on it',
    description:
      'Validity, type, date, issuer, SHA-256 and signature; never the person. With `?sha256=` it also says whether your file is the genuine one.',
  })
  @ApiOkResponse({ type: VerificationDto })
  @Problems([404, 'not-found'], [422, 'validation-failed'])
  verify(@Param('code') code: string, @Query() query: VerifyQueryDto): Promise<VerificationDto> {
    return this.verification.verify(code.slice(0, 40), query.sha256);
  }

  @Post(':code')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a file against the document issued under this code (multipart, field `file`)',
    description: 'The file is hashed while it streams and neither stored nor kept.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOkResponse({ type: VerificationDto })
  @Problems(
    [400, 'malformed-upload'],
    [404, 'not-found'],
    [408, 'request-timeout'],
    [413, 'payload-too-large'],
    [422, 'validation-failed'],
  )
  verifyFile(@Param('code') code: string, @Req() request: FastifyRequest): Promise<VerificationDto> {
    return this.verification.verifyFile(code.slice(0, 40), request);
  }
}
