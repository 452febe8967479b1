import { bootService, itBehavesLikeAPlatformService, type ServiceUnderTest } from '@buergeramt/testing';
import { AppModule, OPENAPI } from '../src/app.module';
import { DocumentsConfig } from '../src/config';

describe('documents service (real Postgres and Redis)', () => {
  let service: ServiceUnderTest<DocumentsConfig>;

  beforeAll(async () => {
    service = await bootService(
      'documents',
      DocumentsConfig,
      (config) => AppModule.register(config),
      OPENAPI,
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  itBehavesLikeAPlatformService(() => service, OPENAPI.title);
});
