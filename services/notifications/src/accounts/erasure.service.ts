import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { FeedbackRequestsRepository } from '../feedback/feedback-requests.repository';
import { personKey } from '../feedback/feedback-tokens';
import { InboxRepository } from '../inbox/inbox.repository';
import { PreferencesRepository } from '../preferences/preferences.repository';
import { RecipientsRepository } from '../recipients/recipients.repository';
import { AppointmentStatesRepository } from '../reminders/appointment-states.repository';
import { ReminderScheduler } from '../reminders/reminder.scheduler';
import { ErasedUsersRepository } from './erased-users.repository';

/**
 * identity.account-deleted: everything this service holds about the person goes (inbox, preferences,
 * delivery log, recipient profile, their appointments and reminders, the feedback limit). Only the id is
 * kept, so that late events about the person are ignored instead of storing data again.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly erased: ErasedUsersRepository,
    private readonly inbox: InboxRepository,
    private readonly preferences: PreferencesRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly recipients: RecipientsRepository,
    private readonly appointments: AppointmentStatesRepository,
    private readonly feedback: FeedbackRequestsRepository,
    private readonly reminders: ReminderScheduler,
  ) {}

  async erase(manager: EntityManager, userId: string): Promise<void> {
    await this.erased.add(manager, userId);
    await this.inbox.deleteForUser(manager, userId);
    await this.preferences.delete(manager, userId);
    await this.deliveries.deleteForUser(manager, userId);
    await this.recipients.delete(manager, userId);
    await this.feedback.delete(manager, personKey({ userId }));
    const appointmentIds = await this.appointments.deleteForUser(manager, userId);
    // a reminder job whose row is gone finds nothing to send; removing it keeps the queue clean
    for (const id of appointmentIds) await this.reminders.remove(id);
  }
}
