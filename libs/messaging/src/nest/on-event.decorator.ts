import type { DomainEvent, EventType } from '@buergeramt/contracts';
import type { EntityManager } from 'typeorm';

export const ON_EVENT_METADATA = 'buergeramt:messaging:on-event';

export interface OnEventOptions {
  /**
   * The handler's stable name in the inbox; default `ClassName.methodName`. Set it when renaming a
   * class or method, so that redelivered events are still recognised.
   */
  consumer?: string;
}

export interface OnEventMetadata {
  type: EventType;
  consumer?: string;
}

/** The signature an event handler method must have for events of type `T`. */
export type EventHandlerMethod<T extends EventType> = (
  event: DomainEvent<T>,
  manager: EntityManager,
) => Promise<unknown>;

/**
 * Marks a provider method as the handler of events of `type`. It runs inside the transaction that records
 * the event in the inbox; make every database change through `manager` so that both commit together:
 *
 *     @OnEvent('identity.account-deleted')
 *     async forget(event: DomainEvent<'identity.account-deleted'>, manager: EntityManager) { ... }
 *
 * The payload type follows the event type: a method whose first parameter is another event's type does
 * not compile. Throwing makes the event retry; after the last attempt it stays in the failed set.
 */
export function OnEvent<T extends EventType>(type: T, options: OnEventOptions = {}) {
  return <M extends EventHandlerMethod<T>>(
    _target: object,
    _propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    const method = descriptor.value;
    if (typeof method !== 'function') throw new Error('@OnEvent decorates methods only');
    const existing = (Reflect.getMetadata(ON_EVENT_METADATA, method) as OnEventMetadata[] | undefined) ?? [];
    Reflect.defineMetadata(ON_EVENT_METADATA, [...existing, { type, consumer: options.consumer }], method);
  };
}

export function getOnEventMetadata(method: unknown): OnEventMetadata[] {
  if (typeof method !== 'function') return [];
  return (Reflect.getMetadata(ON_EVENT_METADATA, method) as OnEventMetadata[] | undefined) ?? [];
}
