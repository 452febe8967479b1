import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { LocationsModule } from '../locations/locations.module';
import { SlotsModule } from '../slots/slots.module';
import { AccountsConsumer } from './accounts.consumer';
import { AppointmentsController } from './appointments.controller';
import { AppointmentsRepository } from './appointments.repository';
import { AppointmentEvents } from './appointment-events';
import { AppointmentsService } from './appointments.service';
import { ExpiryJobs } from './expiry.jobs';

@Module({
  imports: [LocationsModule, CatalogueModule, SlotsModule],
  controllers: [AppointmentsController],
  providers: [AppointmentsRepository, AppointmentsService, AppointmentEvents, ExpiryJobs, AccountsConsumer],
  exports: [AppointmentsRepository, AppointmentsService, AppointmentEvents],
})
export class BookingsModule {}
