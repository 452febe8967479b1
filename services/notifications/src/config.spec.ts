import { ConfigError, loadConfig } from '@buergeramt/platform';
import { NotificationsConfig } from './config';

describe('NotificationsConfig', () => {
  const SECRET = 'a-feedback-secret-of-this-test-only-01234';

  it('has working defaults for development (all but the secret)', () => {
    const config = loadConfig(NotificationsConfig, { FEEDBACK_TOKEN_SECRET: SECRET });
    expect(config).toMatchObject({
      PORT: 3005,
      SMTP_URL: 'smtp://127.0.0.1:1025',
      CITY_NAME: 'Stadt Esslingen am Neckar',
      MAIL_RATE_PER_MINUTE: 600,
      MAIL_ATTEMPTS: 8,
      MAIL_BACKOFF_MS: 30_000,
    });
    expect(config.FEEDBACK_TOKEN_SECRET).toBe(SECRET);
  });

  it.each(['development', 'test', 'production'])(
    'requires FEEDBACK_TOKEN_SECRET in %s: no default in the source anyone could sign links with',
    (NODE_ENV) => {
      expect(() => loadConfig(NotificationsConfig, { NODE_ENV })).toThrow(
        /FEEDBACK_TOKEN_SECRET is required/,
      );
    },
  );

  it('refuses a short FEEDBACK_TOKEN_SECRET, without echoing values', () => {
    expect(() =>
      loadConfig(NotificationsConfig, { NODE_ENV: 'production', FEEDBACK_TOKEN_SECRET: 'too-short' }),
    ).toThrow(/FEEDBACK_TOKEN_SECRET must have at least 32 characters/);
    const config = loadConfig(NotificationsConfig, {
      NODE_ENV: 'production',
      FEEDBACK_TOKEN_SECRET: 'x'.repeat(32),
    });
    expect(config.FEEDBACK_TOKEN_SECRET).toBe('x'.repeat(32));
  });

  it('refuses a mail server URL that is not smtp(s) and numbers out of range', () => {
    let error: unknown;
    try {
      loadConfig(NotificationsConfig, {
        SMTP_URL: 'http://mail:25',
        MAIL_ATTEMPTS: '0',
        MAIL_RATE_PER_MINUTE: 'many',
        FEEDBACK_TOKEN_SECRET: SECRET,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variables.sort()).toEqual([
      'MAIL_ATTEMPTS',
      'MAIL_RATE_PER_MINUTE',
      'SMTP_URL',
    ]);
  });
});
