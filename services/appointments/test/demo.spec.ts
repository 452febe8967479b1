import { defined } from '@buergeramt/testing';
import { DEMO_LOCATION_IDS, DEMO_SERVICE_IDS } from '@buergeramt/contracts';
import { SeedService } from '../src/seed/seed.service';
import { Harness } from './support/harness';

describe('demo data (DEMO_SEED=true)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.boot({ DEMO_SEED: 'true' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it("seeds Esslingen's offices under the shared demo ids, marked as demo, once", async () => {
    const list = await h.request('GET', '/locations');
    const items = list.json<{ items: { id: string; name: string; serviceIds: string[] }[] }>().items;
    expect(items.map((l) => l.id).sort()).toEqual(Object.values(DEMO_LOCATION_IDS).sort());
    expect(items.every((l) => l.name.includes('Demo'))).toBe(true);
    const innenstadt = items.find((l) => l.id === DEMO_LOCATION_IDS['buergeramt-innenstadt'])!;
    expect(innenstadt.serviceIds).toContain(DEMO_SERVICE_IDS.personalausweis);
    const [row] = await h.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${h.table('locations')} WHERE demo`,
    );
    const { n } = defined(row, 'the count');
    expect(n).toBe(3);
    // other services learn of the offices from the seed's events, once each
    const announced = await h.outbox('location.changed');
    expect(announced.map((e) => e.subject).sort()).toEqual(Object.values(DEMO_LOCATION_IDS).sort());
    expect(announced.find((e) => e.subject === innenstadt.id)?.data.serviceIds).toEqual(
      [...innenstadt.serviceIds].sort(),
    );
    expect(await h.get(SeedService).seedDemo()).toBe(0);
    expect(await h.outbox('location.changed')).toHaveLength(3);
  });

  it('offers slots for the catalogue ids before any catalogue event arrived', async () => {
    const today = new Date();
    const from = new Date(today.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(today.getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
    const slots = await h.slots(DEMO_SERVICE_IDS.reisepass, null, from, to);
    expect(slots.length).toBeGreaterThan(0);
  });
});
