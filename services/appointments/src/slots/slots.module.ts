import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { LocationsModule } from '../locations/locations.module';
import { SlotPlanner } from './slot-planner';
import { SlotsController } from './slots.controller';
import { SlotsService } from './slots.service';

@Module({
  imports: [LocationsModule, CatalogueModule],
  controllers: [SlotsController],
  providers: [SlotPlanner, SlotsService],
  exports: [SlotPlanner],
})
export class SlotsModule {}
