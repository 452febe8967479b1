import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { FeedbackRequestsRepository } from '../feedback/feedback-requests.repository';
import { personKey } from '../feedback/feedback-tokens';
import { InboxRepository } from '../inbox/inbox.repository';
import { PreferencesRepository } from '../preferences/preferences.repository';
import { ErasedUsersRepository } from '../recipients/erased-users.repository';
import { RecipientsRepository } from '../recipients/recipients.repository';
import { AppointmentStatesRepository } from '../reminders/appointment-states.repository';

/**
 * identity.account-deleted: everything this service holds about the person goes (inbox, preferences,
 * delivery log, recipient profile, their appointments, the feedback limit). Only the id is kept, so that
 * late events about the person are ignored instead of storing data again. A reminder job of a deleted
 * appointment finds no appointment when it runs and sends nothing.
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
  ) {}

  async erase(manager: EntityManager, userId: string): Promise<void> {
    await this.erased.add(manager, userId);
    await this.inbox.deleteForUser(manager, userId);
    await this.preferences.delete(manager, userId);
    await this.deliveries.deleteForUser(manager, userId);
    await this.recipients.delete(manager, userId);
    await this.feedback.delete(manager, personKey({ userId }));
    await this.appointments.deleteForUser(manager, userId);
  }
}
