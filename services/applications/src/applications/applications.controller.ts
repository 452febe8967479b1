import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
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
  ApiTags,
} from '@nestjs/swagger';
import { Role, Scope } from '@buergeramt/contracts';
import {
  type AuthUser,
  CurrentUser,
  ID_PIPE,
  ListQueryDto,
  localeOf,
  Problems,
  requestIdOf,
  Roles,
  Scopes,
  ValidationProblem,
} from '@buergeramt/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApplicationsService, type RequestContext } from './applications.service';
import { CaseInboxService } from './case-inbox.service';
import { CaseMessagesService } from './case-messages.service';
import {
  ApplicationDto,
  ApplicationListQueryDto,
  ApplicationPageDto,
  AssignDto,
  AuditPageDto,
  CreateApplicationDto,
  DecideDto,
  InboxCountsDto,
  InboxFilterQueryDto,
  MessageDto,
  MessagePageDto,
  PostMessageDto,
  RequestInfoDto,
  StaffListDto,
  TimelineDto,
  UpdateApplicationDto,
} from './dto/applications.dto';

function ctx(request: FastifyRequest): RequestContext {
  return { requestId: requestIdOf(request), locale: localeOf(request) };
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
@Problems([401, 'unauthorized'])
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly inbox: CaseInboxService,
    private readonly caseMessages: CaseMessagesService,
  ) {}

  @Post()
  @Roles(Role.Citizen)
  @ApiOperation({ summary: 'Start a draft with the current form version of a service' })
  @ApiCreatedResponse({ type: ApplicationDto })
  @Problems([403, 'forbidden'], [404, 'no-form'], [409, 'not-online'], [422, 'validation-failed'])
  create(@Body() dto: CreateApplicationDto, @CurrentUser() user: AuthUser): Promise<ApplicationDto> {
    return this.applications.create(user, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'Citizens: their own; staff and clients with applications:read: the inbox (no drafts)',
  })
  @ApiOkResponse({ type: ApplicationPageDto })
  @Problems([403, 'forbidden'], [422, 'validation-failed'])
  list(
    @Query() query: ApplicationListQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<ApplicationPageDto> {
    return this.inbox.list(user, query, ctx(request));
  }

  @Get('counts')
  @Roles(Role.Clerk)
  @ApiOperation({
    summary:
      "Staff: the inbox's counts per filter value in one query; each facet is counted with the other " +
      'filters applied (not its own)',
  })
  @ApiOkResponse({ type: InboxCountsDto })
  @Problems([403, 'forbidden'], [422, 'validation-failed'])
  counts(@Query() query: InboxFilterQueryDto, @CurrentUser() user: AuthUser): Promise<InboxCountsDto> {
    return this.inbox.counts(user, query);
  }

  @Get('staff')
  @Roles(Role.Clerk)
  @ApiOperation({ summary: 'Staff: the staff members cases can be assigned to (names and roles), by name' })
  @ApiOkResponse({ type: StaffListDto })
  @Problems([403, 'forbidden'])
  staff(): Promise<StaffListDto> {
    return this.inbox.staff();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One application (staff and client reads are audited)' })
  @ApiOkResponse({ type: ApplicationDto })
  @Problems([403, 'forbidden'], [404, 'not-found'])
  get(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<ApplicationDto> {
    return this.applications.get(user, id, ctx(request));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Autosave data and attached documents while draft or info_requested' })
  @ApiOkResponse({ type: ApplicationDto })
  @Problems([404, 'not-found'], [409, 'not-editable'], [422, 'validation-failed'])
  update(
    @Param('id', ID_PIPE) id: string,
    @Body() dto: UpdateApplicationDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<ApplicationDto> {
    return this.applications.update(user, id, dto, localeOf(request));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'The owner deletes a draft; a submitted application is withdrawn instead' })
  @ApiNoContentResponse()
  @Problems([403, 'forbidden'], [404, 'not-found'], [409, 'invalid-transition'])
  async deleteDraft(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.applications.deleteDraft(user, id, localeOf(request));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit with full validation; gives the reference (ESS-2026-000123)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'any string up to 255 characters; the same key within 24 h returns the first answer',
  })
  @ApiOkResponse({
    type: ApplicationDto,
    headers: {
      'Idempotent-Replayed': {
        description:
          'present (`true`) when this is the stored answer to an earlier request with the same key',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @Problems(
    [404, 'not-found'],
    [409, 'invalid-transition'],
    [422, 'validation-failed', 'idempotency-key-reused'],
  )
  async submit(
    @Param('id', ID_PIPE) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    if (key !== undefined && (key.length === 0 || key.length > 255))
      throw new ValidationProblem([{ field: 'Idempotency-Key', message: 'must have 1 to 255 characters' }]);
    const result = await this.applications.submit(user, id, key, ctx(request));
    // the same header as a replayed booking (appointments): the answer was stored, nothing was done again
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return result.response.body;
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: 'Status changes {at, from, to, actorRole}' })
  @ApiOkResponse({ type: TimelineDto })
  @Problems([403, 'forbidden'], [404, 'not-found'])
  timeline(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<TimelineDto> {
    return this.caseMessages.timeline(user, id, ctx(request));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'The owner withdraws the application before a decision' })
  @ApiOkResponse({ type: ApplicationDto })
  @Problems([404, 'not-found'], [409, 'invalid-transition'])
  withdraw(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<ApplicationDto> {
    return this.applications.withdraw(user, id, ctx(request));
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles(Role.Clerk)
  @ApiOperation({ summary: 'Assign to a staff member ("me" for oneself); a submitted case goes into review' })
  @ApiOkResponse({ type: ApplicationDto })
  @Problems([403, 'forbidden'], [404, 'not-found'], [409, 'invalid-transition'], [422, 'validation-failed'])
  assign(
    @Param('id', ID_PIPE) id: string,
    @Body() dto: AssignDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<ApplicationDto> {
    return this.applications.assign(user, id, dto.assigneeId, ctx(request));
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles(Role.Clerk)
  @Scopes(Scope.ApplicationsWrite)
  @ApiOperation({
    summary:
      'submitted → in_review, also after a resubmission (an unassigned clerk takes the case); request-info ' +
      'and decide act on a case in review',
  })
  @ApiOkResponse({ type: ApplicationDto })
  @Problems([403, 'forbidden', 'not-assignee'], [404, 'not-found'], [409, 'invalid-transition'])
  review(
    @Param('id', ID_PIPE) id: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<ApplicationDto> {
    return this.applications.startReview(user, id, ctx(request));
  }

  @Post(':id/request-info')
  @HttpCode(200)
  @Roles(Role.Clerk)
  @Scopes(Scope.ApplicationsWrite)
  @ApiOperation({
    summary:
      'in_review → info_requested; the owner is notified and may edit and resubmit (a submitted case is ' +
      'taken into review first: 409 invalid-transition otherwise)',
  })
  @ApiOkResponse({ type: ApplicationDto })
  @Problems([403, 'forbidden', 'not-assignee'], [404, 'not-found'], [409, 'invalid-transition'])
  requestInfo(
    @Param('id', ID_PIPE) id: string,
    @Body() dto: RequestInfoDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<ApplicationDto> {
    return this.applications.requestInfo(user, id, dto.message, ctx(request));
  }

  @Post(':id/decide')
  @HttpCode(200)
  @Roles(Role.Clerk)
  @Scopes(Scope.ApplicationsWrite)
  @ApiOperation({
    summary:
      'in_review → approved | rejected, with a reason; a decision letter is issued (a submitted case is ' +
      'taken into review first: 409 invalid-transition otherwise)',
  })
  @ApiOkResponse({ type: ApplicationDto })
  @Problems([403, 'forbidden', 'not-assignee'], [404, 'not-found'], [409, 'invalid-transition'])
  decide(
    @Param('id', ID_PIPE) id: string,
    @Body() dto: DecideDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<ApplicationDto> {
    return this.applications.decide(user, id, dto.outcome, dto.reason, ctx(request));
  }

  @Get(':id/audit')
  @Roles(Role.Supervisor)
  @ApiOperation({
    summary: "Supervisors: the case's audit trail (every staff or client read and change), oldest first",
  })
  @ApiOkResponse({ type: AuditPageDto })
  @Problems([403, 'forbidden'], [404, 'not-found'], [422, 'validation-failed'])
  auditTrail(
    @Param('id', ID_PIPE) id: string,
    @Query() query: ListQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<AuditPageDto> {
    return this.inbox.auditTrail(user, id, query, ctx(request));
  }

  @Get(':id/messages')
  @ApiOperation({ summary: 'The case thread between citizen and staff, oldest first' })
  @ApiOkResponse({ type: MessagePageDto })
  @Problems([403, 'forbidden'], [404, 'not-found'])
  messages(
    @Param('id', ID_PIPE) id: string,
    @Query() query: ListQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<MessagePageDto> {
    return this.caseMessages.messages(user, id, query, ctx(request));
  }

  @Post(':id/messages')
  @ApiOperation({ summary: 'Post to the case thread, with attachments (checked documents)' })
  @ApiCreatedResponse({ type: MessageDto })
  @Problems([403, 'forbidden'], [404, 'not-found'], [409, 'not-editable'], [422, 'validation-failed'])
  postMessage(
    @Param('id', ID_PIPE) id: string,
    @Body() dto: PostMessageDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<MessageDto> {
    return this.caseMessages.postMessage(user, id, dto, ctx(request));
  }
}
