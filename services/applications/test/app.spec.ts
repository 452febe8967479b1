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
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  itBehavesLikeAPlatformService(() => service, OPENAPI.title);
});
