import { describe, expect, it } from 'vitest';
import { ApiProblem } from '@buergeramt/api-client';
import { looksLikeReference, refusalKey } from './tickets';

const problem = (status: number, type: string) => new ApiProblem({ type, title: type, status });

describe('the kiosk’s refusals', () => {
  it('names each refusal of a ticket in its own words', () => {
    expect(refusalKey(problem(404, 'not-found'), 'check-in')).toBe('kiosk.refusals.notFound');
    expect(refusalKey(problem(409, 'not-today'), 'check-in')).toBe('kiosk.refusals.notToday');
    expect(refusalKey(problem(409, 'already-checked-in'), 'check-in')).toBe(
      'kiosk.refusals.alreadyCheckedIn',
    );
    expect(refusalKey(problem(409, 'appointment-not-active'), 'check-in')).toBe('kiosk.refusals.notActive');
    expect(refusalKey(problem(422, 'validation-failed'), 'check-in')).toBe('kiosk.refusals.referenceFormat');
    expect(refusalKey(problem(409, 'location-closed'), 'walk-in')).toBe('kiosk.refusals.closed');
    expect(refusalKey(problem(409, 'day-full'), 'walk-in')).toBe('kiosk.refusals.dayFull');
    expect(refusalKey(problem(403, 'location-not-assigned'), 'walk-in')).toBe('kiosk.refusals.notAllowed');
  });

  it('leaves the rest to the general sentences (a walk-in has no reference to blame)', () => {
    expect(refusalKey(problem(404, 'not-found'), 'walk-in')).toBeNull();
    expect(refusalKey(problem(0, 'network-error'), 'check-in')).toBeNull();
    expect(refusalKey(problem(502, 'unexpected-answer'), 'walk-in')).toBeNull();
    expect(refusalKey(new Error('boom'), 'walk-in')).toBeNull();
  });

  it('takes a reference as people type it', () => {
    for (const typed of ['T-7KQ2M9XA', 't-7kq2m9xa', '7KQ2M9XA', 'T 7KQ2 M9XA', ' t7kq2-m9xa ']) {
      expect(looksLikeReference(typed)).toBe(true);
    }
    for (const typed of ['', 'T-7KQ2', '7KQ2M9XA1', 'T-7KQ2M9X!', 'X-7KQ2M9XA']) {
      expect(looksLikeReference(typed)).toBe(false);
    }
  });
});
