import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { DirectMail } from './direct-mail';
import { MailJobs } from './mail.jobs';
import { Mailer } from './mailer';

/**
 * The end of a mail's way: the SMTP mailer, the try right after the event's commit (`DirectMail`, used by
 * the notify service) and the mail job's handler (`@OnJob('mail')`) for everything that try leaves.
 */
@Module({
  imports: [DeliveriesModule],
  providers: [MailJobs, Mailer, DirectMail],
  exports: [DirectMail],
})
export class MailModule {}
