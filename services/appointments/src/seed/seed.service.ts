import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { v5 as uuidv5 } from 'uuid';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { LocationEvents } from '../locations/location-events';
import { AppointmentsConfig } from '../config';
import {
  CounterEntity,
  LocationEntity,
  LocationServiceEntity,
  OpeningHoursEntity,
} from '../locations/location.entities';
import { DEMO_LOCATIONS, demoServiceId } from './demo-locations';
import { Clock } from '@buergeramt/platform';

/** Namespace of the demo's derived ids (counters, hours), so that a second seed finds the same rows. */
const DEMO_NAMESPACE = '3b8a4a3e-6f0c-4c55-9d7e-2a1f3f1d6a10';

/**
 * DEMO_SEED=true: Esslingen's offices with counters, hours and offered services (DEMO_LOCATION_IDS,
 * DEMO_SERVICE_IDS), marked `demo`, idempotently and under an advisory lock so that replicas seed once.
 * The catalogue names arrive later through `catalogue.service-changed`; the offers do not wait for them.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Appointments');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppointmentsConfig,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: LocationEvents,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.DEMO_SEED) await this.seedDemo();
  }

  /** Creates the demo locations that do not exist yet; returns how many it created. */
  async seedDemo(): Promise<number> {
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['appointments:seed']);
      let count = 0;
      for (const demo of DEMO_LOCATIONS) {
        if (await manager.findOneBy(LocationEntity, { id: demo.id })) continue;
        const now = this.clock.now();
        await manager.insert(LocationEntity, {
          id: demo.id,
          name: demo.name,
          street: demo.street,
          postalCode: demo.postalCode,
          city: demo.city,
          slotIntervalMinutes: 10,
          bookingWindowDays: null,
          minLeadMinutes: null,
          walkInsEnabled: true,
          active: true,
          demo: true,
          createdAt: now,
          updatedAt: now,
        });
        await manager.insert(
          CounterEntity,
          demo.counters.map((name) => ({
            id: uuidv5(`${demo.id}:counter:${name}`, DEMO_NAMESPACE),
            locationId: demo.id,
            name,
            active: true,
            createdAt: now,
          })),
        );
        await manager.insert(
          OpeningHoursEntity,
          demo.hours.map(([weekday, opens, closes]) => ({
            id: uuidv5(`${demo.id}:hours:${weekday}:${opens}`, DEMO_NAMESPACE),
            locationId: demo.id,
            weekday,
            opens,
            closes,
          })),
        );
        await manager.insert(
          LocationServiceEntity,
          demo.services.map((s) => ({
            locationId: demo.id,
            serviceId: demoServiceId(s.slug),
            durationMinutes: s.durationMinutes,
            maxFutureBookingsPerPerson: s.maxFutureBookingsPerPerson,
            counterIds: null,
            updatedAt: now,
          })),
        );
        await this.audit.record(manager, {
          actor: 'system',
          action: 'demo.seeded',
          targetType: 'location',
          targetId: demo.id,
        });
        await this.events.changed(manager, demo.id, null);
        count += 1;
      }
      return count;
    });
    if (created > 0)
      this.logger.warn(`DEMO_SEED: created ${created} demo location(s) of Esslingen; never in production`);
    return created;
  }
}
