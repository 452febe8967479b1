import { isPersonName, normalizeName } from '@buergeramt/contracts';

/**
 * Names go into official mails only when they pass identity's rule for a person's name (`isPersonName`
 * of libs/contracts, the one definition). A name is whatever somebody typed at registration, into a guest
 * booking or at an OIDC provider, and rows from before identity restricted names are still around, so
 * one could carry a sentence with a link ("Erika, bitte bestätigen Sie unter https://…") into the greeting
 * of a mail the city signs. Such a name is left out: the mail greets neutrally ("Guten Tag," / "Hello,")
 * and the address line carries no display name.
 */
export function greetingName(name: string | null | undefined): string | null {
  if (!name) return null;
  const normalized = normalizeName(name);
  return normalized.length > 0 && isPersonName(normalized) ? normalized : null;
}
