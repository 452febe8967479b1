import type { DataSource } from 'typeorm';
import { EventConsumer, eventHandler } from './consumer';

const dataSource = { options: { schema: 'svc' } } as unknown as DataSource;
const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
const base = { dataSource, redisUrl: 'redis://unused', queuePrefix: 'unit', logger } as const;

describe('EventConsumer configuration', () => {
  it('accepts handlers of subscribed types and names the queue after the service', () => {
    const consumer = new EventConsumer({
      ...base,
      service: 'appointments',
      handlers: [
        eventHandler('identity.account-deleted', 'Forget.run', () => Promise.resolve()),
        eventHandler('catalogue.service-changed', 'Catalogue.sync', (event) =>
          Promise.resolve(event.data.slug),
        ),
      ],
    });
    expect(consumer.queueName).toBe('{appointments.events}');
    expect(consumer.handledTypes.sort()).toEqual(['catalogue.service-changed', 'identity.account-deleted']);
  });

  it('refuses a handler of an event the service does not subscribe to', () => {
    expect(
      () =>
        new EventConsumer({
          ...base,
          service: 'appointments',
          handlers: [eventHandler('application.decided', 'X.y', () => Promise.resolve())],
        }),
    ).toThrow(/appointments does not subscribe to it/);
  });

  it('refuses two handlers of one type with the same inbox name', () => {
    expect(
      () =>
        new EventConsumer({
          ...base,
          service: 'appointments',
          handlers: [
            eventHandler('identity.account-deleted', 'X.y', () => Promise.resolve()),
            eventHandler('identity.account-deleted', 'X.y', () => Promise.resolve()),
          ],
        }),
    ).toThrow(/share the consumer name "X.y"/);
  });

  it('refuses attempts outside 1..1000', () => {
    for (const attempts of [0, 1001, 1.5]) {
      expect(() => new EventConsumer({ ...base, service: 'identity', handlers: [], attempts })).toThrow(
        /attempts must be an integer/,
      );
    }
  });

  it('warns about subscribed types without handler, and fails such events for good', async () => {
    logger.warn.mockClear();
    const consumer = new EventConsumer({ ...base, service: 'appointments', handlers: [] });
    expect(logger.warn.mock.calls.map(([m]) => String(m))).toEqual([
      expect.stringContaining('"catalogue.service-changed" but has no handler'),
      expect.stringContaining('"identity.account-deleted" but has no handler'),
      expect.stringContaining('"identity.profile-changed" but has no handler'),
    ]);
    await expect(
      consumer.dispatch({
        id: 'e',
        type: 'identity.account-deleted',
        version: 1,
        occurredAt: '',
        source: 'identity',
        subject: 's',
        data: { userId: 'u' },
        traceId: null,
      }),
    ).rejects.toMatchObject({
      name: 'UnrecoverableError',
      message: 'appointments has no handler for "identity.account-deleted"',
    });
  });
});
