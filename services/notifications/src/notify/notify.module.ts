import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { InboxModule } from '../inbox/inbox.module';
import { MailModule } from '../mail/mail.module';
import { PreferencesModule } from '../preferences/preferences.module';
import { RecipientsModule } from '../recipients/recipients.module';
import { TemplatesModule } from '../templates/templates.module';
import { NotifyService } from './notify.service';
import { RecipientResolver } from './recipient-resolver';

/**
 * "This person should hear about X", in the caller's transaction: who and in which language, the inbox
 * entry, the rendered mail's delivery-log row and its mail job; `MailModule` sends the mail right after the
 * commit, or its `@OnJob('mail')` handler does.
 */
@Module({
  imports: [RecipientsModule, PreferencesModule, InboxModule, DeliveriesModule, TemplatesModule, MailModule],
  providers: [NotifyService, RecipientResolver],
  exports: [NotifyService],
})
export class NotifyModule {}
