import { Role } from '@buergeramt/contracts';
import {
  type AuthUser,
  CurrentUser,
  Public,
  PublicCache,
  Roles,
  ID_PIPE,
  Problems,
  requestIdOf,
} from '@buergeramt/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  AdminLocationDto,
  AdminLocationPageDto,
  ClosureDto,
  ClosureEffectDto,
  ClosurePageDto,
  CounterDto,
  CounterListDto,
  CreateClosureDto,
  CreateCounterDto,
  CreateLocationDto,
  LocationPageDto,
  OfferedServiceDto,
  OfferedServicePageDto,
  OfferServiceDto,
  OpeningHoursDto,
  UpdateCounterDto,
  UpdateLocationDto,
} from './dto/locations.dto';
import { LocationsService } from './locations.service';

@ApiTags('locations')
@Controller('locations')
export class LocationsController {
  constructor(private readonly locations: LocationsService) {}

  @Get()
  @Public()
  @PublicCache()
  @ApiOperation({
    summary:
      "The citizen offices with address, weekly opening hours, today's opening state and bookable services",
  })
  @ApiOkResponse({ type: LocationPageDto })
  list(): Promise<LocationPageDto> {
    return this.locations.listPublic();
  }

  @Get(':id/counters')
  @ApiBearerAuth()
  @Roles(Role.Clerk)
  @ApiOperation({
    summary: "A location's counters, for its staff to choose where they work (inactive ones marked)",
  })
  @ApiOkResponse({ type: CounterListDto })
  @Problems([401, 'unauthorized'], [403, 'forbidden', 'location-not-assigned'], [404, 'not-found'])
  counters(@Param('id', ID_PIPE) id: string, @CurrentUser() user: AuthUser): Promise<CounterListDto> {
    return this.locations.countersForStaff(id, user);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/locations')
@Roles(Role.Admin)
@Problems([401, 'unauthorized'], [403, 'forbidden'])
export class AdminLocationsController {
  constructor(private readonly locations: LocationsService) {}

  @Get()
  @Roles(Role.Supervisor) // supervisors read the configuration, admins change it
  @ApiOperation({ summary: 'Every location with counters, hours and offered services' })
  @ApiOkResponse({ type: AdminLocationPageDto })
  list(): Promise<AdminLocationPageDto> {
    return this.locations.listAdmin();
  }

  @Post()
  @ApiOperation({ summary: 'Create a location' })
  @ApiCreatedResponse({ type: AdminLocationDto })
  @Problems([422, 'validation-failed'])
  create(
    @Body() dto: CreateLocationDto,
    @CurrentUser() actor: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<AdminLocationDto> {
    return this.locations.create(dto, { actor, requestId: requestIdOf(req) });
  }

  @Get(':id')
  @Roles(Role.Supervisor) // supervisors read the configuration, admins change it
  @ApiOperation({ summary: 'One location' })
  @ApiOkResponse({ type: AdminLocationDto })
  @Problems([404, 'not-found'])
  get(@Param('id', ID_PIPE) id: string): Promise<AdminLocationDto> {
    return this.locations.getAdmin(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change name, address, slot interval, booking window, lead time, walk-ins, active',
  })
  @ApiOkResponse({ type: AdminLocationDto })
  @Problems([404, 'not-found'], [422, 'validation-failed'])
  update(
    @Param('id', ID_PIPE) id: string,
    @Body() dto: UpdateLocationDto,
    @CurrentUser() actor: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<AdminLocationDto> {
    return this.locations.update(id, dto, { actor, requestId: requestIdOf(req) });
  }

  @Post(':id/counters')
  @ApiOperation({ summary: 'Add a counter' })
  @ApiCreatedResponse({ type: CounterDto })
  @Problems([404, 'not-found'], [422, 'validation-failed'])
  addCounter(
    @Param('id', ID_PIPE) id: string,
    @Body() dto: CreateCounterDto,
    @CurrentUser() actor: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<CounterDto> {
    return this.locations.addCounter(id, dto, { actor, requestId: requestIdOf(req) });
  }

  @Patch(':id/counters/:counterId')
  @ApiOperation({ summary: 'Rename a counter or take it out of (or back into) service' })
  @ApiOkResponse({ type: CounterDto })
  @Problems([404, 'not-found'], [422, 'validation-failed'])
  updateCounter(
    @Param('id', ID_PIPE) id: string,
    @Param('counterId', ID_PIPE) counterId: string,
    @Body() dto: UpdateCounterDto,
    @CurrentUser() actor: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<CounterDto> {
    return this.locations.updateCounter(id, counterId, dto, { actor, requestId: requestIdOf(req) });
  }

  @Get(':id/opening-hours')
  @Roles(Role.Supervisor) // supervisors read the configuration, admins change it
  @ApiOperation({ summary: 'Weekly opening hours (city time)' })
  @ApiOkResponse({ type: OpeningHoursDto })
  @Problems([404, 'not-found'])
  openingHours(@Param('id', ID_PIPE) id: string): Promise<OpeningHoursDto> {
    return this.locations.openingHours(id);
  }

  @Put(':id/opening-hours')
  @ApiOperation({ summary: 'Replace the weekly opening hours; several ranges a day are allowed' })
  @ApiOkResponse({ type: OpeningHoursDto })
  @Problems([404, 'not-found'], [422, 'validation-failed'])
  setOpeningHours(
    @Param('id', ID_PIPE) id: string,
    @Body() dto: OpeningHoursDto,
    @CurrentUser() actor: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<OpeningHoursDto> {
    return this.locations.setOpeningHours(id, dto, { actor, requestId: requestIdOf(req) });
  }

  @Get(':id/closures')
  @Roles(Role.Supervisor) // supervisors read the configuration, admins change it
  @ApiOperation({ summary: 'Closures (public holidays are closed without being listed here)' })
  @ApiOkResponse({ type: ClosurePageDto })
  @Problems([404, 'not-found'])
  closures(@Param('id', ID_PIPE) id: string): Promise<ClosurePageDto> {
    return this.locations.closures(id);
  }

  @Post(':id/closures')
  @ApiOperation({ summary: 'Close a whole day, or part of it (starts/ends)' })
  @ApiCreatedResponse({ type: ClosureDto })
  @Problems([404, 'not-found'], [422, 'validation-failed'])
  addClosure(
    @Param('id', ID_PIPE) id: string,
    @Body() dto: CreateClosureDto,
    @CurrentUser() actor: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<ClosureDto> {
    return this.locations.addClosure(id, dto, { actor, requestId: requestIdOf(req) });
  }

  @Post(':id/closures/preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What a closure would affect, before it is added (nothing is changed)',
    description:
      'The same body as POST …/closures. Answers the appointments still to come (pending, confirmed, checked in) that overlap the closed span; a closure does not cancel them.',
  })
  @ApiOkResponse({ type: ClosureEffectDto })
  @Problems([404, 'not-found'], [422, 'validation-failed'])
  previewClosure(@Param('id', ID_PIPE) id: string, @Body() dto: CreateClosureDto): Promise<ClosureEffectDto> {
    return this.locations.closureEffect(id, dto);
  }

  @Delete(':id/closures/:closureId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a closure' })
  @ApiNoContentResponse()
  @Problems([404, 'not-found'])
  removeClosure(
    @Param('id', ID_PIPE) id: string,
    @Param('closureId', ID_PIPE) closureId: string,
    @CurrentUser() actor: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    return this.locations.removeClosure(id, closureId, { actor, requestId: requestIdOf(req) });
  }

  @Get(':id/services')
  @Roles(Role.Supervisor) // supervisors read the configuration, admins change it
  @ApiOperation({ summary: 'Catalogue services offered here, with duration, counters and per-person limit' })
  @ApiOkResponse({ type: OfferedServicePageDto })
  @Problems([404, 'not-found'])
  services(@Param('id', ID_PIPE) id: string): Promise<OfferedServicePageDto> {
    return this.locations.offeredServices(id);
  }

  @Put(':id/services/:serviceId')
  @ApiOperation({ summary: 'Offer a catalogue service here (or change the offer)' })
  @ApiOkResponse({ type: OfferedServiceDto })
  @Problems([404, 'not-found'], [422, 'validation-failed'])
  offerService(
    @Param('id', ID_PIPE) id: string,
    @Param('serviceId', ID_PIPE) serviceId: string,
    @Body() dto: OfferServiceDto,
    @CurrentUser() actor: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<OfferedServiceDto> {
    return this.locations.offerService(id, serviceId, dto, { actor, requestId: requestIdOf(req) });
  }

  @Delete(':id/services/:serviceId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop offering a service here (existing appointments stay)' })
  @ApiNoContentResponse()
  @Problems([404, 'not-found'])
  withdrawService(
    @Param('id', ID_PIPE) id: string,
    @Param('serviceId', ID_PIPE) serviceId: string,
    @CurrentUser() actor: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    return this.locations.withdrawService(id, serviceId, { actor, requestId: requestIdOf(req) });
  }
}
