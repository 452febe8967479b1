import type { Locale } from '@buergeramt/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { effectiveLocale } from '../preferences/effective-locale';
import { PreferencesRepository } from '../preferences/preferences.repository';
import { RecipientsRepository } from '../recipients/recipients.repository';
import { ALWAYS_SENT, type MailKind } from '../templates/mail-kinds';
import { greetingName } from '../templates/person-name';

/**
 * Who a mail goes to: a person with an account, addressed through the recipient read model, or an
 * address the event carries (identity's mail events, guests' contact), with the account if there is one.
 */
export type Addressee =
  | { userId: string; address?: undefined }
  | { userId: string | null; address: { email: string; name: string | null; locale: Locale } };

export type Resolution =
  | { state: 'ready'; email: string; name: string | null; locale: Locale; hasAccount: boolean }
  /** the person's profile has not arrived yet */
  | { state: 'unknown' }
  /** the person switched optional mails off */
  | { state: 'opted-out'; locale: Locale }
  | { state: 'invalid'; reason: string };

const EMAIL =
  /^[^\s@<>(),;:"[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/** Whether `value` is a plain address we can hand to the SMTP server (no display name, no lists). */
export function isDeliverableAddress(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

@Injectable()
export class RecipientResolver {
  constructor(
    private readonly recipients: RecipientsRepository,
    private readonly preferences: PreferencesRepository,
  ) {}

  async resolve(manager: EntityManager, to: Addressee, kind: MailKind): Promise<Resolution> {
    const preference = to.userId ? await this.preferences.find(to.userId, manager) : null;
    let email: string;
    let name: string | null;
    let locale: Locale;
    if (to.address) {
      ({ email, name, locale } = to.address);
    } else {
      const recipient = await this.recipients.find(to.userId, manager);
      if (!recipient) return { state: 'unknown' };
      email = recipient.email;
      name = recipient.givenName || null;
      locale = effectiveLocale(preference?.locale, recipient.locale);
    }
    if (!ALWAYS_SENT[kind] && preference && !preference.emailEnabled) return { state: 'opted-out', locale };
    if (!isDeliverableAddress(email)) {
      return { state: 'invalid', reason: 'invalid-recipient: the address cannot be used for sending' };
    }
    // the name is printed in the greeting and beside the address (To:): only a plausible person's name
    return { state: 'ready', email, name: greetingName(name), locale, hasAccount: to.userId !== null };
  }
}
