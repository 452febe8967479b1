import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Role, Scope } from '@buergeramt/contracts';
import {
  type AuthUser,
  CurrentUser,
  Roles,
  Scopes,
  ID_PIPE,
  ListQueryDto,
  Problems,
  requestIdOf,
} from '@buergeramt/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { withTypeExtension } from '../uploads/filename';
import { attachmentDisposition } from './content-disposition';
import { DocumentsService } from './documents.service';
import { DocumentDto, DocumentPageDto } from './dto/document.dto';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
@Problems([401, 'unauthorized'])
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @Roles(Role.Citizen, Role.Clerk)
  @ApiOperation({
    summary: 'Upload a PDF, JPEG or PNG (multipart/form-data, field `file`)',
    description:
      'Streamed end to end. The type is decided by the content, not the name; the stored name gets the extension of that type (`x.html` that is a PNG becomes `x.png`). With a virus scanner configured the document is `pending_scan` until scanned. A body that ends without its closing boundary is 400 `malformed-upload`, one that stalls for `UPLOAD_IDLE_TIMEOUT_MS` 408; neither leaves anything stored.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: DocumentDto })
  @Problems(
    [400, 'malformed-upload'],
    [403, 'forbidden'],
    [408, 'request-timeout'],
    [413, 'payload-too-large'],
    [415, 'unsupported-media-type'],
    [422, 'validation-failed'],
  )
  upload(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<DocumentDto> {
    return this.documents.upload(user, request, requestIdOf(request));
  }

  @Get()
  @Roles(Role.Citizen, Role.Clerk)
  @ApiOperation({ summary: 'My documents, uploaded and issued, newest first' })
  @ApiOkResponse({ type: DocumentPageDto })
  @Problems([403, 'forbidden'], [422, 'validation-failed'])
  list(@CurrentUser() user: AuthUser, @Query() query: ListQueryDto): Promise<DocumentPageDto> {
    return this.documents.list(user, query.limit, query.cursor);
  }

  @Get(':id')
  @Roles(Role.Citizen, Role.Clerk)
  @Scopes(Scope.ApplicationsRead)
  @ApiOperation({ summary: "A document's metadata (owner; staff for documents of submitted applications)" })
  @ApiOkResponse({ type: DocumentDto })
  @Problems([404, 'not-found'])
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', ID_PIPE) id: string,
    @Req() request: FastifyRequest,
  ): Promise<DocumentDto> {
    return this.documents.metadata(user, id, requestIdOf(request));
  }

  @Get(':id/content')
  @Roles(Role.Citizen, Role.Clerk)
  @Scopes(Scope.ApplicationsRead)
  @ApiOperation({ summary: 'The file, as an attachment with its stored media type' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOkResponse({ description: 'the file' })
  @Problems([404, 'not-found'], [409, 'document-not-scanned', 'document-rejected'])
  async content(
    @CurrentUser() user: AuthUser,
    @Param('id', ID_PIPE) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const { document, stream } = await this.documents.content(user, id, requestIdOf(request));
    void reply
      .header('content-type', document.mediaType)
      .header('content-length', String(document.size))
      .header(
        'content-disposition',
        attachmentDisposition(withTypeExtension(document.filename, document.mediaType)),
      )
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store');
    return stream;
  }

  @Delete(':id')
  @Roles(Role.Citizen, Role.Clerk)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete my document (not while part of a submitted, open application)' })
  @ApiNoContentResponse()
  @Problems([403, 'forbidden'], [404, 'not-found'], [409, 'document-in-use'])
  async remove(
    @CurrentUser() user: AuthUser,
    @Param('id', ID_PIPE) id: string,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.documents.delete(user, id, requestIdOf(request));
  }
}
