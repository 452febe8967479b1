import { IsBoolean, IsString } from 'class-validator';
import { ConfigError, loadConfig } from './load-config';
import { DatabaseServiceConfig, SecretKey32, ToBoolean } from './env';

class ExampleConfig extends DatabaseServiceConfig {
  @ToBoolean()
  @IsBoolean()
  MFA_REQUIRED = true;

  @IsString()
  MAIL_FROM!: string;
}

describe('loadConfig', () => {
  it('fills defaults and converts types', () => {
    const config = loadConfig(ExampleConfig, {
      MAIL_FROM: 'buergeramt@example.org',
      PORT: '3005',
      MFA_REQUIRED: 'false',
    });
    expect(config.PORT).toBe(3005);
    expect(config.MFA_REQUIRED).toBe(false);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.QUEUE_PREFIX).toBe('buergeramt');
  });

  it('names a missing variable in one line', () => {
    expect(() => loadConfig(ExampleConfig, {})).toThrow(/^Invalid environment: MAIL_FROM must be a string$/);
  });

  it('names every malformed variable without echoing its value', () => {
    let error: unknown;
    try {
      loadConfig(ExampleConfig, {
        MAIL_FROM: 'x',
        DATABASE_URL: 'mysql://secret-password@db',
        PORT: '99999',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message, variables } = error as ConfigError;
    expect(variables.sort()).toEqual(['DATABASE_URL', 'PORT']);
    expect(message).toContain('DATABASE_URL must be a postgres:// URL');
    expect(message).toContain('PORT must be an integer between 1 and 65535');
    expect(message).not.toContain('secret-password');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('reads CHUNK_RECLAIM_BYTES (default 2 MiB, 0 = off) and refuses a negative one', () => {
    expect(loadConfig(ExampleConfig, { MAIL_FROM: 'x' }).CHUNK_RECLAIM_BYTES).toBe(2 * 1024 * 1024);
    expect(loadConfig(ExampleConfig, { MAIL_FROM: 'x', CHUNK_RECLAIM_BYTES: '0' }).CHUNK_RECLAIM_BYTES).toBe(
      0,
    );
    expect(() => loadConfig(ExampleConfig, { MAIL_FROM: 'x', CHUNK_RECLAIM_BYTES: '-1' })).toThrow(
      /CHUNK_RECLAIM_BYTES/,
    );
  });

  it('puts the metrics on PORT + 1000 unless METRICS_PORT says otherwise, and refuses what cannot work', () => {
    const load = (env: Record<string, string>) => loadConfig(ExampleConfig, { MAIL_FROM: 'x', ...env });
    expect(load({ PORT: '3005' }).metricsPort()).toBe(4005);
    expect(load({ PORT: '3005', METRICS_PORT: '9100' }).metricsPort()).toBe(9100);
    expect(load({ METRICS_PORT: '0' }).metricsPort()).toBe(0);
    expect(() => load({ PORT: '3005', METRICS_PORT: '3005' })).toThrow(
      /^Invalid environment: METRICS_PORT must be an integer between 0 and 65535, and not PORT$/,
    );
    expect(() => load({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(() => load({ METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT/);
    expect(() => load({ PORT: '65000' })).toThrow(/METRICS_PORT must be set: the default PORT \+ 1000/);
    expect(() => load({ METRICS_PORT: '0', METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN must have at least 32 characters/,
    );
  });

  it('refuses a boolean it cannot read', () => {
    expect(() => loadConfig(ExampleConfig, { MAIL_FROM: 'x', MFA_REQUIRED: 'perhaps' })).toThrow(
      /MFA_REQUIRED/,
    );
  });

  it('reads only the variables the class declares', () => {
    const config = loadConfig(ExampleConfig, { MAIL_FROM: 'x', UNRELATED: 'y' }) as unknown as Record<
      string,
      unknown
    >;
    expect(config.UNRELATED).toBeUndefined();
  });
});

class KeyedConfig extends DatabaseServiceConfig {
  @SecretKey32()
  SOME_KEY?: string;
}

describe('SecretKey32: the one rule for a service key', () => {
  const key = Buffer.alloc(32, 7).toString('base64');

  it('is required in development and production, with the way to make one in the message', () => {
    for (const NODE_ENV of ['development', 'production']) {
      expect(() => loadConfig(KeyedConfig, { NODE_ENV })).toThrow(
        /SOME_KEY must be 32 random bytes in base64 \(openssl rand -base64 32\)/,
      );
      expect(loadConfig(KeyedConfig, { NODE_ENV, SOME_KEY: key }).SOME_KEY).toBe(key);
    }
  });

  it('may be left out in tests, but a given one must still be 32 bytes', () => {
    expect(loadConfig(KeyedConfig, { NODE_ENV: 'test' }).SOME_KEY).toBeUndefined();
    expect(() => loadConfig(KeyedConfig, { NODE_ENV: 'test', SOME_KEY: 'c2hvcnQ=' })).toThrow(/SOME_KEY/);
  });
});
