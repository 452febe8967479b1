import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { PersistenceModule } from '../persistence.module';
import { QueuesModule } from '../queues/queues.module';
import { ReminderScheduler } from './reminder.scheduler';
import { RemindersProcessor } from './reminders.processor';

/** Reminders 24 h before an appointment: delayed jobs with deterministic ids and their processor. */
@Module({
  imports: [PersistenceModule, QueuesModule, MailModule],
  providers: [ReminderScheduler, RemindersProcessor],
  exports: [ReminderScheduler],
})
export class RemindersModule {}
