import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@buergeramt/platform';
import type { FastifyReply } from 'fastify';
import { API_PREFIX } from '../routing/route-table';
import { type PlatformHealth, UpstreamHealthService } from './upstream-health.service';

/**
 * `GET /api/v1/health`: 200 `{status:"ok", services:{identity:"up", …}}` when every service is ready,
 * else 503 `{status:"degraded", …}` naming the ones that are "down". (The gateway's own probes are
 * `/health/live` and `/health/ready` from the platform.)
 */
@ApiExcludeController()
@Public()
@Controller(API_PREFIX.slice(1))
export class UpstreamHealthController {
  constructor(private readonly health: UpstreamHealthService) {}

  @Get('health')
  @Header('cache-control', 'no-store')
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<PlatformHealth> {
    const result = await this.health.check();
    void reply.status(result.status === 'ok' ? 200 : 503);
    return result;
  }
}
