import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@buergeramt/contracts';
import { type AuthUser, CurrentUser, Roles, ID_PIPE, Problems, requestIdOf } from '@buergeramt/platform';
import type { FastifyRequest } from 'fastify';
import { CreateStaffDto, StaffDto, StaffListQueryDto, StaffPageDto, UpdateStaffDto } from './dto/staff.dto';
import { StaffService } from './staff.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/users')
@Roles(Role.Admin)
@Problems([401, 'unauthorized'], [403, 'forbidden'])
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @Roles(Role.Supervisor) // supervisors read the staff list (e.g. whom to assign a case to); admins change it
  @ApiOperation({ summary: 'Staff accounts, newest first' })
  @ApiOkResponse({ type: StaffPageDto })
  @Problems([422, 'validation-failed'])
  list(@Query() query: StaffListQueryDto): Promise<StaffPageDto> {
    return this.staff.list(query);
  }

  @Get(':id')
  @Roles(Role.Supervisor)
  @ApiOperation({ summary: 'One staff account' })
  @ApiOkResponse({ type: StaffDto })
  @Problems([404, 'not-found'])
  get(@Param('id', ID_PIPE) id: string): Promise<StaffDto> {
    return this.staff.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a staff account; an invitation mail lets them set a password' })
  @ApiCreatedResponse({ type: StaffDto })
  @Problems([409, 'email-taken'], [422, 'validation-failed'])
  create(
    @Body() dto: CreateStaffDto,
    @CurrentUser() actor: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<StaffDto> {
    return this.staff.create(dto, { actor, requestId: requestIdOf(request) });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change names, roles or locations of a staff account' })
  @ApiOkResponse({ type: StaffDto })
  @Problems([404, 'not-found'], [409, 'last-admin'], [422, 'validation-failed'])
  update(
    @Param('id', ID_PIPE) id: string,
    @Body() dto: UpdateStaffDto,
    @CurrentUser() actor: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<StaffDto> {
    return this.staff.update(id, dto, { actor, requestId: requestIdOf(request) });
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a staff account: no more logins, sessions ended' })
  @ApiOkResponse({ type: StaffDto })
  @Problems([404, 'not-found'], [409, 'last-admin'])
  disable(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() actor: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<StaffDto> {
    return this.staff.disable(id, { actor, requestId: requestIdOf(request) });
  }

  @Post(':id/mfa/reset')
  @HttpCode(200)
  @ApiOperation({
    summary: "Reset a staff account's TOTP: the person enrolls again at the next log-in; sessions ended",
  })
  @ApiOkResponse({ type: StaffDto })
  @Problems([404, 'not-found'])
  resetMfa(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() actor: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<StaffDto> {
    return this.staff.resetMfa(id, { actor, requestId: requestIdOf(request) });
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled staff account again' })
  @ApiOkResponse({ type: StaffDto })
  @Problems([404, 'not-found'])
  enable(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() actor: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<StaffDto> {
    return this.staff.enable(id, { actor, requestId: requestIdOf(request) });
  }
}
