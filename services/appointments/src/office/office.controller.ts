import { Role, Scope } from '@buergeramt/contracts';
import {
  type AuthUser,
  CurrentUser,
  NotFoundProblem,
  Public,
  Roles,
  Scopes,
  ID_PIPE,
  Problems,
  requestIdOf,
} from '@buergeramt/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LocationsRepository } from '../locations/locations.repository';
import { DisplayHub } from './display.hub';
import {
  AgendaDto,
  AgendaQueryDto,
  CreateTicketDto,
  DisplayQueryDto,
  QueueSummaryDto,
  TicketDto,
} from './dto/office.dto';
import { AgendaService } from './agenda.service';
import { OfficeService } from './office.service';

@ApiTags('office')
@ApiBearerAuth()
@Controller('tickets')
@Roles(Role.Clerk)
@Problems([401, 'unauthorized'], [403, 'forbidden', 'location-not-assigned'])
export class TicketsController {
  constructor(private readonly office: OfficeService) {}

  @Post()
  @Scopes(Scope.TicketsWrite)
  @ApiOperation({
    summary:
      'Check in an appointment ({appointmentId} or {reference, locationId}) or draw a walk-in ticket ({locationId, serviceId})',
    description:
      "Staff of the location, or the location's kiosk: a machine client with the scope tickets:write registered under /admin/locations/{id}/kiosks.",
  })
  @ApiCreatedResponse({ type: TicketDto })
  @Problems(
    [404, 'not-found'],
    [409, 'already-checked-in', 'not-today', 'appointment-not-active', 'location-closed', 'day-full'],
    [422, 'validation-failed'],
  )
  create(
    @Body() dto: CreateTicketDto,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<TicketDto> {
    const ctx = { user, requestId: requestIdOf(req) };
    if (dto.appointmentId !== undefined) return this.office.checkIn(dto.appointmentId, ctx);
    if (dto.reference !== undefined)
      return this.office.checkInByReference(dto.locationId!, dto.reference, ctx);
    return this.office.walkIn(dto.locationId!, dto.serviceId!, ctx);
  }

  @Post(':id/start')
  @HttpCode(200)
  @ApiOperation({ summary: 'The called person is at the counter: service starts' })
  @ApiOkResponse({ type: TicketDto })
  @Problems([404, 'not-found'], [409, 'ticket-state'])
  start(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<TicketDto> {
    return this.office.transition(id, 'start', { user, requestId: requestIdOf(req) });
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Served to the end (appointment.completed for appointments)' })
  @ApiOkResponse({ type: TicketDto })
  @Problems([404, 'not-found'], [409, 'ticket-state'])
  complete(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<TicketDto> {
    return this.office.transition(id, 'complete', { user, requestId: requestIdOf(req) });
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @ApiOperation({ summary: 'Did not come (also automatic after NO_SHOW_GRACE_MINUTES)' })
  @ApiOkResponse({ type: TicketDto })
  @Problems([404, 'not-found'], [409, 'ticket-state'])
  noShow(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<TicketDto> {
    return this.office.transition(id, 'no-show', { user, requestId: requestIdOf(req) });
  }

  @Post(':id/recall')
  @HttpCode(200)
  @ApiOperation({ summary: 'Call the ticket again (shown again on the display)' })
  @ApiOkResponse({ type: TicketDto })
  @Problems([404, 'not-found'], [409, 'ticket-state'])
  recall(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<TicketDto> {
    return this.office.transition(id, 'recall', { user, requestId: requestIdOf(req) });
  }
}

@ApiTags('office')
@Controller('locations')
export class OfficeController {
  constructor(
    private readonly office: OfficeService,
    private readonly agendas: AgendaService,
    private readonly display: DisplayHub,
    private readonly locations: LocationsRepository,
  ) {}

  @Get(':id/agenda')
  @ApiBearerAuth()
  @Roles(Role.Clerk)
  @Scopes('appointments:read')
  @ApiOperation({ summary: "The day's appointments (with contact data: the read is audited) and tickets" })
  @ApiOkResponse({ type: AgendaDto })
  @Problems(
    [401, 'unauthorized'],
    [403, 'forbidden', 'location-not-assigned'],
    [404, 'not-found'],
    [422, 'validation-failed'],
  )
  agenda(
    @Param('id', ID_PIPE) id: string,
    @Query() query: AgendaQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<AgendaDto> {
    return this.agendas.agenda(id, query.date, { user, requestId: requestIdOf(req) });
  }

  @Post(':id/counters/:counterId/call-next')
  @ApiBearerAuth()
  @Roles(Role.Clerk)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Call the next ticket to this counter: appointments due first, then walk-ins in order',
  })
  @ApiOkResponse({ type: TicketDto })
  @ApiNoContentResponse({ description: 'nobody waits for this counter' })
  @Problems(
    [401, 'unauthorized'],
    [403, 'forbidden', 'location-not-assigned'],
    [404, 'not-found'],
    [409, 'counter-inactive'],
  )
  async callNext(
    @Param('id', ID_PIPE) id: string,
    @Param('counterId', ID_PIPE) counterId: string,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketDto | undefined> {
    const ticket = await this.office.callNext(id, counterId, { user, requestId: requestIdOf(req) });
    if (!ticket) {
      void reply.status(204);
      return undefined;
    }
    return ticket;
  }

  @Get(':id/queue')
  @Public()
  @ApiOperation({ summary: 'Waiting now, the estimated wait, and the last calls' })
  @ApiOkResponse({ type: QueueSummaryDto })
  @Problems([404, 'not-found'])
  queue(@Param('id', ID_PIPE) id: string): Promise<QueueSummaryDto> {
    return this.office.queue(id);
  }

  @Get(':id/display')
  @Public()
  @ApiOperation({
    summary:
      'Server-sent events of calls ({number, counter}) for the waiting-room screen; resumes from Last-Event-ID',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'text/event-stream: `event: call`, `id: <call id>`, `data: {number, counter, recall, calledAt}`',
  })
  @Problems([404, 'not-found'])
  async displayStream(
    @Param('id', ID_PIPE) id: string,
    @Query() query: DisplayQueryDto,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const location = await this.locations.findLocation(id);
    if (!location || !location.active) throw new NotFoundProblem();
    const header = req.headers['last-event-id'];
    const lastEventId =
      typeof header === 'string' && /^\d{1,18}$/.test(header) ? header : (query.lastEventId ?? null);
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': String(req.id),
    });
    reply.raw.write('retry: 3000\n\n');
    await this.display.attach(id, lastEventId, reply.raw);
  }
}
