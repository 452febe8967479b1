import { Logger, type Provider } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { IdentityConfig } from '../config';
import { SecretBox } from './secrets';

/**
 * The key earlier versions used on developer machines when IDENTITY_KEY_ENCRYPTION_KEY was not set: fixed
 * and public. It never seals anything any more; outside production it still opens what it sealed then, so
 * a developer's existing database keeps working after `npm start` has generated the installation's key.
 */
const RETIRED_DEVELOPMENT_KEY = createHash('sha256').update('buergeramt-identity-development-key').digest();

export const SECRET_BOX_PROVIDER: Provider = {
  provide: SecretBox,
  inject: [IdentityConfig],
  useFactory: (config: IdentityConfig): SecretBox => {
    if (!config.IDENTITY_KEY_ENCRYPTION_KEY) {
      // only tests get here (the configuration requires the key everywhere else): a key of this process
      return new SecretBox(randomBytes(32));
    }
    const key = Buffer.from(config.IDENTITY_KEY_ENCRYPTION_KEY, 'base64');
    if (config.NODE_ENV === 'production') return new SecretBox(key);
    new Logger('Identity').debug('secrets sealed with the retired development key can still be opened');
    return new SecretBox(key, [RETIRED_DEVELOPMENT_KEY]);
  },
};
