import { MESSAGING_ENTITIES } from '@buergeramt/messaging';
import { ErasedUserEntity } from './accounts/erased-user.entity';
import { DeliveryEntity } from './deliveries/delivery.entity';
import { FeedbackRequestEntity } from './feedback/feedback-request.entity';
import { NotificationEntity } from './inbox/notification.entity';
import { PreferenceEntity } from './preferences/preference.entity';
import { RecipientEntity } from './recipients/recipient.entity';
import { AppointmentStateEntity } from './reminders/appointment-state.entity';

/** Every TypeORM entity of the service (its tables come from the migrations, never from `synchronize`). */
export const ENTITIES = [
  ...MESSAGING_ENTITIES,
  RecipientEntity,
  PreferenceEntity,
  DeliveryEntity,
  NotificationEntity,
  AppointmentStateEntity,
  FeedbackRequestEntity,
  ErasedUserEntity,
];
