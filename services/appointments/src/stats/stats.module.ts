import { Module } from '@nestjs/common';
import { LocationsModule } from '../locations/locations.module';
import { SlotsModule } from '../slots/slots.module';
import { CheckService } from './check.service';
import { LeadTimeSnapshots } from './lead-time.snapshots';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({
  imports: [LocationsModule, SlotsModule],
  controllers: [StatsController],
  providers: [StatsService, CheckService, LeadTimeSnapshots],
  exports: [LeadTimeSnapshots],
})
export class StatsModule {}
