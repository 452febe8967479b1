import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotifyModule } from '../notify/notify.module';
import { AppointmentStateEntity } from './appointment-state.entity';
import { AppointmentStatesRepository } from './appointment-states.repository';
import { ReminderJobs } from './reminder.jobs';
import { Reminders } from './reminders';

/**
 * Reminders 24 h before an appointment: what notifications knows of each appointment, the reminder job
 * written with that state (`Reminders`), and its handler (`ReminderJobs`), which notifies the person.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AppointmentStateEntity]), NotifyModule],
  providers: [AppointmentStatesRepository, Reminders, ReminderJobs],
  exports: [AppointmentStatesRepository, Reminders],
})
export class RemindersModule {}
