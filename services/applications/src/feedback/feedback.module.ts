import { Module } from '@nestjs/common';
import { StatsModule } from '../stats/stats.module';
import { FeedbackConsumer } from './feedback.consumer';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';

@Module({
  imports: [StatsModule],
  controllers: [FeedbackController],
  providers: [FeedbackService, FeedbackConsumer],
})
export class FeedbackModule {}
