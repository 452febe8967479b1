import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@buergeramt/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemFor, sendProblem } from '../problem/send-problem';
import { lookUp, replyWithFile } from '../static/send-file';
import type { JsonObject } from './openapi-merger';
import { OpenApiService } from './openapi.service';
import {
  INITIALIZER_FILE,
  SWAGGER_UI_ASSETS,
  SWAGGER_UI_HTML,
  SWAGGER_UI_INITIALIZER,
  SWAGGER_UI_ROOT,
} from './swagger-ui';

/** The merged OpenAPI document and Swagger UI, served from the gateway (no CDN). */
@ApiExcludeController()
@Public()
@Controller('api')
export class DocsController {
  constructor(private readonly openApi: OpenApiService) {}

  @Get('docs-json')
  @Header('cache-control', 'no-cache')
  async document(): Promise<JsonObject> {
    return this.openApi.document();
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  page(): string {
    return SWAGGER_UI_HTML;
  }

  @Get('docs/:file')
  async asset(
    @Param('file') file: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    if (file === INITIALIZER_FILE) {
      return reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(SWAGGER_UI_INITIALIZER);
    }
    if (!SWAGGER_UI_ASSETS.has(file)) {
      return sendProblem(reply, problemFor(reply, 404, 'There is nothing at this address.'));
    }
    const result = await lookUp(request, SWAGGER_UI_ROOT, `/${file}`);
    if (result.type !== 'file') {
      return sendProblem(reply, problemFor(reply, 404, 'There is nothing at this address.'));
    }
    return replyWithFile(reply, result, 'public, max-age=86400');
  }
}
