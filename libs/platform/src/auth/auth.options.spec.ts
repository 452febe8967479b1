import { AuthModule } from './auth.module';
import { AUTH_DEFAULTS, resolveAuthOptions } from './auth.options';

const valid = {
  jwksUrl: 'http://identity:3001/auth/jwks',
  issuer: 'http://identity',
  audience: 'applications',
};

describe('resolveAuthOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveAuthOptions(valid)).toEqual({ ...valid, ...AUTH_DEFAULTS });
  });

  it('keeps what is given', () => {
    const given = { ...valid, audience: ['a', 'b'], jwksCacheMaxAgeMs: 1, clockToleranceSec: 0 };
    expect(resolveAuthOptions(given)).toMatchObject(given);
  });

  it.each([
    ['a relative jwksUrl', { jwksUrl: '/auth/jwks' }, /jwksUrl/],
    ['a non-http jwksUrl', { jwksUrl: 'file:///etc/jwks.json' }, /jwksUrl/],
    ['an empty issuer', { issuer: ' ' }, /issuer/],
    ['an empty audience', { audience: '' }, /audience/],
    ['an empty audience list', { audience: [] }, /audience/],
    ['a negative tolerance', { clockToleranceSec: -1 }, /clockToleranceSec/],
    ['a NaN cache age', { jwksCacheMaxAgeMs: Number.NaN }, /jwksCacheMaxAgeMs/],
    ['a negative refresh interval', { jwksRefreshIntervalMs: -1 }, /jwksRefreshIntervalMs/],
  ])('refuses %s', (_name, change, message) => {
    expect(() => resolveAuthOptions({ ...valid, ...change })).toThrow(message);
  });

  it('makes AuthModule.forRoot fail at once', () => {
    expect(() => AuthModule.forRoot({ ...valid, issuer: '' })).toThrow(/issuer/);
  });
});
