import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiProperty } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Public } from '../auth';
import { openApiDocument } from '../bootstrap/create-app';
import { enumsRefusingNull, operationsWithoutSuccess, shapelessSchemas } from './document-checks';
import { ApiNullableRef } from './openapi';

class NameDto {
  @ApiProperty()
  de!: string;
}

class ThingDto {
  @ApiNullableRef(NameDto, { description: 'null until known' })
  name!: NameDto | null;
}

@Controller('open')
@Public()
class OpenController {
  @Get()
  @ApiOkResponse({ type: ThingDto })
  list(): ThingDto {
    return { name: null };
  }

  @Post('maybe-logged-in')
  maybe(@CurrentUser({ optional: true }) user: AuthUser | undefined): string {
    return user?.id ?? 'guest';
  }

  @Post('cookie')
  @ApiCookieAuth()
  cookie(): void {}
}

@Controller('mixed')
@ApiBearerAuth()
class MixedController {
  @Get('closed')
  closed(): void {}

  @Get('open')
  @Public()
  open(): void {}
}

@Controller('undeclared')
class UndeclaredController {
  @Get()
  closed(): void {}
}

@Module({ controllers: [OpenController, MixedController, UndeclaredController] })
class DocModule {}

describe('the OpenAPI document of a service', () => {
  let app: NestFastifyApplication;
  let doc: ReturnType<typeof openApiDocument>;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(DocModule, new FastifyAdapter(), {
      logger: false,
    });
    doc = openApiDocument(app, { title: 'Doc test' });
  });

  afterAll(async () => {
    await app.close();
  });

  const security = (path: string, method: 'get' | 'post'): unknown => doc.paths[path]?.[method]?.security;

  it('says public routes need no token: security [] (or the token as an option where a caller is read)', () => {
    expect(security('/open', 'get')).toEqual([]);
    expect(security('/mixed/open', 'get')).toEqual([]);
    expect(security('/open/maybe-logged-in', 'post')).toEqual([{}, { bearer: [] }]);
    expect(security('/open/cookie', 'post')).toEqual([{}, { cookie: [] }]);
  });

  it('says every other route needs the bearer token, declared on the controller or not', () => {
    expect(security('/mixed/closed', 'get')).toEqual([{ bearer: [] }]);
    expect(security('/undeclared', 'get')).toEqual([{ bearer: [] }]);
  });

  it('leaves no marks behind', () => {
    expect(JSON.stringify(doc)).not.toMatch(/x-public|x-optional-auth/);
  });

  it('documents a nullable DTO as a $ref the gateway can make nullable (no type next to allOf)', () => {
    const thing = doc.components?.schemas?.ThingDto as { properties: Record<string, unknown> };
    expect(thing.properties.name).toEqual({
      allOf: [{ $ref: '#/components/schemas/NameDto' }],
      nullable: true,
      description: 'null until known',
    });
    expect(doc.components?.schemas?.NameDto).toBeDefined();
  });
});

describe('checks of a service document', () => {
  it('finds objects without a shape and nullable refs that refuse null', () => {
    const doc = {
      components: {
        schemas: {
          A: {
            type: 'object',
            properties: { loose: { type: 'object' }, free: { type: 'object', additionalProperties: true } },
          },
          B: {
            type: 'object',
            properties: { ref: { nullable: true, type: 'object', allOf: [{ $ref: '#/x' }] } },
          },
          C: {
            type: 'object',
            properties: { ok: { nullable: true, allOf: [{ $ref: '#/x' }] } },
            example: { type: 'object' },
          },
        },
      },
    };
    expect(shapelessSchemas(doc)).toEqual([
      '/components/schemas/A/properties/loose',
      '/components/schemas/B/properties/ref',
    ]);
  });

  it('finds nullable enums that leave out null', () => {
    const doc = {
      a: { type: 'string', nullable: true, enum: ['x', 'y'] },
      b: { type: 'string', nullable: true, enum: ['x', null] },
      c: { type: ['string', 'null'], enum: ['x'] },
      d: { type: 'string', enum: ['x'] },
    };
    expect(enumsRefusingNull(doc)).toEqual(['/a', '/c']);
  });

  it('finds operations without a success answer', () => {
    const doc = {
      paths: {
        '/a': { get: { responses: { 200: {} } }, post: { responses: { 422: {} } } },
        '/b': { get: { responses: { 302: {}, 404: {} } } },
      },
    };
    expect(operationsWithoutSuccess(doc)).toEqual(['POST /a']);
  });
});
