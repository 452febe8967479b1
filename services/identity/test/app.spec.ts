import { bootService, itBehavesLikeAPlatformService, type ServiceUnderTest } from '@buergeramt/testing';
import { AppModule, OPENAPI } from '../src/app.module';
import { IdentityConfig } from '../src/config';

describe('identity service (real Postgres and Redis)', () => {
  let service: ServiceUnderTest<IdentityConfig>;

  beforeAll(async () => {
    service = await bootService('identity', IdentityConfig, (config) => AppModule.register(config), OPENAPI, {
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_ITERATIONS: '1',
    });
  });

  afterAll(async () => {
    await service?.close();
  });

  itBehavesLikeAPlatformService(() => service, OPENAPI.title);

  it('describes every route of API.md in its OpenAPI document, with problem answers', async () => {
    const doc = (await service.inject('/openapi.json')).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown>; summary?: string }>>;
    }>();
    const expected: Record<string, string[]> = {
      '/auth/register': ['post'],
      '/auth/verify-email': ['post'],
      '/auth/login': ['post'],
      '/auth/mfa/enroll': ['post'],
      '/auth/mfa/enroll/confirm': ['post'],
      '/auth/refresh': ['post'],
      '/auth/logout': ['post'],
      '/auth/password/forgot': ['post'],
      '/auth/password/reset': ['post'],
      '/auth/oidc/{provider}/start': ['get'],
      '/auth/oidc/{provider}/callback': ['get'],
      '/auth/jwks': ['get'],
      '/auth/token': ['post'],
      '/me': ['get', 'patch', 'delete'],
      '/me/mfa/totp': ['post', 'delete'],
      '/me/mfa/totp/confirm': ['post'],
      '/admin/users': ['get', 'post'],
      '/admin/users/{id}': ['get', 'patch'],
      '/admin/users/{id}/disable': ['post'],
      '/admin/api-clients': ['get', 'post'],
      '/admin/api-clients/{id}': ['delete'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const method of methods) {
        const operation = doc.paths[path]?.[method];
        expect({ path, method, documented: Boolean(operation?.summary) }).toEqual({
          path,
          method,
          documented: true,
        });
      }
    }
    expect(Object.keys(doc.paths['/auth/login'].post.responses).sort()).toEqual([
      '200',
      '401',
      '403',
      '422',
      '429',
    ]);
  });

  it('creates its first signing key at start', async () => {
    const res = await service.inject('/auth/jwks');
    expect(res.json<{ keys: unknown[] }>().keys).toHaveLength(1);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
  });
});
