import { randomBytes } from 'node:crypto';
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
      { FEEDBACK_TOKEN_SECRET: randomBytes(32).toString('base64url') },
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  // no audit log: the delivery log is notifications' record of what it did
  itBehavesLikeAPlatformService(() => service, OPENAPI.title, { auditLog: false });
});
