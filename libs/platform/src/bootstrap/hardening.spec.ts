// What the platform does for every service against bad input, for caching, and for metrics: a real Nest app
// on Fastify (createApp, as main.ts builds it), real Redis, real HTTP where a listener matters.
import { createServer as createNetServer } from 'node:net';
import { Body, Controller, Get, Header, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { FastifyRequest, InjectOptions } from 'fastify';
import { Public } from '../auth';
import { BaseServiceConfig } from '../config/env';
import { loadConfig } from '../config/load-config';
import { ApiNullableRef } from '../openapi/openapi';
import { PublicCache } from '../http/cache';
import { localeOf } from '../http/request';
import { PlatformModule } from '../platform.module';
import { createApp, listen } from './create-app';

class AddressDto {
  @IsString()
  @MaxLength(100)
  street!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  addition?: string | null;
}

class ItemDto {
  @IsOptional()
  @IsInt()
  count?: number;
}

/** A PATCH body: absent keeps a value, `null` removes it only where the property is nullable. */
class UpdateProfileDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  givenName?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  phone?: string | null;

  @ApiNullableRef(AddressDto, { required: false })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto | null;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items?: ItemDto[];

  /** free-form, like an application's form data */
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}

class LoginDto {
  @IsString()
  email!: string;

  @IsString()
  password!: string;
}

class SearchQueryDto {
  @IsOptional()
  @IsString()
  q?: string;
}

const calls = { patch: 0, login: 0 };

@Public()
@Controller()
class HardeningController {
  @Patch('profile')
  patch(@Body() body: UpdateProfileDto): UpdateProfileDto {
    calls.patch += 1;
    return body;
  }

  @Post('auth/login')
  login(@Body() body: LoginDto): { email: string } {
    calls.login += 1;
    return { email: body.email };
  }

  @Post('raw')
  raw(@Body() body: unknown): unknown {
    return body;
  }

  @Get('search')
  search(@Query() query: SearchQueryDto): { q: string | null } {
    return { q: query.q ?? null };
  }

  @Get('items/:slug')
  item(@Param('slug') slug: string): { slug: string } {
    return { slug };
  }

  @Get('catalogue')
  @ApiOkResponse({ description: 'the catalogue' })
  @PublicCache({ varyByLanguage: true })
  catalogue(@Req() request: FastifyRequest): { name: string } {
    return { name: localeOf(request) === 'en' ? 'Identity card' : 'Personalausweis' };
  }

  @Get('catalogue/missing')
  @PublicCache()
  missing(): never {
    throw new Error('not reached');
  }

  @Get('forms')
  @PublicCache({ maxAgeSeconds: 120 })
  forms(): { version: number } {
    return { version: 3 };
  }

  @Get('mine')
  mine(): { mine: true } {
    return { mine: true };
  }

  @Get('own-policy')
  @Header('Cache-Control', 'private, max-age=5')
  ownPolicy(): { ok: true } {
    return { ok: true };
  }
}

function appModule(config: BaseServiceConfig) {
  @Module({
    imports: [PlatformModule.forRoot({ service: 'identity', config })],
    controllers: [HardeningController],
  })
  class TestModule {}
  return TestModule;
}

