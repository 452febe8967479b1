import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { MailJobs } from './mail.jobs';
import { Mailer } from './mailer';

/** The end of a mail's way: the mail job's handler (`@OnJob('mail')`) and the SMTP mailer. */
@Module({
  imports: [DeliveriesModule],
  providers: [MailJobs, Mailer],
})
export class MailModule {}
