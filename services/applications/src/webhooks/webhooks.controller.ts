import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Role } from '@buergeramt/contracts';
import {
  type AuthUser,
  CurrentUser,
  ID_PIPE,
  ListQueryDto,
  Problems,
  requestIdOf,
  Roles,
} from '@buergeramt/platform';
import type { FastifyRequest } from 'fastify';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  DeliveryDto,
  DeliveryPageDto,
  WebhookPageDto,
} from './dto/webhooks.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/webhooks')
@Roles(Role.Admin)
@Problems([401, 'unauthorized'], [403, 'forbidden'])
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Register an endpoint; the signing secret is in this answer only' })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @Problems([422, 'validation-failed'])
  create(
    @Body() dto: CreateWebhookDto,
    @CurrentUser() actor: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<CreatedWebhookDto> {
    return this.webhooks.create(dto, actor, requestIdOf(request));
  }

  @Get()
  @ApiOperation({ summary: 'Registered endpoints' })
  @ApiOkResponse({ type: WebhookPageDto })
  list(@Query() query: ListQueryDto): Promise<WebhookPageDto> {
    return this.webhooks.list(query);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log of an endpoint, newest first, every attempt included' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @Problems([404, 'not-found'])
  deliveries(@Param('id', ID_PIPE) id: string, @Query() query: ListQueryDto): Promise<DeliveryPageDto> {
    return this.webhooks.deliveries(id, query);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a finished delivery again (same webhook-id and payload, the full number of attempts)',
  })
  @ApiOkResponse({ type: DeliveryDto })
  @Problems([404, 'not-found'], [409, 'delivery-pending', 'webhook-deleted'])
  redeliver(
    @Param('id', ID_PIPE) id: string,
    @Param('deliveryId', ID_PIPE) deliveryId: string,
    @CurrentUser() actor: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<DeliveryDto> {
    return this.webhooks.redeliver(id, deliveryId, actor, requestIdOf(request));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an endpoint (its log stays)' })
  @ApiNoContentResponse()
  @Problems([404, 'not-found'])
  remove(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() actor: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    return this.webhooks.remove(id, actor, requestIdOf(request));
  }
}
