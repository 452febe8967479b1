import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('cursor pagination', () => {
  const id = '01938a3e-7c1b-7e4a-9a6b-2f4c1d2e3f40';

  it('round-trips a cursor', () => {
    expect(decodeCursor(encodeCursor(id))).toBe(id);
    expect(decodeCursor(undefined)).toBeNull();
  });

  it('refuses a cursor it did not make with a 422 on the field', () => {
    for (const bad of ['x', Buffer.from(id).toString('base64url'), encodeCursor('not-a-uuid')]) {
      expect(() => decodeCursor(bad)).toThrow(
        expect.objectContaining({ errors: [expect.objectContaining({ field: 'cursor' })] }),
      );
    }
  });

  it('uses the extra row only to say that more exist', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(toPage(rows, 2, (r) => r.id)).toEqual({ items: ['a', 'b'], nextCursor: encodeCursor('b') });
    expect(toPage(rows, 3, (r) => r.id)).toEqual({ items: ['a', 'b', 'c'], nextCursor: null });
  });
});
