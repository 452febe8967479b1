import { Module } from '@nestjs/common';
import { PersistenceModule } from '../persistence.module';
import { TemplatesModule } from '../templates/templates.module';
import { MailHousekeeping } from './mail.housekeeping';
import { MailJobs } from './mail.jobs';
import { Mailer } from './mailer';
import { NotifyService } from './notify.service';
import { RecipientResolver } from './recipient-resolver';

/**
 * From "notify this person" to the SMTP server: the notify service (delivery-log row and mail job in the
 * caller's transaction), the mail job's handler, the mailer, and the delivery log's upkeep.
 */
@Module({
  imports: [PersistenceModule, TemplatesModule],
  providers: [NotifyService, RecipientResolver, MailJobs, MailHousekeeping, Mailer],
  exports: [NotifyService],
})
export class MailModule {}
