import {
  decodeCursor,
  decodeKeyedCursor,
  decodeTimeIdCursor,
  encodeCursor,
  encodeKeyedCursor,
  toKeyedPage,
  toPage,
} from './pagination';

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

  describe('keyed cursors (lists not ordered by id)', () => {
    const at = '2026-12-08T07:15:00.000Z';

    it('round-trips the sort keys of its own list', () => {
      expect(decodeKeyedCursor(encodeKeyedCursor('catalogue', [40]), 'catalogue', 1)).toEqual([40]);
      expect(decodeTimeIdCursor(encodeKeyedCursor('past', [at, id]), 'past')).toEqual({
        at: new Date(at),
        id,
      });
      expect(decodeKeyedCursor(undefined, 'past', 2)).toBeUndefined();
    });

    it('refuses a cursor of another list, an id cursor, a wrong arity or wrong keys with a 422', () => {
      const refused = expect.objectContaining({ errors: [expect.objectContaining({ field: 'cursor' })] });
      expect(() => decodeTimeIdCursor(encodeKeyedCursor('upcoming', [at, id]), 'past')).toThrow(refused);
      expect(() => decodeTimeIdCursor(encodeCursor(id), 'past')).toThrow(refused);
      expect(() => decodeKeyedCursor(encodeKeyedCursor('past', [at]), 'past', 2)).toThrow(refused);
      expect(() => decodeTimeIdCursor(encodeKeyedCursor('past', ['yesterday', id]), 'past')).toThrow(refused);
      expect(() => decodeTimeIdCursor(encodeKeyedCursor('past', [at, 'x']), 'past')).toThrow(refused);
      expect(() => decodeCursor(encodeKeyedCursor('past', [at, id]))).toThrow(refused);
    });

    it('makes the next cursor from the last row of the page', () => {
      const rows = [
        { t: 1, id: 'a' },
        { t: 2, id: 'b' },
        { t: 3, id: 'c' },
      ];
      const keys = (r: { t: number; id: string }) => [r.t, r.id];
      expect(toKeyedPage(rows, 2, 'l', (r) => r.id, keys)).toEqual({
        items: ['a', 'b'],
        nextCursor: encodeKeyedCursor('l', [2, 'b']),
      });
      expect(toKeyedPage(rows, 3, 'l', (r) => r.id, keys).nextCursor).toBeNull();
    });
  });
});
