import { bootService, itBehavesLikeAPlatformService, type ServiceUnderTest } from '@buergeramt/testing';
import { AppModule, OPENAPI } from '../src/app.module';
import { NotificationsConfig } from '../src/config';

describe('notifications service (real Postgres and Redis)', () => {
  let service: ServiceUnderTest<NotificationsConfig>;

  beforeAll(async () => {
    service = await bootService(
      'notifications',
      NotificationsConfig,
      (config) => AppModule.register(config),
      OPENAPI,
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  itBehavesLikeAPlatformService(() => service, OPENAPI.title);
});
