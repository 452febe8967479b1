import { DEMO_SERVICE_IDS, type EventPayloads } from '@buergeramt/contracts';
import { v4 as uuidv4 } from 'uuid';
import { Harness, MELDEBESCHEINIGUNG } from './support/harness';
import { defined } from '@buergeramt/testing';

interface Office {
  locationId: string;
  name: string;
  servedLast30Days: number | null;
  waitingMinutesToday: number | null;
  medianWaitingMinutes30Days: number | null;
}

const MINUTE = 60_000;

describe('offices from the appointments service (location.changed, ticket.completed)', () => {
  let h: Harness;
  const mitte = uuidv4();
  const zell = uuidv4();

  beforeAll(async () => {
    h = await Harness.boot();
  });

  afterAll(async () => {
    await h?.close();
  });

  const location = (
    locationId: string,
    name: string,
    serviceIds: string[],
    active = true,
  ): EventPayloads['location.changed'] => ({
    locationId,
    name,
    address: 'Ritterstraße 17, 73728 Esslingen am Neckar',
    active,
    serviceIds,
  });

  const served = (
    locationId: string,
    completedAt: Date,
    waitMinutes: number,
  ): EventPayloads['ticket.completed'] => ({
    ticketId: uuidv4(),
    locationId,
    serviceId: DEMO_SERVICE_IDS.personalausweis,
    kind: 'walk_in',
    arrivedAt: new Date(completedAt.getTime() - (waitMinutes + 10) * MINUTE).toISOString(),
    calledAt: new Date(completedAt.getTime() - 10 * MINUTE).toISOString(),
    completedAt: completedAt.toISOString(),
    waitMinutes,
    serviceMinutes: 10,
  });

  const offices = async (): Promise<Office[]> =>
    (await h.inject('/transparency')).json<{ offices: Office[] }>().offices;

  it('lists the active locations offering a service on its page, newest event winning', async () => {
    const now = Date.now();
    await h.feed(
      'location.changed',
      location(mitte, 'Bürgeramt Mitte', [MELDEBESCHEINIGUNG]),
      'appointments',
      new Date(now - 1000),
    );
    await h.feed('location.changed', location(zell, 'Bürgeramt Zell', [MELDEBESCHEINIGUNG]), 'appointments');
    // an older state of Mitte that arrives late changes nothing
    await h.feed(
      'location.changed',
      location(mitte, 'Altes Rathaus', []),
      'appointments',
      new Date(now - 60_000),
    );
    await h.drain();
    const page = (await h.inject('/services/meldebescheinigung')).json<{ locations: unknown[] }>();
    expect(page.locations).toEqual([
      { id: mitte, name: 'Bürgeramt Mitte', address: 'Ritterstraße 17, 73728 Esslingen am Neckar' },
      { id: zell, name: 'Bürgeramt Zell', address: 'Ritterstraße 17, 73728 Esslingen am Neckar' },
    ]);

    // Zell stops offering it, then closes
    await h.feed('location.changed', location(zell, 'Bürgeramt Zell', []), 'appointments');
    await h.drain();
    expect(
      (await h.inject('/services/meldebescheinigung')).json<{ locations: { id: string }[] }>().locations,
    ).toEqual([expect.objectContaining({ id: mitte })]);
    await h.feed('location.changed', location(zell, 'Bürgeramt Zell', [], false), 'appointments');
    await h.drain();
    expect((await offices()).map((o) => o.locationId)).toEqual([mitte]);
  });

  it('publishes waiting times per office only from 5 served tickets on, and counts a redelivery once', async () => {
    const now = new Date();
    expect(await offices()).toEqual([
      {
        locationId: mitte,
        name: 'Bürgeramt Mitte',
        servedLast30Days: null,
        waitingMinutesToday: null,
        medianWaitingMinutes30Days: null,
      },
    ]);

    // four served today, one of them delivered twice: still below the threshold
    const today = [4, 6, 8, 30].map((wait) => served(mitte, new Date(now.getTime() - MINUTE), wait));
    for (const ticket of today) await h.feed('ticket.completed', ticket, 'appointments');
    await h.feed('ticket.completed', defined(today[0]), 'appointments');
    await h.drain();
    expect((await offices())[0]).toMatchObject({ servedLast30Days: null, waitingMinutesToday: null });

    // a fifth today, and two ten days ago: 5 today, 7 in 30 days; one 40 days ago does not count
    await h.feed('ticket.completed', served(mitte, new Date(now.getTime() - 2 * MINUTE), 12), 'appointments');
    for (const wait of [50, 60])
      await h.feed(
        'ticket.completed',
        served(mitte, new Date(now.getTime() - 10 * 86_400_000), wait),
        'appointments',
      );
    await h.feed(
      'ticket.completed',
      served(mitte, new Date(now.getTime() - 40 * 86_400_000), 90),
      'appointments',
    );
    await h.drain();
    expect((await offices())[0]).toEqual({
      locationId: mitte,
      name: 'Bürgeramt Mitte',
      servedLast30Days: 7,
      waitingMinutesToday: 8, // median of 4, 6, 8, 12, 30
      medianWaitingMinutes30Days: 12, // median of 4, 6, 8, 12, 30, 50, 60
    });
  });

  it('leaves out offices that were deactivated or never announced, even when they served people', async () => {
    const now = Date.now();
    const closed = uuidv4();
    const unknown = uuidv4();
    await h.feed('location.changed', location(closed, 'Bürgeramt Alt', []), 'appointments');
    await h.drain();
    for (const at of [closed, unknown])
      for (const wait of [5, 6, 7, 8, 9])
        await h.feed('ticket.completed', served(at, new Date(now - 3 * MINUTE), wait), 'appointments');
    await h.drain();
    expect((await offices()).map((o) => o.name)).toEqual(['Bürgeramt Alt', 'Bürgeramt Mitte']);
    await h.feed('location.changed', location(closed, 'Bürgeramt Alt', [], false), 'appointments');
    await h.drain();
    const listed = await offices();
    expect(listed.map((o) => o.locationId)).toEqual([mitte]);
    expect(listed.every((o) => typeof o.name === 'string')).toBe(true);
  });
});
