import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions } from 'fastify';
import { IsEmail, IsInt, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { Public } from './auth';
import { createApp } from './bootstrap/create-app';
import { loadConfig } from './config/load-config';
import { BaseServiceConfig } from './config/env';
import { ProblemException } from './errors/problem';
import { PlatformModule } from './platform.module';

class AddressDto {
  @IsString()
  @MaxLength(100)
  street!: string;
}

class PersonDto {
  @IsEmail()
  email!: string;

  @IsInt()
  @Min(1)
  @Max(5)
  rating!: number;

  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;
}

@Public()
@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: PersonDto): PersonDto {
    return body;
  }

  @Get('taken')
  taken(): never {
    throw new ProblemException(409, 'slot-unavailable', 'The time is taken', 'Please choose another time.');
  }

  @Get('broken')
  broken(): never {
    throw new Error('relation "secret_table" does not exist');
  }
}

function appModule(config: BaseServiceConfig) {
  @Module({
    imports: [PlatformModule.forRoot({ service: 'identity', config })],
    controllers: [ThingsController],
  })
  class TestModule {}
  return TestModule;
}

describe('platform wiring (real Nest app on Fastify, real Redis)', () => {
  let app: NestFastifyApplication;
  const inject = (opts: InjectOptions) => app.getHttpAdapter().getInstance().inject(opts);

  beforeAll(async () => {
    const config = loadConfig(BaseServiceConfig, {
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'silent',
    });
    app = await createApp(appModule(config), config, { title: 'Test service' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 422 problem+json naming each invalid field, nested ones by path', async () => {
    const res = await inject({
      method: 'POST',
      url: '/things',
      payload: { email: 'nope', rating: 9, address: { street: 7 } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json<{ errors: { field: string }[] }>();
    expect(body).toMatchObject({ type: 'validation-failed', status: 422, instance: '/things' });
    const fields = body.errors.map((e) => e.field).sort();
    expect(fields).toEqual(['address.street', 'email', 'rating']);
  });

  it('refuses unknown fields', async () => {
    const res = await inject({
      method: 'POST',
      url: '/things',
      payload: { email: 'a@b.de', rating: 3, address: { street: 'x' }, admin: true },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('admin');
  });

  it('passes valid input', async () => {
    const res = await inject({
      method: 'POST',
      url: '/things',
      payload: { email: 'a@b.de', rating: 3, address: { street: 'Marktplatz 1' } },
    });
    expect(res.statusCode).toBe(201);
  });

  it('renders domain problems with their type', async () => {
    const res = await inject({ method: 'GET', url: '/things/taken' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      type: 'slot-unavailable',
      title: 'The time is taken',
      status: 409,
      detail: 'Please choose another time.',
      instance: '/things/taken',
    });
  });

  it('hides internals of unexpected errors behind an error id', async () => {
    const res = await inject({ method: 'GET', url: '/things/broken' });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.type).toBe('internal-error');
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).not.toContain('secret_table');
  });

  it('answers an unknown path with 404 problem+json', async () => {
    const res = await inject({ method: 'GET', url: '/nowhere?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: 'not-found', status: 404, instance: '/nowhere' });
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const bad = await inject({
      method: 'POST',
      url: '/things',
      payload: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().type).toBe('bad-request');
    const big = await inject({
      method: 'POST',
      url: '/things',
      payload: JSON.stringify({ email: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().type).toBe('payload-too-large');
  });

  it('answers a malformed URL with 400 problem+json', async () => {
    const res = await inject({ method: 'GET', url: '/things/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: 'bad-request', status: 400 });
  });

  it('passes a sane X-Request-Id on and replaces an insane one', async () => {
    const kept = await inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'bad id\u0007' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports readiness with the Redis check and serves metrics and its OpenAPI document', async () => {
    const ready = await inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', checks: { redis: 'up' } });
    const metrics = await inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('http_requests_total');
    expect(metrics.body).toMatch(/^db_statements_total\{service="[^"]+"\} \d+$/m);
    expect(metrics.body).toContain('process_cpu_seconds_total');
    const doc = await inject({ method: 'GET', url: '/openapi.json' });
    expect(Object.keys(doc.json().paths)).toEqual(expect.arrayContaining(['/things', '/things/taken']));
    expect(Object.keys(doc.json().paths)).not.toContain('/health/live');
  });
});
