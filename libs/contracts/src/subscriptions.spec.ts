import { ALL_EVENT_TYPES, EVENT_VERSIONS } from './events';
import { ALL_SERVICES, ROUTE_PREFIXES } from './services';
import { eventQueueName, JOB_QUEUES, jobQueueName, SUBSCRIPTIONS, subscribersOf } from './subscriptions';

describe('subscription table', () => {
  it('lists only known event types', () => {
    for (const service of ALL_SERVICES) {
      for (const type of SUBSCRIPTIONS[service]) {
        expect(EVENT_VERSIONS[type]).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('never subscribes a service to its own events', () => {
    for (const service of ALL_SERVICES) {
      for (const type of SUBSCRIPTIONS[service]) {
        const source = type.split('.')[0];
        expect([service, service.replace(/s$/, '')]).not.toContain(source);
      }
    }
  });

  it('names the subscribers of an event', () => {
    expect(subscribersOf('identity.account-deleted').sort()).toEqual(
      ['applications', 'appointments', 'documents', 'notifications'].sort(),
    );
    expect(subscribersOf('catalogue.service-changed')).toEqual(['appointments']);
  });

  it('has a version for every event type', () => {
    expect(ALL_EVENT_TYPES.length).toBe(Object.keys(EVENT_VERSIONS).length);
  });
});

describe('queue names', () => {
  it('are only those of the registry (JOB_QUEUES)', () => {
    expect(() => jobQueueName('identity', 'mail' as never)).toThrow(/not a job queue of identity/);
    for (const [service, purposes] of Object.entries(JOB_QUEUES)) {
      for (const purpose of purposes) {
        expect(jobQueueName(service as keyof typeof JOB_QUEUES, purpose as never)).toBe(
          `{${service}.${purpose}}`,
        );
      }
    }
  });

  it('carry a hash tag so a queue lives in one Redis Cluster slot', () => {
    expect(eventQueueName('documents')).toBe('{documents.events}');
    expect(jobQueueName('notifications', 'mail')).toBe('{notifications.mail}');
  });

  it('refuse a purpose that would break the key layout', () => {
    expect(() => jobQueueName('notifications', 'Mail:x' as never)).toThrow(/invalid queue purpose/);
  });
});

describe('route prefixes', () => {
  it('give every prefix to exactly one service', () => {
    const seen = new Map<string, string>();
    for (const service of ALL_SERVICES) {
      for (const prefix of ROUTE_PREFIXES[service]) {
        expect(seen.get(prefix)).toBeUndefined();
        seen.set(prefix, service);
        expect(prefix).toMatch(/^\/[a-z]/);
      }
    }
  });
});
