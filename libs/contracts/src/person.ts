/**
 * The rules of a person's profile fields, shared by identity (which enforces them) and the web apps (which
 * explain them before a request): one definition, so the browser never accepts what identity refuses.
 */
export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;
export const PHONE_MAX_LENGTH = 40;
export const STREET_MAX_LENGTH = 200;
export const POSTAL_CODE_MAX_LENGTH = 20;
export const CITY_MAX_LENGTH = 100;

/**
 * A telephone number as people write it: an optional leading `+`, then digits, spaces and `( ) / - .`,
 * with 5 to 20 digits in all (`+49 711 12345-0`, `0711 / 123 456`, `(0711) 12 34 56`). No letters, no
 * extension words: enough for a clerk to call back, nothing more is checked.
 */
export const PHONE_PATTERN = /^(?=(?:\D*\d){5,20}\D*$)\+?[0-9 ()/.-]+$/;
/** A postal code of any country (`73728`, `SW1A 1AA`, `1010`): Latin letters, digits, spaces, hyphens. */
export const POSTAL_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 -]*$/;

/**
 * A person's name as it goes into official mails' greetings, so it can carry no message of its own:
 * words of letters (any script, with their combining marks) joined by one space, hyphen or apostrophe, or
 * by a dot with an optional space (`J. R.`, `Jr.`); no digits, no `@`, no `:` or `/`, and no dot directly
 * followed by two letters (`example.org`), so neither links, addresses nor telephone numbers fit.
 */
const NAME_SHAPE = /^\p{L}[\p{L}\p{M}]*(?:(?:[ '’-]|\. ?)\p{L}[\p{L}\p{M}]*)*\.?$/u;
const DOMAIN_LIKE = /\.\p{L}{2}/u;

/** A name as stored: trimmed, NFC, every run of white space one space. */
export function normalizeName(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** Whether `value` (normalised) is acceptable as a given or family name. */
export function isPersonName(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    value.length <= NAME_MAX_LENGTH &&
    NAME_SHAPE.test(value) &&
    !DOMAIN_LIKE.test(value)
  );
}
