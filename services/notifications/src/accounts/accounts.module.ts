import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { PersistenceModule } from '../persistence.module';
import { RemindersModule } from '../reminders/reminders.module';
import { AccountsConsumer } from './accounts.consumer';
import { ErasureService } from './erasure.service';

@Module({
  imports: [PersistenceModule, MailModule, RemindersModule],
  providers: [AccountsConsumer, ErasureService],
})
export class AccountsModule {}
