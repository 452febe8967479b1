import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useWorkplaceStore, WORKPLACE_KEY } from './workplace';

/** The store as a new page load of this device finds it. */
const reload = () => {
  setActivePinia(createPinia());
  return useWorkplaceStore();
};
const stored = () => JSON.parse(window.localStorage.getItem(WORKPLACE_KEY) ?? 'null') as unknown;

describe('the workplace of this device', () => {
  beforeEach(() => window.localStorage.clear());

  it('has nothing chosen at first', () => {
    const workplace = reload();
    expect(workplace.chosen).toBe(false);
    expect(workplace.locationId).toBeNull();
    expect(workplace.keepLocations(['a'])).toBe(false);
  });

  it('remembers location and counter on the device, across page loads and people', () => {
    reload().choose('innenstadt', 'schalter-2');
    expect(stored()).toEqual({ locationId: 'innenstadt', counterId: 'schalter-2' });
    const next = reload();
    expect(next.chosen).toBe(true);
    expect([next.locationId, next.counterId]).toEqual(['innenstadt', 'schalter-2']);
    next.choose('innenstadt', 'schalter-3');
    expect(reload().counterId).toBe('schalter-3');
  });

  it('drops a remembered location the person may not work at (or that is gone), with its counter', () => {
    reload().choose('innenstadt', 'schalter-2');
    const workplace = reload();
    expect(workplace.keepLocations(['innenstadt', 'zell'])).toBe(true);
    expect(workplace.chosen).toBe(true);
    expect(workplace.keepLocations(['zell'])).toBe(false);
    expect(workplace.locationId).toBeNull();
    expect(workplace.counterId).toBeNull();
    expect(stored()).toBeNull();
  });

  it('drops a remembered counter that is gone or switched off, and keeps the location', () => {
    reload().choose('innenstadt', 'schalter-2');
    const workplace = reload();
    expect(workplace.keepCounters([{ id: 'schalter-2', active: true }])).toBe(true);
    expect(workplace.keepCounters([{ id: 'schalter-2', active: false }])).toBe(false);
    expect(workplace.locationId).toBe('innenstadt');
    expect(workplace.counterId).toBeNull();
    expect(workplace.chosen).toBe(false);
    expect(stored()).toEqual({ locationId: 'innenstadt', counterId: null });
  });

  it('ignores what it cannot read, and forgets on request', () => {
    window.localStorage.setItem(WORKPLACE_KEY, '{kaputt');
    expect(reload().chosen).toBe(false);
    window.localStorage.setItem(WORKPLACE_KEY, JSON.stringify({ locationId: 7 }));
    expect(reload().locationId).toBeNull();
    const workplace = reload();
    workplace.choose('zell', 'schalter-1');
    workplace.forget();
    expect(workplace.chosen).toBe(false);
    expect(stored()).toBeNull();
  });
});
