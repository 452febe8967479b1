import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { NotifyModule } from '../notify/notify.module';
import { ApplicationsConsumer } from './applications.consumer';

/** Application events → mails to the case's owner and the feedback request after a decision. */
@Module({ imports: [NotifyModule, FeedbackModule], providers: [ApplicationsConsumer] })
export class ApplicationsModule {}
