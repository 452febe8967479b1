import { randomBytes } from 'node:crypto';
import { enumsRefusingNull, operationsWithoutSuccess, shapelessSchemas } from '@buergeramt/platform';
import { bootService, itBehavesLikeAPlatformService, type ServiceUnderTest } from '@buergeramt/testing';
import { AppModule, OPENAPI } from '../src/app.module';
import { AppointmentsConfig } from '../src/config';

describe('appointments service (real Postgres and Redis)', () => {
  let service: ServiceUnderTest<AppointmentsConfig>;

  beforeAll(async () => {
    service = await bootService(
      'appointments',
      AppointmentsConfig,
      (config) => AppModule.register(config),
      OPENAPI,
      { MANAGE_TOKEN_SECRET: randomBytes(32).toString('base64url') },
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  itBehavesLikeAPlatformService(() => service, OPENAPI.title);

  describe('its OpenAPI document (what the generated client is made of)', () => {
    type Schema = Record<string, unknown> & { properties: Record<string, Record<string, unknown>> };
    type Operation = { security?: unknown; responses: Record<string, { content?: unknown }> };
    let doc: {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, Schema> };
    };
    beforeAll(async () => {
      doc = (await service.inject('/openapi.json')).json();
    });
    const ref = (name: string): string => `#/components/schemas/${name}`;
    const nullableRef = (name: string) => ({ allOf: [{ $ref: ref(name) }], nullable: true });

    it('gives every object a shape, null to nullable enums and every operation its success answer', () => {
      expect(shapelessSchemas(doc)).toEqual([]);
      expect(enumsRefusingNull(doc)).toEqual([]);
      expect(operationsWithoutSuccess(doc)).toEqual([]);
    });

    it('names the nullable parts of appointments, the agenda and offers', () => {
      const { schemas } = doc.components;
      for (const dto of ['AppointmentDetailDto', 'AgendaAppointmentDto']) {
        expect(schemas[dto]?.properties.serviceName).toMatchObject(nullableRef('ServiceNameDto'));
        expect(schemas[dto]?.properties.contact).toMatchObject(nullableRef('BookingContactDto'));
      }
      expect(schemas.OfferedServiceDto?.properties.name).toMatchObject(nullableRef('ServiceNameDto'));
      expect(schemas.ServiceNameDto?.required).toEqual(['de', 'en']);
      expect(schemas.BookingContactDto?.properties.phone).toEqual({ type: 'string', nullable: true });
      expect(schemas.CreateLocationDto?.properties.bookingWindowDays).toMatchObject({
        type: 'integer',
        nullable: true,
      });
    });

    it("documents today's opening state of GET /locations and the admin lists' answers", () => {
      const { schemas } = doc.components;
      expect(schemas.LocationDto?.properties.today).toMatchObject({ $ref: ref('LocationTodayDto') });
      expect(schemas.LocationTodayDto?.properties.closedReason).toMatchObject(nullableRef('ClosedReason'));
      expect(schemas.ClosedReason).toMatchObject({
        type: 'string',
        enum: ['holiday', 'closure', 'no-hours'],
      });
      expect(schemas.AdminLocationDto?.properties.today).toBeUndefined();
      const ok = (path: string) => doc.paths[path]?.get?.responses['200']?.content;
      expect(ok('/admin/locations/{id}/closures')).toEqual({
        'application/json': { schema: { $ref: ref('ClosurePageDto') } },
      });
      expect(ok('/admin/locations/{id}/services')).toEqual({
        'application/json': { schema: { $ref: ref('OfferedServicePageDto') } },
      });
    });

    it("documents the booking window of GET /slots and /slots/days, and GET /appointments' `when`", () => {
      const { schemas } = doc.components;
      for (const list of [schemas.SlotListDto, schemas.FreeDayListDto]) {
        for (const field of ['bookableFrom', 'bookableUntil']) {
          expect(list?.properties[field]).toMatchObject({ type: 'string', format: 'date', nullable: true });
        }
        // the order of `required` means nothing in JSON Schema
        expect([...((list?.required as string[] | undefined) ?? [])].sort()).toEqual([
          'bookableFrom',
          'bookableUntil',
          'items',
        ]);
      }
      expect(schemas.FreeDayDto?.properties.free).toMatchObject({ type: 'integer', minimum: 1 });
      const parameters = (
        doc.paths['/appointments']?.get as unknown as { parameters: Record<string, unknown>[] }
      ).parameters;
      expect(parameters.find((p) => p.name === 'when')).toMatchObject({
        in: 'query',
        required: false,
        schema: { type: 'string', enum: ['upcoming', 'past'] },
      });
    });

    it('says which operations need no token', () => {
      expect(doc.paths['/locations']?.get?.security).toEqual([]);
      expect(doc.paths['/slots']?.get?.security).toEqual([]);
      expect(doc.paths['/appointments']?.post?.security).toEqual([{}, { bearer: [] }]);
      expect(doc.paths['/admin/locations']?.get?.security).toEqual([{ bearer: [] }]);
    });
  });

  it('lets browsers and proxies keep GET /locations (ETag, public max-age, 304 on revalidation)', async () => {
    const first = await service.inject('/locations');
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const again = await service.inject({ url: '/locations', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('lets no cache keep any other answer: slots, guest look-ups, calendar files, errors', async () => {
    const id = '0195a000-0000-7000-8000-000000000001';
    for (const url of [
      '/slots?serviceId=x',
      `/appointments/${id}?token=abc`,
      `/appointments/${id}/ics?token=abc`,
      '/appointments',
    ]) {
      const answer = await service.inject(url);
      expect({ url, cacheControl: answer.headers['cache-control'] }).toEqual({
        url,
        cacheControl: 'no-store',
      });
    }
  });
});
