import { ConfigError, loadConfig } from '@buergeramt/platform';
import { GatewayConfig } from './gateway.config';

describe('GatewayConfig', () => {
  it('has working defaults for a local start', () => {
    const config = loadConfig(GatewayConfig, {});
    expect(config.PORT).toBe(8080);
    expect(config.upstreamUrl('identity')).toBe('http://127.0.0.1:3001');
    expect(config.upstreamUrl('notifications')).toBe('http://127.0.0.1:3005');
    expect(config.JSON_BODY_LIMIT).toBe(1024 * 1024);
    expect(config.UPLOAD_BODY_LIMIT).toBe(25 * 1024 * 1024);
    expect(config.UPSTREAM_TIMEOUT_MS).toBe(30_000);
    expect(config.PUBLIC_CACHE_SECONDS).toBe(2);
    expect(config.PUBLIC_CACHE_BYTES).toBe(32 * 1024 * 1024);
    expect(config.PUBLIC_CACHE_ENTRY_BYTES).toBe(1024 * 1024);
    expect([config.RATE_LIMIT_GLOBAL, config.RATE_LIMIT_AUTH, config.RATE_LIMIT_BOOKING]).toEqual([
      600, 60, 30,
    ]);
    expect(config.CORS_ORIGINS).toEqual([]);
    expect(config.rateLimitPrefix()).toBe('buergeramt:ratelimit:');
    expect(config.CITIZEN_DIST).toMatch(/frontends[/\\]citizen[/\\]dist$/);
    expect(config.BACKOFFICE_DIST).toMatch(/frontends[/\\]backoffice[/\\]dist$/);
    expect(config.CITY_CONFIG_DIR).toMatch(/[/\\]config[/\\]city$/);
  });

  it('reads sizes with units, lists and URLs without a trailing slash', () => {
    const config = loadConfig(GatewayConfig, {
      JSON_BODY_LIMIT: '512kb',
      UPLOAD_BODY_LIMIT: '10MB',
      PUBLIC_CACHE_SECONDS: '0',
      PUBLIC_CACHE_BYTES: '8mb',
      PUBLIC_CACHE_ENTRY_BYTES: '64kb',
      CORS_ORIGINS: 'https://a.example, http://localhost:5173',
      IDENTITY_URL: 'http://identity:3001/',
      QUEUE_PREFIX: 'test-1',
    });
    expect(config.JSON_BODY_LIMIT).toBe(512 * 1024);
    expect(config.UPLOAD_BODY_LIMIT).toBe(10 * 1024 * 1024);
    expect(config.PUBLIC_CACHE_SECONDS).toBe(0);
    expect(config.PUBLIC_CACHE_BYTES).toBe(8 * 1024 * 1024);
    expect(config.PUBLIC_CACHE_ENTRY_BYTES).toBe(64 * 1024);
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(config.upstreamUrl('identity')).toBe('http://identity:3001');
    expect(config.rateLimitPrefix()).toBe('test-1:ratelimit:');
  });

  it.each([
    ['IDENTITY_URL', 'not a url'],
    ['JSON_BODY_LIMIT', 'lots'],
    ['RATE_LIMIT_AUTH', '-1'],
    ['CORS_ORIGINS', 'https://a.example/path'],
    ['UPSTREAM_TIMEOUT_MS', '0'],
    ['PUBLIC_CACHE_SECONDS', '-1'],
    ['PUBLIC_CACHE_SECONDS', '2.5'],
    ['PUBLIC_CACHE_BYTES', '0'],
    ['PUBLIC_CACHE_ENTRY_BYTES', 'big'],
  ])('refuses a bad %s with one line naming it', (variable, value) => {
    expect(() => loadConfig(GatewayConfig, { [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig(GatewayConfig, { [variable]: value })).toThrow(
      new RegExp(`^Invalid environment: ${variable} `),
    );
  });
});
