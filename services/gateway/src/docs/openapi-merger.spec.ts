import type { ServiceName } from '@buergeramt/contracts';
import { type JsonObject, mergeOpenApi, type ServiceDocument } from './openapi-merger';

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const ok = (schema: JsonObject): JsonObject => ({
  '200': { description: 'ok', content: { 'application/json': { schema } } },
});

function merge(docs: ServiceDocument[], routes: Record<string, ServiceName>): JsonObject {
  return mergeOpenApi(docs, {
    prefix: '/api/v1',
    routeOf: (path) => Object.entries(routes).find(([prefix]) => path.startsWith(prefix))?.[1],
    info: { title: 'API', version: '1' },
    servers: [{ url: '/' }],
    unavailable: ['notifications'],
  });
}

const get = (doc: JsonObject, path: string): JsonObject =>
  ((doc.paths as JsonObject)[path] as JsonObject).get as JsonObject;
const schemas = (doc: JsonObject): JsonObject => (doc.components as JsonObject).schemas as JsonObject;

describe('mergeOpenApi', () => {
  const identity: ServiceDocument = {
    service: 'identity',
    document: {
      openapi: '3.0.0',
      security: [{ bearer: [] }],
      tags: [{ name: 'auth', description: 'Login' }],
      paths: {
        '/auth/login': { post: { operationId: 'login', tags: ['auth'], responses: ok(ref('Page')) } },
        '/me': { get: { operationId: 'list', security: [], responses: ok(ref('User')) } },
        '/documents': { get: { responses: ok(ref('User')) } },
      },
      components: {
        schemas: {
          User: { type: 'object', properties: { name: { type: 'string', nullable: true } } },
          Page: { type: 'object', properties: { items: { type: 'array', items: ref('User') } } },
          Shared: { type: 'string' },
          Pet: {
            oneOf: [ref('User')],
            discriminator: { propertyName: 'kind', mapping: { user: '#/components/schemas/User' } },
          },
          Limits: { type: 'integer', minimum: 1, exclusiveMinimum: true },
        },
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
  };
  const documents: ServiceDocument = {
    service: 'documents',
    document: {
      openapi: '3.0.0',
      paths: {
        '/documents': {
          servers: [{ url: 'http://10.0.0.4' }],
          get: { operationId: 'list', security: [{ bearer: [] }], responses: ok(ref('Page')) },
        },
      },
      components: {
        schemas: {
          User: { type: 'object', properties: { id: { type: 'string' } } },
          // textually the same as identity's Page, but its User differs: must be split too
          Page: { type: 'object', properties: { items: { type: 'array', items: ref('User') } } },
          Shared: { type: 'string' },
        },
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
  };
  const doc = merge([identity, documents], {
    '/auth': 'identity',
    '/me': 'identity',
    '/documents': 'documents',
  });

  it('is OpenAPI 3.1.0 with the public prefix on the routed paths only', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths as JsonObject)).toEqual([
      '/api/v1/auth/login',
      '/api/v1/documents',
      '/api/v1/me',
    ]);
    // identity's /documents is not routed to identity, so documents' one is kept
    expect(get(doc, '/api/v1/documents').responses).toEqual(ok(ref('documents_Page')));
    expect(doc['x-unavailable-services']).toEqual(['notifications']);
    expect(JSON.stringify(doc)).not.toContain('10.0.0.4');
  });

  it('renames clashing components per service, also those that only clash through a ref', () => {
    const names = Object.keys(schemas(doc)).sort();
    expect(names).toEqual([
      'Limits',
      'Pet',
      'Shared',
      'documents_Page',
      'documents_User',
      'identity_Page',
      'identity_User',
    ]);
    expect((doc.paths as JsonObject)['/api/v1/auth/login']).toMatchObject({
      post: { responses: ok(ref('identity_Page')) },
    });
    expect(schemas(doc).identity_Page).toEqual({
      type: 'object',
      properties: { items: { type: 'array', items: ref('identity_User') } },
    });
    expect(schemas(doc).Pet).toMatchObject({
      oneOf: [ref('identity_User')],
      discriminator: { mapping: { user: '#/components/schemas/identity_User' } },
    });
  });

  it('renames clashing security schemes in the requirements', () => {
    const schemes = (doc.components as JsonObject).securitySchemes as JsonObject;
    expect(Object.keys(schemes).sort()).toEqual(['documents_bearer', 'identity_bearer']);
    expect(get(doc, '/api/v1/documents').security).toEqual([{ documents_bearer: [] }]);
    // identity's top-level security moves onto its operations, an explicit [] stays
    expect(((doc.paths as JsonObject)['/api/v1/auth/login'] as JsonObject).post).toMatchObject({
      security: [{ identity_bearer: [] }],
    });
    expect(get(doc, '/api/v1/me').security).toEqual([]);
    expect(doc.security).toBeUndefined();
  });

  it('makes operationIds unique and tags untagged operations with their service', () => {
    expect(get(doc, '/api/v1/me').operationId).toBe('identity_list');
    expect(get(doc, '/api/v1/documents').operationId).toBe('documents_list');
    expect(get(doc, '/api/v1/documents').tags).toEqual(['documents']);
    expect(doc.tags).toEqual([
      { name: 'auth', description: 'Login' },
      { name: 'identity' },
      { name: 'documents' },
    ]);
  });

  it('upgrades OpenAPI 3.0 schema keywords to 3.1', () => {
    expect(schemas(doc).identity_User).toEqual({
      type: 'object',
      properties: { name: { type: ['string', 'null'] } },
    });
    expect(schemas(doc).Limits).toEqual({ type: 'integer', exclusiveMinimum: 1 });
  });

  it("keeps the gateway's own schema names; a service's different one is renamed, an identical one shared", () => {
    const localized = {
      type: 'object',
      required: ['de', 'en'],
      properties: { de: { type: 'string' }, en: { type: 'string' } },
    };
    const applications: ServiceDocument = {
      service: 'applications',
      document: {
        openapi: '3.1.0',
        paths: { '/services': { get: { responses: ok(ref('LocalizedText')) } } },
        components: {
          schemas: {
            // same name, another meaning (a map of any language)
            LocalizedText: { type: 'object', additionalProperties: { type: 'string' } },
            Label: { type: 'object', properties: { text: ref('LocalizedText') } },
          },
        },
      },
    };
    const appointments: ServiceDocument = {
      service: 'appointments',
      document: {
        openapi: '3.1.0',
        paths: { '/locations': { get: { responses: ok(ref('ContentPage')) } } },
        components: { schemas: { ContentPage: { ...localized } } },
      },
    };
    const merged = mergeOpenApi([applications, appointments], {
      prefix: '/api/v1',
      routeOf: (path) => (path === '/services' ? 'applications' : 'appointments'),
      info: { title: 'API', version: '1' },
      servers: [],
      unavailable: [],
      ownPaths: { '/api/v1/config/x': { get: { responses: ok(ref('LocalizedText')) } } },
      ownSchemas: { LocalizedText: localized, ContentPage: localized },
    });
    expect(schemas(merged).LocalizedText).toEqual(localized);
    expect(schemas(merged).applications_LocalizedText).toEqual({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
    expect(get(merged, '/api/v1/services').responses).toEqual(ok(ref('applications_LocalizedText')));
    expect(schemas(merged).Label).toEqual({
      type: 'object',
      properties: { text: ref('applications_LocalizedText') },
    });
    expect(get(merged, '/api/v1/config/x').responses).toEqual(ok(ref('LocalizedText')));
    // identical to the gateway's: shared, not renamed
    expect(get(merged, '/api/v1/locations').responses).toEqual(ok(ref('ContentPage')));
    expect(schemas(merged).appointments_ContentPage).toBeUndefined();
  });

  it('leaves a document without clashes as it is', () => {
    const single = merge([documents], { '/documents': 'documents' });
    expect(Object.keys(schemas(single)).sort()).toEqual(['Page', 'Shared', 'User']);
    expect(get(single, '/api/v1/documents').operationId).toBe('list');
  });
});
