import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { NotifyModule } from '../notify/notify.module';
import { RemindersModule } from '../reminders/reminders.module';
import { AppointmentsConsumer } from './appointments.consumer';

/** Appointment events → the appointment's state and reminder, its mails and the feedback request. */
@Module({
  imports: [RemindersModule, NotifyModule, FeedbackModule],
  providers: [AppointmentsConsumer],
})
export class AppointmentsModule {}