function testConfig(env: Record<string, string> = {}): BaseServiceConfig {
  return loadConfig(BaseServiceConfig, {
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    ...env,
  });
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('platform hardening (real Nest app on Fastify, real Redis)', () => {
  let app: NestFastifyApplication;
  const inject = (opts: InjectOptions) => app.getHttpAdapter().getInstance().inject(opts);
  const send = (method: 'PATCH' | 'POST', url: string, payload: string) =>
    inject({ method, url, payload, headers: JSON_HEADERS });

  beforeAll(async () => {
    const config = testConfig();
    app = await createApp(appModule(config), config, { title: 'Test service' });
  });

  afterAll(async () => {
    await app.close();
  });

  describe('bad input is a 400/422 problem naming the field, and changes nothing', () => {
    it('refuses a body nested deeper than 32 levels with 400, also without a token on /auth/login', async () => {
      const deep = `{"email":${'['.repeat(100_000)}${']'.repeat(100_000)},"password":"x"}`;
      const before = calls.login;
      const res = await send('POST', '/auth/login', deep);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({
        type: 'bad-request',
        status: 400,
        detail: 'JSON bodies may nest objects and arrays at most 32 levels deep.',
        errors: [
          { field: `email${'[0]'.repeat(31)}`, message: expect.stringContaining('32 levels') as unknown },
        ],
      });
      expect(calls.login).toBe(before);
    });

    it('takes 32 levels and refuses 33', async () => {
      const nested = (levels: number): string => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
      expect((await send('POST', '/raw', nested(32))).statusCode).toBe(201);
      const refused = await send('POST', '/raw', nested(33));
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].field).toBe(Array.from({ length: 32 }, () => 'a').join('.'));
    });

    it.each([
      ['U+0000', '"Erika\\u0000"', 'must not contain the character U+0000'],
      [
        'a lone high surrogate',
        '"Erika\\ud800"',
        'must be valid Unicode (it contains a lone UTF-16 surrogate)',
      ],
      [
        'a lone low surrogate',
        '"\\udc00Erika"',
        'must be valid Unicode (it contains a lone UTF-16 surrogate)',
      ],
    ])('refuses %s in a string with 422 on the field', async (_name, value, message) => {
      const before = calls.patch;
      const res = await send('PATCH', '/profile', `{"givenName":${value}}`);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({
        type: 'validation-failed',
        errors: [{ field: 'givenName', message }],
      });
      expect(calls.patch).toBe(before);
    });

    it('looks into nested objects, arrays and free-form data, keys included', async () => {
      const res = await send(
        'PATCH',
        '/profile',
        '{"address":{"street":"a\\u0000"},"data":{"pets":["ok","\\ud83d"],"k\\u0000ey":1}}',
      );
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([
        { field: 'address.street', message: 'must not contain the character U+0000' },
        { field: 'data.pets[1]', message: 'must be valid Unicode (it contains a lone UTF-16 surrogate)' },
        { field: 'data.k\uFFFDey', message: 'name must not contain the character U+0000' },
      ]);
    });

    it('keeps valid surrogate pairs (emoji) and other text', async () => {
      const res = await send('PATCH', '/profile', '{"givenName":"Ömer \\ud83d\\ude00 \\u00e9"}');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ givenName: 'Ömer 😀 é' });
    });

    it('refuses U+0000 in the query and in path parameters', async () => {
      const query = await inject({ method: 'GET', url: '/search?q=a%00b' });
      expect(query.statusCode).toBe(422);
      expect(query.json().errors).toEqual([{ field: 'q', message: 'must not contain the character U+0000' }]);
      const param = await inject({ method: 'GET', url: '/items/a%00b' });
      expect(param.statusCode).toBe(422);
      expect(param.json().errors).toEqual([
        { field: 'slug', message: 'must not contain the character U+0000' },
      ]);
      expect((await inject({ method: 'GET', url: '/search?q=ausweis' })).json()).toEqual({ q: 'ausweis' });
    });

    it('refuses null for properties that are not nullable, nested ones and list items too', async () => {
      const before = calls.patch;
      const res = await send(
        'PATCH',
        '/profile',
        JSON.stringify({
          givenName: null,
          address: { street: null },
          items: [{ count: 1 }, { count: null }],
        }),
      );
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual(
        expect.arrayContaining([
          { field: 'givenName', message: 'must not be null' },
          { field: 'address.street', message: expect.any(String) as unknown },
          { field: 'items[1].count', message: 'must not be null' },
        ]),
      );
      expect(res.json().errors).toHaveLength(3);
      expect(calls.patch).toBe(before);
    });

    it('takes null where the property is documented as nullable', async () => {
      const res = await send(
        'PATCH',
        '/profile',
        JSON.stringify({ phone: null, address: null, data: { anything: null } }),
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ phone: null, address: null, data: { anything: null } });
      const nested = await send(
        'PATCH',
        '/profile',
        JSON.stringify({ address: { street: 'A', addition: null } }),
      );
      expect(nested.statusCode).toBe(200);
    });

    it('still reports every other failure as before', async () => {
      const res = await send('PATCH', '/profile', JSON.stringify({ givenName: 7, phone: null, extra: 1 }));
      expect(res.statusCode).toBe(422);
      const { errors } = res.json<{ errors: { field: string }[] }>();
      expect(errors.map((e) => e.field).sort()).toEqual(['extra', 'givenName']);
    });
  });

  describe('Cache-Control: no-store unless a route says otherwise', () => {
    it.each([
      ['a GET with a bearer token', { method: 'GET', url: '/mine', headers: { authorization: 'Bearer x' } }],
      ['a GET with a manage token in the query', { method: 'GET', url: '/mine?token=abc' }],
      ['an anonymous GET', { method: 'GET', url: '/mine' }],
      ['a POST', { method: 'POST', url: '/raw', payload: {} }],
      ['a PATCH', { method: 'PATCH', url: '/profile', payload: {} }],
      ['an error', { method: 'GET', url: '/nowhere', headers: { authorization: 'Bearer x' } }],
      ['a refused body', { method: 'PATCH', url: '/profile', payload: { givenName: null } }],
    ] as [string, InjectOptions][])('answers %s with no-store', async (_name, request) => {
      const res = await inject(request);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('keeps a policy the handler set', async () => {
      const own = await inject({ method: 'GET', url: '/own-policy', headers: { authorization: 'Bearer x' } });
      expect(own.headers['cache-control']).toBe('private, max-age=5');
    });
  });

  describe('@PublicCache(): ETag, Cache-Control and 304', () => {
    it('sends a strong ETag, public max-age and Vary, and 304 for a matching If-None-Match', async () => {
      const first = await inject({ method: 'GET', url: '/catalogue', headers: { 'accept-language': 'de' } });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ name: 'Personalausweis' });
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      expect(first.headers['cache-control']).toBe('public, max-age=60');
      expect(first.headers.vary).toBe('Accept-Language');

      const again = await inject({
        method: 'GET',
        url: '/catalogue',
        headers: { 'accept-language': 'de', 'if-none-match': etag },
      });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
      expect(again.headers['cache-control']).toBe('public, max-age=60');
      expect(again.headers['content-length']).toBeUndefined();

      // weak comparison and lists, as RFC 9110 asks
      const weak = await inject({
        method: 'GET',
        url: '/catalogue',
        headers: { 'accept-language': 'de', 'if-none-match': `"other", W/${etag}` },
      });
      expect(weak.statusCode).toBe(304);
    });

    it('gives another language another ETag, and a full answer to a stale one', async () => {
      const de = await inject({ method: 'GET', url: '/catalogue', headers: { 'accept-language': 'de' } });
      const en = await inject({
        method: 'GET',
        url: '/catalogue',
        headers: { 'accept-language': 'en', 'if-none-match': de.headers.etag as string },
      });
      expect(en.statusCode).toBe(200);
      expect(en.json()).toEqual({ name: 'Identity card' });
      expect(en.headers.etag).not.toBe(de.headers.etag);
    });

    it('stays public for a caller with a token (the answer is the same for everyone)', async () => {
      const res = await inject({ method: 'GET', url: '/forms', headers: { authorization: 'Bearer x' } });
      expect(res.headers['cache-control']).toBe('public, max-age=120');
      expect(res.headers.vary).toBeUndefined();
    });

    it('does not cache errors', async () => {
      const res = await inject({ method: 'GET', url: '/catalogue/missing' });
      expect(res.statusCode).toBe(500);
      expect(res.headers.etag).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('documents the 304 answer', async () => {
      const doc = (await inject({ method: 'GET', url: '/openapi.json' })).json();
      expect(Object.keys(doc.paths['/catalogue'].get.responses)).toEqual(
        expect.arrayContaining(['200', '304']),
      );
    });
  });
});

