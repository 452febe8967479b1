import { Module } from '@nestjs/common';
import { ErasedUsersRepository } from './accounts/erased-users.repository';
import { DeliveriesRepository } from './deliveries/deliveries.repository';
import { FeedbackRequestsRepository } from './feedback/feedback-requests.repository';
import { InboxRepository } from './inbox/inbox.repository';
import { PreferencesRepository } from './preferences/preferences.repository';
import { RecipientsRepository } from './recipients/recipients.repository';
import { AppointmentStatesRepository } from './reminders/appointment-states.repository';

const REPOSITORIES = [
  RecipientsRepository,
  PreferencesRepository,
  DeliveriesRepository,
  InboxRepository,
  AppointmentStatesRepository,
  FeedbackRequestsRepository,
  ErasedUsersRepository,
];

/**
 * The repositories of every feature (each lives in its feature's folder). One module, so that feature
 * modules can use each other's tables without import cycles; each service injects only what it needs.
 */
@Module({ providers: REPOSITORIES, exports: REPOSITORIES })
export class PersistenceModule {}
