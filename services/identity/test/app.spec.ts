import {
  bootService,
  defined,
  itBehavesLikeAPlatformService,
  type ServiceUnderTest,
} from '@buergeramt/testing';
import { enumsRefusingNull, operationsWithoutSuccess, shapelessSchemas } from '@buergeramt/platform';
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
    expect(Object.keys(defined(doc.paths['/auth/login']?.post).responses).sort()).toEqual([
      '200',
      '401',
      '403',
      '422',
      '429',
    ]);
    // the enrollment's confirmation: 204 as before, or with startSession a login's answer
    expect(Object.keys(defined(doc.paths['/auth/mfa/enroll/confirm']?.post).responses).sort()).toEqual([
      '200',
      '204',
      '400',
      '409',
      '422',
    ]);
  });

  it('documents a shape for every object and a success answer (logout: 204) for every operation', async () => {
    const doc = (await service.inject('/openapi.json')).json<{
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
    }>();
    expect(shapelessSchemas(doc)).toEqual([]);
    expect(enumsRefusingNull(doc)).toEqual([]);
    expect(operationsWithoutSuccess(doc)).toEqual([]);
    expect(Object.keys(doc.paths['/auth/logout']?.post?.responses ?? {}).sort()).toEqual(['204', '422']);
    expect(doc.paths['/auth/oidc/providers']?.get?.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/OidcProviderListDto' } } },
    });
    // public routes need no token; the refresh cookie stays an option where it is read
    expect(doc.paths['/auth/login']?.post?.security).toEqual([]);
    expect(doc.paths['/auth/logout']?.post?.security).toEqual([{}, { cookie: [] }]);
    expect(doc.paths['/me']?.get?.security).toEqual([{ bearer: [] }]);
  });

  it('documents phone and address of the profile precisely (nullable, limits, patterns)', async () => {
    const doc = (await service.inject('/openapi.json')).json<{
      components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
    }>();
    const { ProfileDto, UpdateProfileDto, PostalAddressDto } = doc.components.schemas;
    expect(ProfileDto?.required).toEqual(expect.arrayContaining(['phone', 'address']));
    expect(ProfileDto?.properties.phone).toMatchObject({ type: 'string', nullable: true });
    expect(ProfileDto?.properties.address).toMatchObject({
      nullable: true,
      allOf: [{ $ref: '#/components/schemas/PostalAddressDto' }],
    });
    expect(UpdateProfileDto?.required ?? []).not.toContain('phone');
    expect(UpdateProfileDto?.required ?? []).not.toContain('address');
    expect(UpdateProfileDto?.properties.phone).toMatchObject({
      type: 'string',
      nullable: true,
      maxLength: 40,
      pattern: expect.any(String),
    });
    expect(PostalAddressDto?.required).toEqual(['street', 'postalCode', 'city']);
    expect(PostalAddressDto?.properties).toMatchObject({
      street: { type: 'string', maxLength: 200 },
      postalCode: { type: 'string', maxLength: 20, pattern: expect.any(String) },
      city: { type: 'string', maxLength: 100 },
    });
  });

  it('creates its first signing key at start', async () => {
    const res = await service.inject('/auth/jwks');
    expect(res.json<{ keys: unknown[] }>().keys).toHaveLength(1);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
  });
});
