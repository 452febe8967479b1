import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence.module';
import { QueuesModule } from '../queues/queues.module';
import { TemplatesModule } from '../templates/templates.module';
import { MailDispatcher } from './mail.dispatcher';
import { MailProcessor } from './mail.processor';
import { Mailer } from './mailer';
import { NotifyService } from './notify.service';
import { RecipientResolver } from './recipient-resolver';

/** From "notify this person" to the SMTP server: notify service, dispatcher, queue processor, mailer. */
@Module({
  imports: [PersistenceModule, QueuesModule, TemplatesModule],
  providers: [NotifyService, RecipientResolver, MailDispatcher, MailProcessor, Mailer],
  exports: [NotifyService],
})
export class MailModule {}
