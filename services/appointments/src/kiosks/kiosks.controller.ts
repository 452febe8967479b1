import { Role } from '@buergeramt/contracts';
import { type AuthUser, CurrentUser, ID_PIPE, Problems, requestIdOf, Roles } from '@buergeramt/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, Put, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { type KioskDto, KiosksService } from './kiosks.service';

export class RegisterKioskDto {
  @ApiPropertyOptional({ example: 'Eingang Rathausplatz', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  label?: string;
}

class KioskView implements KioskDto {
  @ApiProperty({ example: 'cl_5f0c3a…' })
  clientId!: string;

  @ApiProperty({ nullable: true, type: String })
  label!: string | null;

  @ApiProperty()
  createdAt!: string;
}

class KioskPageDto {
  @ApiProperty({ type: [KioskView] })
  items!: KioskView[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: null;
}

@ApiTags('admin: locations')
@ApiBearerAuth()
@Controller('admin/locations/:id/kiosks')
@Roles(Role.Admin)
@Problems([401, 'unauthorized'], [403, 'forbidden'], [404, 'not-found'])
export class KiosksController {
  constructor(private readonly kiosks: KiosksService) {}

  @Get()
  @Roles(Role.Supervisor) // supervisors read the configuration, admins change it
  @ApiOperation({ summary: "The location's ticket kiosks (machine clients with the scope tickets:write)" })
  @ApiOkResponse({ type: KioskPageDto })
  list(@Param('id', ID_PIPE) id: string): Promise<{ items: KioskDto[]; nextCursor: null }> {
    return this.kiosks.list(id);
  }

  @Put(':clientId')
  @ApiOperation({
    summary: 'Register a machine client as a ticket kiosk of this location (idempotent)',
    description:
      'The client is created in identity (POST /admin/api-clients with the scope tickets:write); with it, the kiosk may draw walk-in tickets and check in appointments at the locations it is registered for.',
  })
  @ApiOkResponse({ type: KioskView })
  @Problems([422, 'validation-failed'])
  register(
    @Param('id', ID_PIPE) id: string,
    @Param('clientId') clientId: string,
    @Body() dto: RegisterKioskDto,
    @CurrentUser() actor: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<KioskDto> {
    return this.kiosks.register(id, clientId, dto.label ?? null, { actor, requestId: requestIdOf(req) });
  }

  @Delete(':clientId')
  @HttpCode(204)
  @ApiOperation({ summary: 'The client is no longer a kiosk of this location' })
  @ApiNoContentResponse()
  remove(
    @Param('id', ID_PIPE) id: string,
    @Param('clientId') clientId: string,
    @CurrentUser() actor: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    return this.kiosks.remove(id, clientId, { actor, requestId: requestIdOf(req) });
  }
}
