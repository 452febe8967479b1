import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PreferencesModule } from '../preferences/preferences.module';
import { RecipientsModule } from '../recipients/recipients.module';
import { TemplatesModule } from '../templates/templates.module';
import { InboxController } from './inbox.controller';
import { InboxRepository } from './inbox.repository';
import { InboxService } from './inbox.service';
import { NotificationEntity } from './notification.entity';

/** The in-app inbox: its entries (written by the notify service) and the API that reads them. */
@Module({
  imports: [
    TypeOrmModule.forFeature([NotificationEntity]),
    RecipientsModule,
    PreferencesModule,
    TemplatesModule,
  ],
  controllers: [InboxController],
  providers: [InboxRepository, InboxService],
  exports: [InboxRepository],
})
export class InboxModule {}
