import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RecipientsModule } from '../recipients/recipients.module';
import { PreferenceEntity } from './preference.entity';
import { PreferencesController } from './preferences.controller';
import { PreferencesRepository } from './preferences.repository';
import { PreferencesService } from './preferences.service';

/** A person's notification preferences (e-mail on or off, language): their table and their API. */
@Module({
  imports: [TypeOrmModule.forFeature([PreferenceEntity]), RecipientsModule],
  controllers: [PreferencesController],
  providers: [PreferencesRepository, PreferencesService],
  exports: [PreferencesRepository],
})
export class PreferencesModule {}
