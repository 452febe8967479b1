import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { MailModule } from '../mail/mail.module';
import { ApplicationsConsumer } from './applications.consumer';

@Module({ imports: [MailModule, FeedbackModule], providers: [ApplicationsConsumer] })
export class ApplicationsModule {}
