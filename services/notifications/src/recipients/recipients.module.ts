import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ErasedUserEntity } from './erased-user.entity';
import { ErasedUsersRepository } from './erased-users.repository';
import { RecipientEntity } from './recipient.entity';
import { RecipientsRepository } from './recipients.repository';

/**
 * Who people are: the recipient read model (identity's profiles) and the ids of deleted accounts, whose
 * late events store nothing again. A leaf: every feature that addresses a person builds on it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([RecipientEntity, ErasedUserEntity])],
  providers: [RecipientsRepository, ErasedUsersRepository],
  exports: [RecipientsRepository, ErasedUsersRepository],
})
export class RecipientsModule {}
