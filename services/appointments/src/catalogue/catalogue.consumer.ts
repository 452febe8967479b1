import type { DomainEvent } from '@buergeramt/contracts';
import { OnEvent } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CatalogueRepository } from './catalogue.repository';

/**
 * Keeps the read model of the catalogue (ids, names, active) from the applications service's events. A
 * location may offer a service before its first event arrives: slots and bookings then work, names are
 * missing until the event comes; a service the catalogue marks inactive can no longer be booked.
 */
@Injectable()
export class CatalogueConsumer {
  constructor(private readonly catalogue: CatalogueRepository) {}

  @OnEvent('catalogue.service-changed')
  async serviceChanged(
    event: DomainEvent<'catalogue.service-changed'>,
    manager: EntityManager,
  ): Promise<void> {
    const { data } = event;
    await this.catalogue.upsertIfNewer(manager, {
      serviceId: data.serviceId,
      slug: data.slug,
      name: data.name,
      appointmentRequired: data.appointmentRequired,
      onlineApplication: data.onlineApplication,
      active: data.active,
      changedAt: new Date(event.occurredAt),
    });
  }
}
