import { actorRole, auditEntry } from './audit-log';

describe('actorRole (the role an audit entry records)', () => {
  it('is the highest staff role of a person, else their first role, else citizen', () => {
    expect(actorRole({ id: 'u', kind: 'user', roles: ['clerk', 'admin'] })).toBe('admin');
    expect(actorRole({ id: 'u', kind: 'user', roles: ['citizen'] })).toBe('citizen');
    expect(actorRole({ id: 'u', kind: 'user', roles: [] })).toBe('citizen');
  });

  it('is client, system or guest for those, and unknown for a person known only by id', () => {
    expect(actorRole({ id: 'c', kind: 'client' })).toBe('client');
    expect(actorRole('system')).toBe('system');
    expect(actorRole('guest')).toBe('guest');
    expect(actorRole({ id: 'u', kind: 'user' })).toBeNull();
  });

  it('is what an entry records unless the record names one', () => {
    const base = { action: 'x.done', targetType: 'x', targetId: null };
    expect(auditEntry({ ...base, actor: { id: 'u', kind: 'user', roles: ['supervisor'] } }).actorRole).toBe(
      'supervisor',
    );
    expect(auditEntry({ ...base, actor: 'system', actorRole: 'maintenance' }).actorRole).toBe('maintenance');
  });
});
