import type { AddressInfo } from 'node:net';
import { defined, waitFor } from '@buergeramt/testing';
import { OfficeRepository } from '../src/office/office.repository';
import { DisplayClient } from './support/display-client';
import { Harness, type SetUpLocation } from './support/harness';

const DAY = '2026-11-30'; // a Monday
const at = (hhmm: string): string => `${DAY}T${hhmm}:00+01:00`;

describe('the waiting-room display when two calls commit out of order', () => {
  let h: Harness;
  let loc: SetUpLocation;
  let port: number;

  beforeAll(async () => {
    h = await Harness.boot({ DISPLAY_HEARTBEAT_SECONDS: '1' });
    await h.service.app.listen({ port: 0, host: '127.0.0.1' });
    port = (h.service.app.getHttpServer().address() as AddressInfo).port;
    h.setNow(at('07:00'));
    loc = await h.setUpLocation({ counters: 2, hours: [[1, '08:00', '16:00']], minLeadMinutes: 0 });
    h.setNow(at('09:00'));
  });

  afterAll(async () => {
    await h?.close();
  });

  it('shows a call whose transaction began first even when a later one is quicker to commit', async () => {
    const clerk = h.staff('clerk', [loc.id]).token;
    const walkIn = async (): Promise<{ id: string; number: string }> => {
      const res = await h.request('POST', '/tickets', {
        token: clerk,
        body: { locationId: loc.id, serviceId: loc.serviceId },
      });
      expect(res.statusCode).toBe(201);
      return res.json();
    };
    const first = await walkIn();
    await walkIn();
    const screen = await DisplayClient.open(port, loc.id);

    // a call (as a recall does) whose transaction stays open: it drew its id first
    const slow = h.dataSource.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    let called = false;
    try {
      await h.get(OfficeRepository).insertCall(slow.manager, {
        locationId: loc.id,
        ticketId: first.id,
        number: first.number,
        counterName: 'Schalter 1',
        recall: true,
        calledAt: new Date(at('09:00')),
      });
      // meanwhile a clerk calls the next ticket at the other counter: it waits for the first call
      const fast = h
        .request('POST', `/locations/${loc.id}/counters/${loc.counterIds[1]}/call-next`, { token: clerk })
        .then((res) => {
          called = true;
          return res;
        });
      await new Promise((r) => setTimeout(r, 500));
      expect(called).toBe(false);
      await slow.commitTransaction();
      expect((await fast).statusCode).toBe(200);
    } finally {
      if (slow.isTransactionActive) await slow.rollbackTransaction();
      await slow.release();
    }

    await waitFor(() => screen.calls().length === 2, { message: 'both calls on the display' });
    const calls = screen.calls();
    expect(calls.map((c) => c.number)).toEqual([first.number, 'A002']);
    const [earlier, later] = calls;
    expect(BigInt(defined(earlier).id) < BigInt(defined(later).id)).toBe(true);
    screen.close();
  });
});
