import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { FeedbackModule } from '../feedback/feedback.module';
import { InboxModule } from '../inbox/inbox.module';
import { NotifyModule } from '../notify/notify.module';
import { PreferencesModule } from '../preferences/preferences.module';
import { RecipientsModule } from '../recipients/recipients.module';
import { RemindersModule } from '../reminders/reminders.module';
import { AccountsConsumer } from './accounts.consumer';
import { ErasureService } from './erasure.service';

/**
 * Identity events: account mails, the recipient read model, and erasure, which reaches into every
 * feature's table (so it imports them; none of them imports this module).
 */
@Module({
  imports: [
    RecipientsModule,
    PreferencesModule,
    InboxModule,
    DeliveriesModule,
    FeedbackModule,
    RemindersModule,
    NotifyModule,
  ],
  providers: [AccountsConsumer, ErasureService],
})
export class AccountsModule {}
