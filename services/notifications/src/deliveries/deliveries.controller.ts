import { type AuthUser, CurrentUser, ID_PIPE, Problems, Roles } from '@buergeramt/platform';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeliveriesService } from './deliveries.service';
import { DeliveriesQueryDto, DeliveryDto, DeliveryPageDto } from './dto/deliveries.dto';

@ApiTags('notifications (admin)')
@ApiBearerAuth()
@Roles('admin')
@Problems([401, 'unauthorized'], [403, 'forbidden'])
@Controller('admin/notifications/deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @ApiOperation({ summary: 'The delivery log, newest first' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @Problems([422, 'validation-failed'])
  list(@CurrentUser() user: AuthUser, @Query() query: DeliveriesQueryDto): Promise<DeliveryPageDto> {
    return this.deliveries.list(user.id, query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sends a failed mail again, with the full number of attempts' })
  @ApiOkResponse({ type: DeliveryDto })
  @Problems([404, 'not-found'], [409, 'delivery-not-retryable'])
  retry(@CurrentUser() user: AuthUser, @Param('id', ID_PIPE) id: string): Promise<DeliveryDto> {
    return this.deliveries.retry(user.id, id);
  }
}
