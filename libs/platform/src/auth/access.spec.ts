import { hasStaffRole, type Role } from '@buergeramt/contracts';
import { clientHasAllScopes, hasRoleAtLeast, isStaff, userHasAnyRole } from './access';
import type { AuthUser } from './auth-user';
import { Roles, Scopes } from './decorators';

describe('hasRoleAtLeast', () => {
  it.each<[Role[], Role, boolean]>([
    [['clerk'], 'clerk', true],
    [['supervisor'], 'clerk', true],
    [['admin'], 'clerk', true],
    [['admin'], 'supervisor', true],
    [['admin'], 'admin', true],
    [['clerk'], 'supervisor', false],
    [['supervisor'], 'admin', false],
    [['citizen'], 'clerk', false],
    [[], 'clerk', false],
    [['citizen'], 'citizen', true],
    [['admin'], 'citizen', false],
    [['citizen', 'clerk'], 'clerk', true],
    [['clerk', 'citizen'], 'citizen', true],
  ])('%j at least %s: %s', (roles, required, expected) => {
    expect(hasRoleAtLeast(roles, required)).toBe(expected);
  });
});

describe('userHasAnyRole and clientHasAllScopes', () => {
  const person: AuthUser = { id: 'u', kind: 'user', roles: ['supervisor'], scopes: ['applications:read'] };
  const client: AuthUser = { id: 'c', kind: 'client', roles: ['admin'], scopes: ['applications:read'] };

  it('ranks staff roles for people', () => {
    expect(userHasAnyRole(person, ['admin', 'clerk'])).toBe(true);
    expect(userHasAnyRole(person, ['admin'])).toBe(false);
  });

  it('never grants roles to machine clients', () => {
    expect(userHasAnyRole(client, ['clerk'])).toBe(false);
  });

  it('needs every scope, and only for machine clients', () => {
    expect(clientHasAllScopes(client, ['applications:read'])).toBe(true);
    expect(clientHasAllScopes(client, ['applications:read', 'applications:write'])).toBe(false);
    expect(clientHasAllScopes(person, ['applications:read'])).toBe(false);
  });
});

describe('isStaff (the one staff check) and hasStaffRole (for stored accounts)', () => {
  const user = (roles: Role[]): AuthUser => ({ id: 'u', kind: 'user', roles, scopes: [] });

  it('is any staff role by default, and at least the given one when asked', () => {
    expect(isStaff(user(['clerk']))).toBe(true);
    expect(isStaff(user(['citizen']))).toBe(false);
    expect(isStaff(user(['citizen', 'admin']))).toBe(true);
    expect(isStaff(user(['clerk']), 'supervisor')).toBe(false);
    expect(isStaff(user(['admin']), 'supervisor')).toBe(true);
  });

  it('is never a machine client, nor nobody', () => {
    expect(isStaff({ id: 'c', kind: 'client', roles: ['admin'], scopes: [] })).toBe(false);
    expect(isStaff(undefined)).toBe(false);
  });

  it('agrees with hasStaffRole on a stored account’s roles', () => {
    for (const roles of [['citizen'], ['clerk'], ['supervisor', 'citizen'], ['admin'], []] as Role[][]) {
      expect(hasStaffRole(roles)).toBe(isStaff(user(roles)));
    }
  });
});

describe('@Roles and @Scopes', () => {
  it('refuse to be used without arguments or with unknown names', () => {
    expect(() => Roles()).toThrow(/at least one/);
    expect(() => Scopes()).toThrow(/at least one/);
    expect(() => Roles('root' as Role)).toThrow(/unknown role/);
    expect(() => Scopes('everything' as never)).toThrow(/unknown scope/);
  });
});
