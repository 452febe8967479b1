import type { Locale } from '@buergeramt/contracts';

/**
 * The language of a person's mails: the one chosen in the notification preferences, else the profile's.
 */
export function effectiveLocale(
  preference: Locale | null | undefined,
  profile: Locale | null | undefined,
): Locale {
  return preference ?? profile ?? 'de';
}
