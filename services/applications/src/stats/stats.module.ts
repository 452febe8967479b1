import { Module } from '@nestjs/common';
import { DigitalisationController } from './digitalisation.controller';
import { DigitalisationService } from './digitalisation.service';
import { FiguresRepository } from './figures.repository';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({
  controllers: [StatsController, DigitalisationController],
  providers: [StatsService, DigitalisationService, FiguresRepository],
  exports: [FiguresRepository, DigitalisationService],
})
export class StatsModule {}
