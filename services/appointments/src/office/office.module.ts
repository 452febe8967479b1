import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { KiosksModule } from '../kiosks/kiosks.module';
import { LocationsModule } from '../locations/locations.module';
import { SlotsModule } from '../slots/slots.module';
import { AgendaService } from './agenda.service';
import { DisplayHub } from './display.hub';
import { OfficeController, TicketsController } from './office.controller';
import { OfficeDay } from './office-day';
import { OfficeRepository } from './office.repository';
import { OfficeService } from './office.service';
import { TicketViews } from './ticket-views';

@Module({
  imports: [LocationsModule, CatalogueModule, SlotsModule, BookingsModule, KiosksModule],
  controllers: [TicketsController, OfficeController],
  providers: [OfficeRepository, OfficeDay, OfficeService, AgendaService, TicketViews, DisplayHub],
  exports: [OfficeService],
})
export class OfficeModule {}
