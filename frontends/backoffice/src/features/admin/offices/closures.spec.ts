import { describe, expect, it } from 'vitest';
import { checkClosureForm, closureBody, effectKey, emptyClosure } from './closures';

describe('the closure form', () => {
  it('a whole day needs only a date; the body carries no times', () => {
    const form = { ...emptyClosure(), date: '2026-12-24', starts: '10:00' };
    expect(checkClosureForm(form)).toEqual({});
    expect(closureBody(form)).toEqual({ date: '2026-12-24', reasonPublic: false });
  });

  it('part of a day needs both times, the end after the start', () => {
    const form = { ...emptyClosure(), date: '2026-12-24', partial: true };
    expect(checkClosureForm(form)).toEqual({ starts: 'timeRequired', ends: 'timeRequired' });
    expect(checkClosureForm({ ...form, starts: '12:00', ends: '9:00' })).toEqual({ ends: 'timeFormat' });
    expect(checkClosureForm({ ...form, starts: '12:00', ends: '11:00' })).toEqual({
      ends: 'endsBeforeStarts',
    });
    const ok = { ...form, starts: '12:00', ends: '18:00', reason: ' Betriebsausflug ', reasonPublic: true };
    expect(checkClosureForm(ok)).toEqual({});
    expect(closureBody(ok)).toEqual({
      date: '2026-12-24',
      starts: '12:00',
      ends: '18:00',
      reason: 'Betriebsausflug',
      reasonPublic: true,
    });
  });

  it('refuses a missing or malformed date and a long reason', () => {
    expect(checkClosureForm(emptyClosure())).toEqual({ date: 'dateRequired' });
    expect(checkClosureForm({ ...emptyClosure(), date: '24.12.2026', reason: 'x'.repeat(201) })).toEqual({
      date: 'dateFormat',
      reason: 'reasonTooLong',
    });
  });

  it('a preview stays valid while date and times are the same (the reason does not matter)', () => {
    const form = { ...emptyClosure(), date: '2026-12-24' };
    expect(effectKey({ ...form, reason: 'x' })).toBe(effectKey(form));
    expect(effectKey({ ...form, date: '2026-12-23' })).not.toBe(effectKey(form));
    expect(effectKey({ ...form, partial: true, starts: '10:00', ends: '12:00' })).not.toBe(effectKey(form));
  });
});
