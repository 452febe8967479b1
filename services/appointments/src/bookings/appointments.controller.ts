import { Role } from '@buergeramt/contracts';
import {
  type AuthUser,
  CurrentUser,
  Public,
  Roles,
  ValidationProblem,
  ID_PIPE,
  Problems,
  localeOf,
  requestIdOf,
} from '@buergeramt/platform';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppointmentsConfig } from '../config';
import { addressLine } from '../locations/locations.service';
import { AppointmentsService, type RequestContext } from './appointments.service';
import {
  AppointmentDetailDto,
  AppointmentDto,
  AppointmentListQueryDto,
  AppointmentPageDto,
  ConfirmAppointmentDto,
  CreateAppointmentDto,
  RescheduleAppointmentDto,
  TokenQueryDto,
} from './dto/appointments.dto';
import { appointmentIcs } from './ics';

function context(request: FastifyRequest): RequestContext {
  return { requestId: requestIdOf(request), locale: localeOf(request) };
}

@ApiTags('appointments')
@ApiBearerAuth()
@Controller('appointments')
export class AppointmentsController {
  constructor(
    private readonly appointments: AppointmentsService,
    private readonly config: AppointmentsConfig,
  ) {}

  @Post()
  @Public()
  @ApiOperation({
    summary: 'Book a slot: logged-in citizens are confirmed at once, guests (with contact) confirm by mail',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'any string ≤ 255; a retry returns the first answer',
  })
  @ApiCreatedResponse({ type: AppointmentDto })
  @Problems(
    [401, 'unauthorized'],
    [409, 'slot-unavailable', 'booking-limit'],
    [422, 'validation-failed', 'idempotency-key-reused'],
  )
  async create(
    @Body() dto: CreateAppointmentDto,
    @CurrentUser({ optional: true }) user: AuthUser | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AppointmentDto> {
    if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 255)) {
      throw new ValidationProblem([{ field: 'Idempotency-Key', message: 'must have 1 to 255 characters' }]);
    }
    const result = await this.appointments.create(dto, user, idempotencyKey, context(request));
    void reply.status(result.status);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return result.body;
  }

  @Get()
  @Roles(Role.Citizen)
  @ApiOperation({
    summary:
      "The citizen's own appointments: newest booking first, or with `when` the upcoming ones (soonest " +
      'first) or the past ones (latest first)',
  })
  @ApiOkResponse({ type: AppointmentPageDto })
  @Problems([401, 'unauthorized'], [403, 'forbidden'], [422, 'validation-failed'])
  list(@Query() query: AppointmentListQueryDto, @CurrentUser() user: AuthUser): Promise<AppointmentPageDto> {
    return this.appointments.listOwn(user, query.limit ?? 20, query.cursor, query.when);
  }

  @Post(':id/confirm')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: "Confirm a guest booking with the mailed link's token" })
  @ApiOkResponse({ type: AppointmentDto })
  @Problems([404, 'not-found'], [409, 'confirmation-expired', 'appointment-not-active'])
  confirm(
    @Param('id', ID_PIPE) id: string,
    @Body() dto: ConfirmAppointmentDto,
    @Req() request: FastifyRequest,
  ): Promise<AppointmentDto> {
    return this.appointments.confirm(id, dto.token, context(request));
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One appointment: owner, staff, or holder of the manage token' })
  @ApiOkResponse({ type: AppointmentDetailDto })
  @Problems([404, 'not-found'], [403, 'location-not-assigned'])
  get(
    @Param('id', ID_PIPE) id: string,
    @Query() query: TokenQueryDto,
    @CurrentUser({ optional: true }) user: AuthUser | undefined,
    @Req() request: FastifyRequest,
  ): Promise<AppointmentDetailDto> {
    return this.appointments.get(id, user, query.token, context(request));
  }

  @Delete(':id')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel; the slot is free again at once' })
  @ApiNoContentResponse()
  @Problems([404, 'not-found'], [409, 'appointment-not-active'])
  cancel(
    @Param('id', ID_PIPE) id: string,
    @Query() query: TokenQueryDto,
    @CurrentUser({ optional: true }) user: AuthUser | undefined,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    return this.appointments.cancel(id, user, query.token, context(request));
  }

  @Post(':id/reschedule')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Move to another start; when it is taken (409) the old time is kept' })
  @ApiOkResponse({ type: AppointmentDto })
  @Problems(
    [404, 'not-found'],
    [409, 'slot-unavailable', 'appointment-not-active'],
    [422, 'validation-failed'],
  )
  reschedule(
    @Param('id', ID_PIPE) id: string,
    @Query() query: TokenQueryDto,
    @Body() dto: RescheduleAppointmentDto,
    @CurrentUser({ optional: true }) user: AuthUser | undefined,
    @Req() request: FastifyRequest,
  ): Promise<AppointmentDto> {
    return this.appointments.reschedule(id, dto.start, user, query.token, context(request));
  }

  @Get(':id/ics')
  @Public()
  @ApiOperation({ summary: 'The appointment as an iCalendar file (RFC 5545)' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar' })
  @Problems([404, 'not-found'])
  async ics(
    @Param('id', ID_PIPE) id: string,
    @Query() query: TokenQueryDto,
    @CurrentUser({ optional: true }) user: AuthUser | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { appointment, location, serviceName } = await this.appointments.forCalendar(id, user, query.token);
    const body = appointmentIcs({
      appointment,
      serviceName,
      locationName: location.name,
      locationAddress: addressLine(location),
      publicBaseUrl: this.config.PUBLIC_BASE_URL,
      locale: localeOf(request),
    });
    void reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="termin-${appointment.reference}.ics"`);
    return body;
  }
}
