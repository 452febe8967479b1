import { EVENT_VERSIONS, type EventType } from '@buergeramt/contracts';
import { createEvent } from './create-event';

describe('createEvent', () => {
  it('builds an envelope with a UUIDv7 id and the current version', () => {
    const occurredAt = new Date('2030-05-01T10:00:00Z');
    const event = createEvent(
      'identity.account-deleted',
      'user-1',
      { userId: 'user-1' },
      { source: 'identity', traceId: 'req-1', occurredAt },
    );
    expect(event).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      type: 'identity.account-deleted',
      version: EVENT_VERSIONS['identity.account-deleted'],
      occurredAt: '2030-05-01T10:00:00.000Z',
      source: 'identity',
      subject: 'user-1',
      data: { userId: 'user-1' },
      traceId: 'req-1',
    });
  });

  it('gives ids that sort by creation time and defaults traceId to null', () => {
    const ids = Array.from(
      { length: 50 },
      () =>
        createEvent('document.deleted', 'd', { documentId: 'd', ownerId: 'o' }, { source: 'documents' }).id,
    );
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(50);
    expect(
      createEvent('document.deleted', 'd', { documentId: 'd', ownerId: 'o' }, { source: 'documents' })
        .traceId,
    ).toBeNull();
  });

  it('refuses unknown event types', () => {
    expect(() =>
      createEvent('no.such-event' as EventType, 's', { userId: 'x' }, { source: 'identity' }),
    ).toThrow('unknown event type "no.such-event"');
  });

  it('types the payload after the event type', () => {
    // @ts-expect-error a payload of another event type does not compile
    createEvent('identity.account-deleted', 's', { documentId: 'd', ownerId: 'o' }, { source: 'identity' });
  });
});
