import { randomBytes } from 'node:crypto';
import { enumsRefusingNull, operationsWithoutSuccess, shapelessSchemas } from '@buergeramt/platform';
import { bootService, itBehavesLikeAPlatformService, type ServiceUnderTest } from '@buergeramt/testing';
import { AppModule, OPENAPI } from '../src/app.module';
import { ApplicationsConfig } from '../src/config';

describe('applications service (real Postgres and Redis)', () => {
  let service: ServiceUnderTest<ApplicationsConfig>;

  beforeAll(async () => {
    service = await bootService(
      'applications',
      ApplicationsConfig,
      (config) => AppModule.register(config),
      OPENAPI,
      { FEEDBACK_TOKEN_SECRET: randomBytes(32).toString('base64url') },
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  itBehavesLikeAPlatformService(() => service, OPENAPI.title);

  describe('its OpenAPI document (what the generated client is made of)', () => {
    type Schema = Record<string, unknown> & { properties: Record<string, Record<string, unknown>> };
    let doc: {
      paths: Record<string, Record<string, { security?: unknown }>>;
      components: { schemas: Record<string, Schema> };
    };
    beforeAll(async () => {
      doc = (await service.inject('/openapi.json')).json();
    });
    const ref = (name: string): string => `#/components/schemas/${name}`;

    it('gives every object a shape, null to nullable enums and every operation its success answer', () => {
      expect(shapelessSchemas(doc)).toEqual([]);
      expect(enumsRefusingNull(doc)).toEqual([]);
      expect(operationsWithoutSuccess(doc)).toEqual([]);
    });

    it('names the shapes of a service page, the transparency figures and nullable parts', () => {
      const { schemas } = doc.components;
      expect(schemas.ServiceDetailDto?.properties.locations).toMatchObject({
        type: 'array',
        items: { $ref: ref('ServiceLocationDto') },
      });
      expect(schemas.ServiceLocationDto).toMatchObject({
        required: ['id', 'name', 'address'],
        properties: { id: { format: 'uuid' } },
      });
      expect(schemas.ServicePageDto?.properties.didYouMean).toMatchObject({ type: 'string', nullable: true });
      expect(schemas.TransparencyDto?.properties).toMatchObject({
        services: { items: { $ref: ref('TransparencyServiceDto') } },
        offices: { items: { $ref: ref('TransparencyOfficeDto') } },
        onlineShare: { allOf: [{ $ref: ref('OnlineShareDto') }], nullable: true },
      });
      expect(schemas.TransparencyServiceDto?.required).toEqual([
        'serviceId',
        'slug',
        'name',
        'medianProcessingDays',
        'cases',
      ]);
      expect(schemas.TransparencyOfficeDto?.properties).toMatchObject({
        name: { type: 'string' },
        servedLast30Days: { type: 'integer', nullable: true },
        waitingMinutesToday: { type: 'number', nullable: true },
        medianWaitingMinutes30Days: { type: 'number', nullable: true },
      });
      expect(schemas.ApplicationDto?.properties.decision).toMatchObject({
        allOf: [{ $ref: ref('DecisionDto') }],
        nullable: true,
      });
      expect(schemas.CreateServiceDto?.properties.feeAmount).toMatchObject({
        type: 'number',
        nullable: true,
      });
    });

    it('says which operations need no token', () => {
      expect(doc.paths['/services']?.get?.security).toEqual([]);
      expect(doc.paths['/transparency']?.get?.security).toEqual([]);
      expect(doc.paths['/feedback']?.post?.security).toEqual([{}, { bearer: [] }]);
      expect(doc.paths['/applications']?.get?.security).toEqual([{ bearer: [] }]);
    });
  });
});
