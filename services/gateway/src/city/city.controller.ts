import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@buergeramt/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setRouteLabel } from '../metrics/route-label';
import { problemFor, sendProblem } from '../problem/send-problem';
import { useImagePolicy } from '../security/security-headers';
import { CITY_PATH, CityAssets } from './city-assets';
import type { LogoType } from './city-config';
import { sendAsset } from './http-cache';

/**
 * The city configuration, public: `GET /api/v1/config/public`, `/pages/{slug}`, `/theme.css` and the logo.
 * Every answer was computed at start; these routes only pick one and answer 200 or 304. Registered as
 * Nest routes, they win over the proxy's `/api/v1/*` catch-all (static and parametric routes beat a
 * wildcard). Documented in the merged OpenAPI document by `city.openapi.ts`, not by decorators.
 */
@ApiExcludeController()
@Public()
@Controller(CITY_PATH.slice(1))
export class CityController {
  constructor(private readonly assets: CityAssets) {}

  @Get('public')
  publicConfig(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    setRouteLabel(request, CITY_PATH);
    return sendAsset(request, reply, this.assets.publicConfig);
  }

  @Get('theme.css')
  theme(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    setRouteLabel(request, CITY_PATH);
    return sendAsset(request, reply, this.assets.theme);
  }

  @Get('pages/:slug')
  page(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): FastifyReply {
    setRouteLabel(request, CITY_PATH);
    const page = this.assets.page(slug);
    if (!page) return sendProblem(reply, problemFor(reply, 404, 'There is no page with this name.'));
    return sendAsset(request, reply, page);
  }

  @Get('logo.svg')
  svgLogo(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    return this.logo('svg', request, reply);
  }

  @Get('logo.png')
  pngLogo(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    return this.logo('png', request, reply);
  }

  /** The logo the configuration names; the other extension (or no logo at all) is a 404. */
  private logo(type: LogoType, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    setRouteLabel(request, CITY_PATH);
    useImagePolicy(request);
    const logo = this.assets.logo;
    if (!logo || logo.type !== type) {
      return sendProblem(reply, problemFor(reply, 404, 'The city configuration has no such logo.'));
    }
    return sendAsset(request, reply, logo);
  }
}
