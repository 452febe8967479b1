// What Node's HTTP parser refuses before Fastify sees a request: answered as problem+json by a real app
// built with createApp (as main.ts builds it), over a real socket.
import { connect } from 'node:net';
import { Controller, Get, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Public } from '../auth';
import { BaseServiceConfig } from '../config/env';
import { loadConfig } from '../config/load-config';
import { PlatformModule } from '../platform.module';
import { createApp } from './create-app';

@Public()
@Controller()
class PingController {
  @Get('ping')
  ping(): { ok: true } {
    return { ok: true };
  }
}

/** Writes `request` as it is and reads the whole answer until the server closes the connection. */
function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('connect', () => socket.write(request));
  });
}

describe("errors of Node's HTTP parser (real app, real socket)", () => {
  let app: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    const config = loadConfig(BaseServiceConfig, {
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    });
    @Module({
      imports: [PlatformModule.forRoot({ service: 'identity', config })],
      controllers: [PingController],
    })
    class TestModule {}
    app = await createApp(TestModule, config, { title: 'Test service' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.getHttpServer().address() as { port: number }).port;
  });

  afterAll(async () => {
    await app.close();
  });

  const parse = (raw: string) => {
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    return { statusLine: head.split('\r\n')[0], head: head.toLowerCase(), body: JSON.parse(body) as unknown };
  };

  it('answers a URL over 16 KB with 431 problem+json and closes the connection', async () => {
    const answer = parse(
      await exchange(port, `GET /ping?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`),
    );
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.head).toContain('content-type: application/problem+json');
    expect(answer.head).toContain('connection: close');
    expect(answer.body).toEqual({
      type: 'request-header-fields-too-large',
      title: 'The request URL or headers are too large',
      status: 431,
      detail: 'The request URL or headers are too large.',
    });
  });

  it('answers a request that is not HTTP with 400 problem+json', async () => {
    const answer = parse(await exchange(port, 'NONSENSE\r\n\r\n'));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.head).toContain('content-type: application/problem+json');
    expect(answer.body).toMatchObject({ type: 'bad-request', status: 400 });
  });
});
