import { Logger, type Provider } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { IdentityConfig } from '../config';
import { SecretBox } from './secrets';

/**
 * The development default for IDENTITY_KEY_ENCRYPTION_KEY: fixed and public, so that `npm start` works
 * without preparation. Production refuses to start without a real key (config validation).
 */
const DEVELOPMENT_KEY = createHash('sha256').update('buergeramt-identity-development-key').digest();

export const SECRET_BOX_PROVIDER: Provider = {
  provide: SecretBox,
  inject: [IdentityConfig],
  useFactory: (config: IdentityConfig): SecretBox => {
    if (config.IDENTITY_KEY_ENCRYPTION_KEY) {
      return new SecretBox(Buffer.from(config.IDENTITY_KEY_ENCRYPTION_KEY, 'base64'));
    }
    if (config.NODE_ENV !== 'test') {
      new Logger('Identity').warn(
        'IDENTITY_KEY_ENCRYPTION_KEY is not set: signing keys and TOTP secrets are encrypted with the public ' +
          'development key. Set it (openssl rand -base64 32) anywhere but on a developer machine.',
      );
    }
    return new SecretBox(DEVELOPMENT_KEY);
  },
};
