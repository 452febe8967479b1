import { describe, expect, it } from 'vitest';
import { changeOf, monthsIn, perMonth, savingsOf, savingsPerCase, slope } from './costModel';

// the applications service's own test case (services/applications/test/digitalisation.spec.ts)
const MODEL = {
  counterStaffMinutes: 15,
  onlineStaffMinutes: 6,
  counterResidentMinutes: 75,
  onlineResidentMinutes: 15,
  staffHourlyRate: 60,
};

describe('the cost model (Standardkostenmodell)', () => {
  it('gives the savings of one online case: staff minutes, their euros, the resident’s minutes', () => {
    expect(savingsPerCase(MODEL)).toEqual({ staffMinutes: 9, staffEuros: 9, residentMinutes: 60 });
    expect(savingsPerCase({ ...MODEL, staffHourlyRate: 58.5, onlineStaffMinutes: 10 })).toEqual({
      staffMinutes: 5,
      staffEuros: 4.88, // 5/60 × 58.50 = 4.875
      residentMinutes: 60,
    });
    // an online case that costs the office more shows as a negative saving, not as zero
    expect(savingsPerCase({ ...MODEL, onlineStaffMinutes: 20 }).staffMinutes).toBe(-5);
  });

  it('sums cases as the API does (0.3 h, 18 €, 2 h for two cases)', () => {
    expect(savingsOf(MODEL, 2)).toEqual({ staffHours: 0.3, staffEuros: 18, residentHours: 2 });
    expect(savingsOf(MODEL, 0)).toEqual({ staffHours: 0, staffEuros: 0, residentHours: 0 });
  });

  it('turns a period’s total into an average per month', () => {
    expect(monthsIn(365.25)).toBe(12);
    expect(perMonth(120, 365.25)).toBe(10);
    expect(perMonth(100, 30.4375)).toBe(100);
    expect(perMonth(1000, 91, 2)).toBe(334.48);
    expect(perMonth(5, 0)).toBe(0);
  });

  it('compares with the previous period: difference, percent and direction', () => {
    expect(changeOf(12, 8)).toEqual({ difference: 4, percent: 50, trend: 'up' });
    expect(changeOf(0.4, 0.5)).toEqual({ difference: -0.1, percent: -20, trend: 'down' });
    expect(changeOf(3, 3)).toEqual({ difference: 0, percent: 0, trend: 'same' });
    expect(changeOf(3, 0)).toEqual({ difference: 3, percent: null, trend: 'up' });
    expect(changeOf(null, 3)).toEqual({ difference: null, percent: null, trend: 'none' });
    expect(changeOf(2, undefined).trend).toBe('none');
  });

  it('finds the trend of a series, skipping months without a figure', () => {
    expect(slope([10, 20, 30])).toBe(10);
    expect(slope([30, null, 10])).toBe(-10);
    expect(slope([5])).toBeNull();
    expect(slope([4, 4, 4])).toBe(0);
  });
});
