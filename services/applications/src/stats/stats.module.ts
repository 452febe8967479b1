import { Module } from '@nestjs/common';
import { FiguresRepository } from './figures.repository';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({
  controllers: [StatsController],
  providers: [StatsService, FiguresRepository],
  exports: [FiguresRepository],
})
export class StatsModule {}
