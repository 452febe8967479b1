import { toAuthUser } from './auth-user';

const base = { sub: 'u-1', typ: 'user', iss: 'i', aud: 'a', iat: 1, exp: 2 };

describe('toAuthUser', () => {
  it('maps a person', () => {
    expect(
      toAuthUser({
        ...base,
        roles: ['clerk', 'clerk', 'wizard'],
        locationIds: ['l1'],
        email: 'x@y.de',
        jti: 'j',
      }),
    ).toEqual({
      id: 'u-1',
      kind: 'user',
      roles: ['clerk'],
      scopes: [],
      locationIds: ['l1'],
      email: 'x@y.de',
    });
  });

  it('maps a machine client: known scopes only, never roles', () => {
    expect(
      toAuthUser({
        ...base,
        typ: 'client',
        roles: ['admin'],
        scope: ' catalogue:read  openid catalogue:read ',
      }),
    ).toEqual({ id: 'u-1', kind: 'client', roles: [], scopes: ['catalogue:read'] });
  });

  it.each([
    ['not an object', 'token'],
    ['null', null],
    ['an array', [base]],
    ['no sub', { ...base, sub: undefined }],
    ['empty sub', { ...base, sub: '' }],
    ['numeric sub', { ...base, sub: 42 }],
    ['no typ', { ...base, typ: undefined }],
    ['unknown typ', { ...base, typ: 'admin' }],
    ['no exp', { ...base, exp: undefined }],
    ['string exp', { ...base, exp: '2' }],
    ['roles not a list', { ...base, roles: 'admin' }],
    ['roles not strings', { ...base, roles: [1] }],
    ['scope not a string', { ...base, scope: ['catalogue:read'] }],
    ['locationIds not a list', { ...base, locationIds: 'l1' }],
    ['email not a string', { ...base, email: 1 }],
  ])('refuses %s', (_name, payload) => {
    expect(toAuthUser(payload)).toBeNull();
  });
});