describe('metrics are not served on the service port', () => {
  it('serves /metrics on METRICS_PORT only, 404 on PORT, and closes the listener with the app', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const config = testConfig({ PORT: String(port), METRICS_PORT: String(metricsPort) });
    const app = await createApp(appModule(config), config, { title: 'Test service' });
    try {
      await listen(app, config, 'Test service');
      const publicAnswer = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(publicAnswer.status).toBe(404);
      expect(publicAnswer.headers.get('content-type')).toContain('application/problem+json');
      expect(await publicAnswer.text()).not.toContain('process_cpu');

      const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(scrape.status).toBe(200);
      expect(scrape.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(await scrape.text()).toMatch(/^process_cpu_seconds_total\{service="identity"\} /m);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/health/live`)).status).toBe(404);
      // the probes stay on the service port
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    } finally {
      await app.close();
    }
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });

  it('with METRICS_PORT=0 answers /metrics on PORT only with the bearer METRICS_TOKEN', async () => {
    const port = await freePort();
    const token = 'metrics-token-0123456789abcdef-0123456789';
    const config = testConfig({ PORT: String(port), METRICS_PORT: '0', METRICS_TOKEN: token });
    const app = await createApp(appModule(config), config, { title: 'Test service' });
    try {
      await listen(app, config, 'Test service');
      const url = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(url)).status).toBe(404);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(404);
      const scrape = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(scrape.status).toBe(200);
      expect(await scrape.text()).toContain('http_requests_total');
    } finally {
      await app.close();
    }
  });
});
