import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { PersistenceModule } from '../persistence.module';
import { FeedbackService } from './feedback.service';

@Module({
  imports: [PersistenceModule, MailModule],
  providers: [FeedbackService],
  exports: [FeedbackService],
})
export class FeedbackModule {}
