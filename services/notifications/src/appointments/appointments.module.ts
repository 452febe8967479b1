import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { MailModule } from '../mail/mail.module';
import { PersistenceModule } from '../persistence.module';
import { RemindersModule } from '../reminders/reminders.module';
import { AppointmentsConsumer } from './appointments.consumer';

@Module({
  imports: [PersistenceModule, MailModule, RemindersModule, FeedbackModule],
  providers: [AppointmentsConsumer],
})
export class AppointmentsModule {}
