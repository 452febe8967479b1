import type { DomainEvent } from '@buergeramt/contracts';
import { OnEvent } from '@buergeramt/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotifyService } from '../notify/notify.service';
import { PreferencesRepository } from '../preferences/preferences.repository';
import { ErasedUsersRepository } from '../recipients/erased-users.repository';
import { RecipientsRepository } from '../recipients/recipients.repository';
import type { MailRequestOf } from '../templates/mail-kinds';
import { ErasureService } from './erasure.service';

type AccountMailKind = 'email-verification' | 'password-reset' | 'staff-invitation' | 'account-locked';
type AccountMail = { [K in AccountMailKind]: MailRequestOf<K> }[AccountMailKind];

type IdentityMailEvent = DomainEvent<
  | 'identity.email-verification-requested'
  | 'identity.password-reset-requested'
  | 'identity.staff-invited'
  | 'identity.account-locked'
>;

/**
 * Identity events: the account mails (sent to the address the event names, in its language), the
 * recipient read model (profile-changed, refreshed by every account mail event), and erasure.
 */
@Injectable()
export class AccountsConsumer {
  constructor(
    private readonly notify: NotifyService,
    private readonly recipients: RecipientsRepository,
    private readonly preferences: PreferencesRepository,
    private readonly erased: ErasedUsersRepository,
    private readonly erasure: ErasureService,
  ) {}

  @OnEvent('identity.email-verification-requested')
  async verificationRequested(
    event: DomainEvent<'identity.email-verification-requested'>,
    manager: EntityManager,
  ): Promise<void> {
    const { token, expiresAt, alreadyRegistered } = event.data;
    await this.accountMail(manager, event, {
      kind: 'email-verification',
      params: { token, expiresAt, alreadyRegistered },
    });
  }

  @OnEvent('identity.password-reset-requested')
  async passwordResetRequested(
    event: DomainEvent<'identity.password-reset-requested'>,
    manager: EntityManager,
  ): Promise<void> {
    const { token, expiresAt } = event.data;
    await this.accountMail(manager, event, { kind: 'password-reset', params: { token, expiresAt } });
  }

  @OnEvent('identity.staff-invited')
  async staffInvited(event: DomainEvent<'identity.staff-invited'>, manager: EntityManager): Promise<void> {
    const { token, expiresAt, roles } = event.data;
    await this.accountMail(manager, event, { kind: 'staff-invitation', params: { token, expiresAt, roles } });
  }

  @OnEvent('identity.account-locked')
  async accountLocked(event: DomainEvent<'identity.account-locked'>, manager: EntityManager): Promise<void> {
    await this.accountMail(manager, event, {
      kind: 'account-locked',
      params: { lockedUntil: event.data.lockedUntil },
    });
  }

  /** The read model; mails that waited for this person go out now. */
  @OnEvent('identity.profile-changed')
  async profileChanged(
    event: DomainEvent<'identity.profile-changed'>,
    manager: EntityManager,
  ): Promise<void> {
    const { userId, email, givenName, familyName, locale } = event.data;
    await this.refreshRecipient(manager, event, { userId, email, givenName, familyName, locale });
  }

  @OnEvent('identity.account-deleted')
  async accountDeleted(
    event: DomainEvent<'identity.account-deleted'>,
    manager: EntityManager,
  ): Promise<void> {
    await this.erasure.erase(manager, event.data.userId);
  }

  private async accountMail(
    manager: EntityManager,
    event: IdentityMailEvent,
    mail: AccountMail,
  ): Promise<void> {
    const { userId, email, givenName, locale } = event.data;
    await this.refreshRecipient(manager, event, { userId, email, givenName, familyName: null, locale });
    await this.notify.notify(manager, {
      ...mail,
      dedupeKey: `event:${event.id}:${mail.kind}`,
      to: { userId, address: { email, name: givenName || null, locale } },
      event: { id: event.id, type: event.type },
    });
  }

  private async refreshRecipient(
    manager: EntityManager,
    event: DomainEvent,
    data: Parameters<RecipientsRepository['upsert']>[1],
  ): Promise<void> {
    await this.recipients.lockPerson(manager, data.userId);
    if (await this.erased.isErased(manager, data.userId)) return;
    const outcome = await this.recipients.upsert(manager, data, event.occurredAt);
    if (!outcome.applied) return;
    // a new language chosen in the profile wins over the one chosen in the preferences before
    if (outcome.previousLocale !== null && outcome.previousLocale !== data.locale) {
      await this.preferences.clearLocale(manager, data.userId);
    }
    await this.notify.releasePending(manager, data.userId);
  }
}
