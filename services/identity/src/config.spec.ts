import { loadConfig } from '@buergeramt/platform';
import { IdentityConfig, oidcLoginRedirectUrl, oidcRedirectUri, parseOidcProviders } from './config';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('IdentityConfig', () => {
  it('has safe defaults: MFA on, secure cookies on the public auth path, OWASP argon2, 10 min tokens', () => {
    const config = loadConfig(IdentityConfig, { IDENTITY_KEY_ENCRYPTION_KEY: KEY });
    expect(config).toMatchObject({
      PORT: 3001,
      MFA_REQUIRED: true,
      DEMO_SEED: false,
      COOKIE_SECURE: true,
      REFRESH_COOKIE_PATH: '/api/v1/auth',
      ACCESS_TOKEN_TTL_SECONDS: 600,
      JWT_KEY_ROTATION_DAYS: 30,
      ARGON2_MEMORY_KIB: 19456,
      ARGON2_ITERATIONS: 2,
      ARGON2_PARALLELISM: 1,
      LOCKOUT_MAX_ATTEMPTS: 5,
      LOCKOUT_WINDOW_MINUTES: 15,
      LOCKOUT_DURATION_MINUTES: 15,
      OIDC_PROVIDERS: [],
    });
  });

  it('needs IDENTITY_KEY_ENCRYPTION_KEY everywhere but in tests: no key is a constant of the source', () => {
    expect(() => loadConfig(IdentityConfig, {})).toThrow(
      /IDENTITY_KEY_ENCRYPTION_KEY must be 32 random bytes/,
    );
    expect(() => loadConfig(IdentityConfig, { NODE_ENV: 'development' })).toThrow(
      /IDENTITY_KEY_ENCRYPTION_KEY/,
    );
    expect(loadConfig(IdentityConfig, { NODE_ENV: 'test' }).IDENTITY_KEY_ENCRYPTION_KEY).toBeUndefined();
  });

  it('needs IDENTITY_KEY_ENCRYPTION_KEY (32 bytes) in production, and OWASP argon2 settings there', () => {
    expect(() => loadConfig(IdentityConfig, { NODE_ENV: 'production' })).toThrow(
      /IDENTITY_KEY_ENCRYPTION_KEY must be 32 random bytes/,
    );
    expect(() =>
      loadConfig(IdentityConfig, { NODE_ENV: 'production', IDENTITY_KEY_ENCRYPTION_KEY: 'c2hvcnQ=' }),
    ).toThrow(/IDENTITY_KEY_ENCRYPTION_KEY/);
    expect(
      loadConfig(IdentityConfig, { NODE_ENV: 'production', IDENTITY_KEY_ENCRYPTION_KEY: KEY }).NODE_ENV,
    ).toBe('production');
    expect(() =>
      loadConfig(IdentityConfig, {
        NODE_ENV: 'production',
        IDENTITY_KEY_ENCRYPTION_KEY: KEY,
        ARGON2_MEMORY_KIB: '4096',
      }),
    ).toThrow(/ARGON2_MEMORY_KIB must be at least 19456/);
    expect(
      loadConfig(IdentityConfig, { NODE_ENV: 'test', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' })
        .ARGON2_MEMORY_KIB,
    ).toBe(1024);
  });

  it('needs a bootstrap password of 10+ characters with a bootstrap e-mail', () => {
    expect(() =>
      loadConfig(IdentityConfig, {
        IDENTITY_KEY_ENCRYPTION_KEY: KEY,
        BOOTSTRAP_ADMIN_EMAIL: 'admin@example.org',
      }),
    ).toThrow(/BOOTSTRAP_ADMIN_PASSWORD/);
    expect(() =>
      loadConfig(IdentityConfig, {
        IDENTITY_KEY_ENCRYPTION_KEY: KEY,
        BOOTSTRAP_ADMIN_EMAIL: 'admin@example.org',
        BOOTSTRAP_ADMIN_PASSWORD: 'short',
      }),
    ).toThrow(/at least 10/);
  });

  it('reads OIDC providers from a JSON array, and names what is wrong without echoing secrets', () => {
    const config = loadConfig(IdentityConfig, {
      IDENTITY_KEY_ENCRYPTION_KEY: KEY,
      OIDC_PROVIDERS: JSON.stringify([
        { id: 'bund', issuer: 'https://id.example', clientId: 'c', clientSecret: 's3cret', scopes: 'email' },
      ]),
    });
    expect(config.OIDC_PROVIDERS).toEqual([
      {
        id: 'bund',
        issuer: 'https://id.example',
        clientId: 'c',
        clientSecret: 's3cret',
        scopes: 'openid email',
        displayName: 'bund',
      },
    ]);
    expect(() =>
      loadConfig(IdentityConfig, { IDENTITY_KEY_ENCRYPTION_KEY: KEY, OIDC_PROVIDERS: '{not json' }),
    ).toThrow(/OIDC_PROVIDERS must be a JSON array/);
    let message = '';
    try {
      loadConfig(IdentityConfig, {
        IDENTITY_KEY_ENCRYPTION_KEY: KEY,
        OIDC_PROVIDERS: JSON.stringify([
          { id: 'Bad Id', issuer: 'x', clientId: 'c', clientSecret: 'topsecret' },
        ]),
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/OIDC_PROVIDERS entry 0: id must be/);
    expect(message).not.toContain('topsecret');
    expect(parseOidcProviders(JSON.stringify([{ id: 'a', issuer: 'https://a', clientId: 'c' }]))).toMatch(
      /clientSecret is required/,
    );
  });

  it('derives the callback and landing URLs from PUBLIC_BASE_URL', () => {
    const config = loadConfig(IdentityConfig, {
      IDENTITY_KEY_ENCRYPTION_KEY: KEY,
      PUBLIC_BASE_URL: 'https://buergeramt.esslingen.de',
    });
    expect(oidcRedirectUri(config, 'bund')).toBe(
      'https://buergeramt.esslingen.de/api/v1/auth/oidc/bund/callback',
    );
    expect(oidcLoginRedirectUrl(config)).toBe('https://buergeramt.esslingen.de/konto/anmelden');
  });
});
