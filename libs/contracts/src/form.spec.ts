import { formOptionKey } from './form';

describe('formOptionKey', () => {
  it('keys strings as they are and numbers as JSON writes them; other values have no label', () => {
    expect(formOptionKey('self')).toBe('self');
    expect(formOptionKey(2)).toBe('2');
    expect(formOptionKey(2.5)).toBe('2.5');
    expect(formOptionKey(true)).toBeUndefined();
    expect(formOptionKey(null)).toBeUndefined();
    expect(formOptionKey({ a: 1 })).toBeUndefined();
  });
});
