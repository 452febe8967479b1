import { type DynamicModule, Module } from '@nestjs/common';
import { MESSAGING_ENTITIES, MessagingModule } from '@buergeramt/messaging';
import { platformImports, type CreateAppOptions, AuditEntryEntity } from '@buergeramt/platform';
import { AuditModule } from './audit/audit.module';
import { AppointmentEntity, IdempotencyKeyEntity } from './bookings/appointment.entity';
import { BookingsModule } from './bookings/bookings.module';
import { CatalogueServiceEntity } from './catalogue/catalogue-service.entity';
import { CatalogueModule } from './catalogue/catalogue.module';
import { CommonModule } from './common/common.module';
import type { AppointmentsConfig } from './config';
import { HousekeepingModule } from './housekeeping/housekeeping.module';
import { KioskEntity } from './kiosks/kiosk.entity';
import { KiosksModule } from './kiosks/kiosks.module';
import {
  ClosureEntity,
  CounterEntity,
  LocationEntity,
  LocationServiceEntity,
  OpeningHoursEntity,
} from './locations/location.entities';
import { LocationsModule } from './locations/locations.module';
import { migrations } from './migrations';
import { OfficeModule } from './office/office.module';
import { CallEntity, TicketEntity, TicketNumberEntity } from './office/ticket.entities';
import { SeedModule } from './seed/seed.module';
import { SlotsModule } from './slots/slots.module';
import { StatsModule } from './stats/stats.module';

export const OPENAPI: CreateAppOptions = {
  title: 'Digitales Bürgeramt: appointments',
  description: 'Locations, opening hours, slots and bookings, walk-in tickets and the call-up display.',
};

export const APPOINTMENTS_ENTITIES = [
  LocationEntity,
  CounterEntity,
  OpeningHoursEntity,
  ClosureEntity,
  LocationServiceEntity,
  CatalogueServiceEntity,
  AppointmentEntity,
  IdempotencyKeyEntity,
  TicketEntity,
  TicketNumberEntity,
  CallEntity,
  AuditEntryEntity,
  KioskEntity,
];

@Module({})
export class AppModule {
  static register(config: AppointmentsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...platformImports('appointments', config, {
          entities: [...MESSAGING_ENTITIES, ...APPOINTMENTS_ENTITIES],
          migrations,
        }),
        MessagingModule.forRoot({
          service: 'appointments',
          redisUrl: config.REDIS_URL,
          queuePrefix: config.QUEUE_PREFIX,
        }),
        CommonModule,
        AuditModule,
        CatalogueModule,
        LocationsModule,
        KiosksModule,
        SlotsModule,
        BookingsModule,
        OfficeModule,
        StatsModule,
        HousekeepingModule,
        SeedModule,
      ],
    };
  }
}
