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
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  itBehavesLikeAPlatformService(() => service, OPENAPI.title);
});
