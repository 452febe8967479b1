import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotifyModule } from '../notify/notify.module';
import { FeedbackRequestEntity } from './feedback-request.entity';
import { FeedbackRequestsRepository } from './feedback-requests.repository';
import { FeedbackService } from './feedback.service';

/** Feedback requests after an appointment or a decision, at most one a week per person. */
@Module({
  imports: [TypeOrmModule.forFeature([FeedbackRequestEntity]), NotifyModule],
  providers: [FeedbackRequestsRepository, FeedbackService],
  exports: [FeedbackService, FeedbackRequestsRepository],
})
export class FeedbackModule {}
