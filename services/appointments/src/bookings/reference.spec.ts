import { newReference, normaliseReference, REFERENCE_INPUT } from './reference';

describe('booking references', () => {
  it('are T- and eight characters without look-alikes', () => {
    for (let i = 0; i < 200; i++) expect(newReference()).toMatch(/^T-[A-HJ-NP-Z2-9]{8}$/);
  });

  it('are found however people type them', () => {
    for (const typed of [
      'T-7KQ2M9XA',
      't-7kq2m9xa',
      '7KQ2M9XA',
      ' T 7KQ2 M9XA ',
      'T7KQ2-M9XA',
      'T--7KQ2M9XA',
    ])
      expect(normaliseReference(typed)).toBe('T-7KQ2M9XA');
    // a reference whose code begins with T keeps it
    expect(normaliseReference('TKQ2M9XA')).toBe('T-TKQ2M9XA');
    expect(normaliseReference('T-TKQ2M9XA')).toBe('T-TKQ2M9XA');
  });

  it('refuses what cannot be one', () => {
    for (const typed of ['', 'T-', 'T-7KQ2M9X', 'T-7KQ2M9XAB', 'X-7KQ2M9XA', 'T-7KQ2M9X!', "T-7KQ2M9X'"]) {
      expect(REFERENCE_INPUT.test(typed)).toBe(false);
      expect(normaliseReference(typed)).toBeNull();
    }
  });
});
