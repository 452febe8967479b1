import { Module } from '@nestjs/common';
import { LocationsModule } from '../locations/locations.module';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({ imports: [LocationsModule], controllers: [StatsController], providers: [StatsService] })
export class StatsModule {}
