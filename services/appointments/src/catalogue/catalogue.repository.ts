import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { CatalogueServiceEntity } from './catalogue-service.entity';

@Injectable()
export class CatalogueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Applies a change unless a newer one was applied already (events of one service may arrive out of
   * order). Returns whether it changed the row.
   */
  async upsertIfNewer(manager: EntityManager, row: CatalogueServiceEntity): Promise<boolean> {
    const result: unknown[] = await manager.query(
      `INSERT INTO catalogue_services
         (service_id, slug, name, appointment_required, online_application, active, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (service_id) DO UPDATE SET
         slug = EXCLUDED.slug, name = EXCLUDED.name, appointment_required = EXCLUDED.appointment_required,
         online_application = EXCLUDED.online_application, active = EXCLUDED.active,
         changed_at = EXCLUDED.changed_at
       WHERE catalogue_services.changed_at <= EXCLUDED.changed_at
       RETURNING service_id`,
      [
        row.serviceId,
        row.slug,
        JSON.stringify(row.name),
        row.appointmentRequired,
        row.onlineApplication,
        row.active,
        row.changedAt,
      ],
    );
    return result.length > 0;
  }

  find(
    serviceId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CatalogueServiceEntity | null> {
    return manager.findOneBy(CatalogueServiceEntity, { serviceId });
  }

  findMany(serviceIds: readonly string[]): Promise<CatalogueServiceEntity[]> {
    if (serviceIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.findBy(CatalogueServiceEntity, { serviceId: In([...serviceIds]) });
  }
}
