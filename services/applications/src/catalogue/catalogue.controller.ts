import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '@buergeramt/contracts';
import {
  type AuthUser,
  CurrentUser,
  ID_PIPE,
  localeOf,
  Problems,
  Public,
  PublicCache,
  requestIdOf,
  Roles,
} from '@buergeramt/platform';
import type { FastifyRequest } from 'fastify';
import { CatalogueService } from './catalogue.service';
import {
  CreateFormDto,
  CreateServiceDto,
  FormDto,
  FormPageDto,
  ServiceAdminDto,
  ServiceAdminPageDto,
  ServiceDetailDto,
  FormQueryDto,
  ServiceListQueryDto,
  ServicePageDto,
  UpdateServiceDto,
} from './dto/catalogue.dto';

@ApiTags('catalogue')
@Controller('services')
@Public()
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  @PublicCache({ varyByLanguage: true })
  @ApiOperation({ summary: 'Search the service catalogue (names, summaries, synonyms), ranked' })
  @ApiOkResponse({ type: ServicePageDto })
  @Problems([422, 'validation-failed'])
  list(@Query() query: ServiceListQueryDto, @Req() request: FastifyRequest): Promise<ServicePageDto> {
    return this.catalogue.list(query, localeOf(request));
  }

  @Get(':idOrSlug')
  @PublicCache({ varyByLanguage: true })
  @ApiOperation({
    summary: 'One service with description, fee, documents, target and typical processing time',
  })
  @ApiOkResponse({ type: ServiceDetailDto })
  @Problems([404, 'not-found'])
  get(@Param('idOrSlug') idOrSlug: string, @Req() request: FastifyRequest): Promise<ServiceDetailDto> {
    return this.catalogue.get(idOrSlug.slice(0, 100), localeOf(request));
  }

  @Get(':idOrSlug/form')
  @PublicCache()
  @ApiOperation({ summary: 'The published online form: JSON Schema 2020-12 and its UI description' })
  @ApiOkResponse({ type: FormDto })
  @Problems([404, 'not-found', 'no-form'])
  form(@Param('idOrSlug') idOrSlug: string, @Query() query: FormQueryDto): Promise<FormDto> {
    return this.catalogue.form(idOrSlug.slice(0, 100), query.version);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/services')
@Roles(Role.Admin)
@Problems([401, 'unauthorized'], [403, 'forbidden'])
export class CatalogueAdminController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Post()
  @ApiOperation({ summary: 'Add a service to the catalogue' })
  @ApiCreatedResponse({ type: ServiceAdminDto })
  @Problems([409, 'slug-taken'], [422, 'validation-failed'])
  create(
    @Body() dto: CreateServiceDto,
    @CurrentUser() actor: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<ServiceAdminDto> {
    return this.catalogue.create(dto, { actor, requestId: requestIdOf(request) });
  }

  @Get()
  @Roles(Role.Supervisor) // supervisors read the configuration, admins change it
  @ApiOperation({ summary: 'Every service of the catalogue, withdrawn ones too, with all texts' })
  @ApiOkResponse({ type: ServiceAdminPageDto })
  adminList(): Promise<ServiceAdminPageDto> {
    return this.catalogue.adminList();
  }

  @Get(':id/forms')
  @Roles(Role.Supervisor)
  @ApiOperation({ summary: "Every published version of the service's form, newest first" })
  @ApiOkResponse({ type: FormPageDto })
  @Problems([404, 'not-found'])
  forms(@Param('id', ID_PIPE) id: string): Promise<FormPageDto> {
    return this.catalogue.adminForms(id);
  }

  @Get(':id')
  @Roles(Role.Supervisor)
  @ApiOperation({ summary: 'A service with all texts in both languages (for editing)' })
  @ApiOkResponse({ type: ServiceAdminDto })
  @Problems([404, 'not-found'])
  get(@Param('id', ID_PIPE) id: string): Promise<ServiceAdminDto> {
    return this.catalogue.adminGet(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a service (active=false withdraws it from the catalogue)' })
  @ApiOkResponse({ type: ServiceAdminDto })
  @Problems([404, 'not-found'], [409, 'slug-taken'], [422, 'validation-failed'])
  update(
    @Param('id', ID_PIPE) id: string,
    @Body() dto: UpdateServiceDto,
    @CurrentUser() actor: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<ServiceAdminDto> {
    return this.catalogue.update(id, dto, { actor, requestId: requestIdOf(request) });
  }

  @Post(':id/forms')
  @ApiOperation({
    summary: 'Publish a new form version (immutable; drafts keep the version they started with)',
  })
  @ApiCreatedResponse({ type: FormDto })
  @Problems([404, 'not-found'], [422, 'validation-failed'])
  publishForm(
    @Param('id', ID_PIPE) id: string,
    @Body() dto: CreateFormDto,
    @CurrentUser() actor: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<FormDto> {
    return this.catalogue.publishForm(id, dto, { actor, requestId: requestIdOf(request) });
  }
}
