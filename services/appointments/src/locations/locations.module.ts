import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { AdminLocationsController, LocationsController } from './locations.controller';
import { BookingContexts } from './booking-contexts';
import { LocationsRepository } from './locations.repository';
import { LocationEvents } from './location-events';
import { LocationsService } from './locations.service';

@Module({
  imports: [CatalogueModule],
  controllers: [LocationsController, AdminLocationsController],
  providers: [LocationsRepository, LocationsService, LocationEvents, BookingContexts],
  exports: [LocationsRepository, LocationsService, LocationEvents, BookingContexts],
})
export class LocationsModule {}
