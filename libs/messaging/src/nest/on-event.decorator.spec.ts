import type { DomainEvent } from '@buergeramt/contracts';
import type { EntityManager } from 'typeorm';
import { getOnEventMetadata, OnEvent } from './on-event.decorator';

class Handlers {
  @OnEvent('identity.account-deleted')
  async forget(event: DomainEvent<'identity.account-deleted'>, _manager: EntityManager): Promise<string> {
    return Promise.resolve(event.data.userId);
  }

  @OnEvent('document.deleted', { consumer: 'Docs.renamed' })
  @OnEvent('document.issued')
  async documents(event: DomainEvent<'document.deleted' | 'document.issued'>): Promise<string> {
    return Promise.resolve(event.data.documentId);
  }

  // @ts-expect-error the payload type must follow the event type
  @OnEvent('appointment.booked')
  async wrongType(_event: DomainEvent<'identity.account-deleted'>): Promise<void> {}

  // @ts-expect-error a handler returns a promise
  @OnEvent('identity.account-deleted')
  notAsync(_event: DomainEvent<'identity.account-deleted'>): void {}
}

describe('@OnEvent', () => {
  it('records the event types and inbox names on the method', () => {
    expect(getOnEventMetadata(Handlers.prototype.forget)).toEqual([
      { type: 'identity.account-deleted', consumer: undefined },
    ]);
    expect(getOnEventMetadata(Handlers.prototype.documents)).toEqual([
      { type: 'document.issued', consumer: undefined },
      { type: 'document.deleted', consumer: 'Docs.renamed' },
    ]);
    expect(getOnEventMetadata(() => undefined)).toEqual([]);
    expect(getOnEventMetadata('not a function')).toEqual([]);
  });
});
