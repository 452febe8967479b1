import { Controller, Get, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { bootTestApp } from './app';

const shutdowns: string[] = [];

@Injectable()
class Greeter implements OnApplicationShutdown {
  greeting(): string {
    return process.env.TEST_GREETING ?? 'unset';
  }

  onApplicationShutdown(): void {
    shutdowns.push('greeter');
  }
}

@Controller('hello')
class HelloController {
  constructor(private readonly greeter: Greeter) {}

  @Get()
  hello(): { greeting: string } {
    return { greeting: this.greeter.greeting() };
  }
}

@Module({ controllers: [HelloController], providers: [Greeter] })
class HelloModule {}

describe('bootTestApp', () => {
  it('boots on Fastify with the given environment, serves inject(), and restores it on close', async () => {
    process.env.TEST_GREETING = 'before';
    delete process.env.TEST_REMOVED_LATER;
    let configured = false;
    const { app, inject, close } = await bootTestApp(HelloModule, {
      env: { TEST_GREETING: 'moin', TEST_REMOVED_LATER: 'x' },
      configure: (a) => {
        a.setGlobalPrefix('api');
        configured = true;
      },
    });
    expect(configured).toBe(true);
    expect(app.getHttpAdapter().getType()).toBe('fastify');

    const response = await inject({ method: 'GET', url: '/api/hello' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ greeting: 'moin' });

    await close();
    expect(shutdowns).toEqual(['greeter']);
    expect(process.env.TEST_GREETING).toBe('before');
    expect(process.env.TEST_REMOVED_LATER).toBeUndefined();
    await close(); // idempotent
    expect(shutdowns).toEqual(['greeter']);
  });

  it('restores the environment when booting fails', async () => {
    delete process.env.TEST_BOOT_FAIL;
    @Injectable()
    class Broken {
      constructor() {
        throw new Error('cannot construct');
      }
    }
    @Module({ providers: [Broken] })
    class BrokenModule {}

    await expect(bootTestApp(BrokenModule, { env: { TEST_BOOT_FAIL: '1' }, logger: false })).rejects.toThrow(
      'cannot construct',
    );
    expect(process.env.TEST_BOOT_FAIL).toBeUndefined();
  });
});
