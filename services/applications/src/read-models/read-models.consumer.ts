import type { DomainEvent } from '@buergeramt/contracts';
import { OnEvent } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Read models built from other services' events: who a person is (names for decision letters, staff
 * roles for assignment), which document ids are valid attachments (owner and scan status), and which
 * offices there are and what they offer (service pages, transparency figures).
 */
@Injectable()
export class ReadModelsConsumer {
  @OnEvent('identity.profile-changed')
  async profileChanged(
    event: DomainEvent<'identity.profile-changed'>,
    manager: EntityManager,
  ): Promise<void> {
    const { userId, givenName, familyName, locale, roles } = event.data;
    // events of one account may arrive out of order: keep the newest
    await manager.query(
      `INSERT INTO people (user_id, given_name, family_name, locale, roles, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id) DO UPDATE SET given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name,
         locale = EXCLUDED.locale, roles = EXCLUDED.roles, updated_at = EXCLUDED.updated_at
       WHERE people.updated_at <= EXCLUDED.updated_at`,
      [userId, givenName, familyName, locale, roles, event.occurredAt],
    );
  }

  @OnEvent('document.status-changed')
  async documentStatus(event: DomainEvent<'document.status-changed'>, manager: EntityManager): Promise<void> {
    const { documentId, ownerId, status, mediaType } = event.data;
    await manager.query(
      `INSERT INTO known_documents (document_id, owner_id, status, media_type, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (document_id) DO UPDATE SET status = EXCLUDED.status, media_type = EXCLUDED.media_type,
         updated_at = EXCLUDED.updated_at
       WHERE known_documents.updated_at <= EXCLUDED.updated_at AND known_documents.status <> 'deleted'`,
      [documentId, ownerId, status, mediaType, event.occurredAt],
    );
  }

  @OnEvent('document.deleted')
  async documentDeleted(event: DomainEvent<'document.deleted'>, manager: EntityManager): Promise<void> {
    // a tombstone, so that a late status event cannot bring the id back
    await manager.query(
      `INSERT INTO known_documents (document_id, owner_id, status, updated_at) VALUES ($1, $2, 'deleted', $3)
       ON CONFLICT (document_id) DO UPDATE SET status = 'deleted', updated_at = EXCLUDED.updated_at`,
      [event.data.documentId, event.data.ownerId, event.occurredAt],
    );
    // drafts and cases awaiting the owner drop the id; submitted cases keep it (documents refuses that delete)
    await manager.query(
      `UPDATE applications SET document_ids = array_remove(document_ids, $1::uuid), updated_at = now()
       WHERE $1::uuid = ANY (document_ids) AND status IN ('draft', 'info_requested')`,
      [event.data.documentId],
    );
  }

  @OnEvent('location.changed')
  async locationChanged(event: DomainEvent<'location.changed'>, manager: EntityManager): Promise<void> {
    const { locationId, name, address, active, serviceIds } = event.data;
    // each event carries the whole state: the newest one wins, whatever the order of arrival
    await manager.query(
      `INSERT INTO office_locations (location_id, name, address, active, service_ids, updated_at)
       VALUES ($1, $2, $3, $4, $5::uuid[], $6)
       ON CONFLICT (location_id) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address,
         active = EXCLUDED.active, service_ids = EXCLUDED.service_ids, updated_at = EXCLUDED.updated_at
       WHERE office_locations.updated_at <= EXCLUDED.updated_at`,
      [locationId, name, address, active, serviceIds, event.occurredAt],
    );
  }
}
