import { describe, expect, it } from 'vitest';
import { hasRoleAtLeast, highestRole, ofWorkLocations, workLocations } from './access';

const locations = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

describe('what a person may see in the back office', () => {
  it('names the most powerful staff role, and none for a resident', () => {
    expect(highestRole({ roles: ['clerk'] })).toBe('clerk');
    expect(highestRole({ roles: ['clerk', 'admin', 'supervisor'] })).toBe('admin');
    expect(highestRole({ roles: ['citizen'] })).toBeNull();
    expect(highestRole(null)).toBeNull();
  });

  it('lets each role do what the ones below it may', () => {
    expect(hasRoleAtLeast({ roles: ['supervisor'] }, 'clerk')).toBe(true);
    expect(hasRoleAtLeast({ roles: ['clerk'] }, 'supervisor')).toBe(false);
    expect(hasRoleAtLeast({ roles: ['admin'] }, 'supervisor')).toBe(true);
    expect(hasRoleAtLeast({ roles: ['citizen'] }, 'clerk')).toBe(false);
  });

  it('offers a clerk their locations, and every location where identity names none', () => {
    expect(workLocations({ locationIds: ['b'] })).toEqual(['b']);
    expect(workLocations({})).toBeNull();
    expect(workLocations({ locationIds: [] })).toBeNull();
    expect(ofWorkLocations({ locationIds: ['b', 'x'] }, locations)).toEqual([{ id: 'b' }]);
    expect(ofWorkLocations({}, locations)).toEqual(locations);
  });
});
