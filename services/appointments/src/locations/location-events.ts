import { OutboxPublisher } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LocationEntity, LocationServiceEntity } from './location.entities';

/** A one-line address, for mails, calendar entries and other services' read models. */
export function addressLine(location: Pick<LocationEntity, 'street' | 'postalCode' | 'city'>): string {
  return `${location.street}, ${location.postalCode} ${location.city}`;
}

/**
 * `location.changed`, with the location's whole public state, in the transaction of every change to it
 * (and of the demo seed): other services keep their read model of the offices from these events alone.
 */
@Injectable()
export class LocationEvents {
  constructor(private readonly outbox: OutboxPublisher) {}

  async changed(manager: EntityManager, locationId: string, traceId: string | null): Promise<void> {
    const location = await manager.findOneByOrFail(LocationEntity, { id: locationId });
    const offers = await manager.find(LocationServiceEntity, {
      where: { locationId },
      order: { serviceId: 'ASC' },
    });
    await this.outbox.publish(
      manager,
      'location.changed',
      locationId,
      {
        locationId,
        name: location.name,
        address: addressLine(location),
        active: location.active,
        serviceIds: offers.map((o) => o.serviceId),
      },
      { traceId },
    );
  }
}
