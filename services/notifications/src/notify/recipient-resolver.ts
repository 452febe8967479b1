import type { Locale } from '@buergeramt/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { tableOf } from '../common/sql';
import { effectiveLocale } from '../preferences/effective-locale';
import { PreferenceEntity } from '../preferences/preference.entity';
import { ErasedUserEntity } from '../recipients/erased-user.entity';
import { RecipientEntity } from '../recipients/recipient.entity';
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

/** What is known of a person with an account, read in one statement: erased, preferences, profile. */
export interface KnownPerson {
  erased: boolean;
  preference: { emailEnabled: boolean; locale: Locale | null } | null;
  recipient: { email: string; givenName: string; locale: Locale } | null;
}

interface KnownPersonRow {
  erased: boolean;
  email_enabled: boolean | null;
  preferred_locale: Locale | null;
  email: string | null;
  given_name: string | null;
  locale: Locale | null;
}

@Injectable()
export class RecipientResolver {
  /**
   * Whether the person was erased, their mail preferences and their profile (the recipient read model), in
   * one statement: a mail is decided for every appointment and application event, so this is on the path
   * of every booking.
   */
  async lookup(manager: EntityManager, userId: string): Promise<KnownPerson> {
    const [row] = await manager.query<KnownPersonRow[]>(
      `SELECT EXISTS (SELECT 1 FROM ${tableOf(manager, ErasedUserEntity)} WHERE "user_id" = $1) AS "erased",
              p."email_enabled", p."locale" AS "preferred_locale", r."email", r."given_name", r."locale"
         FROM (SELECT $1::uuid AS "user_id") AS person
         LEFT JOIN ${tableOf(manager, PreferenceEntity)} AS p ON p."user_id" = person."user_id"
         LEFT JOIN ${tableOf(manager, RecipientEntity)} AS r ON r."user_id" = person."user_id"`,
      [userId],
    );
    return {
      erased: row?.erased === true,
      preference:
        row?.email_enabled === null || row?.email_enabled === undefined
          ? null
          : { emailEnabled: row.email_enabled, locale: row.preferred_locale },
      recipient:
        row?.email === null || row?.email === undefined
          ? null
          : { email: row.email, givenName: row.given_name ?? '', locale: row.locale ?? 'de' },
    };
  }

  /** Where and how a mail of `kind` goes; `known` is what `lookup` said of `to.userId`, if read already. */
  async resolve(
    manager: EntityManager,
    to: Addressee,
    kind: MailKind,
    known?: KnownPerson,
  ): Promise<Resolution> {
    const person = to.userId ? (known ?? (await this.lookup(manager, to.userId))) : null;
    const preference = person?.preference ?? null;
    let email: string;
    let name: string | null;
    let locale: Locale;
    if (to.address) {
      ({ email, name, locale } = to.address);
    } else {
      const recipient = person?.recipient;
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
