import type { ErrorKey } from '@buergeramt/ui';
import {
  CITY_MAX_LENGTH,
  isPersonName,
  NAME_MAX_LENGTH,
  normalizeName,
  PHONE_MAX_LENGTH,
  PHONE_PATTERN,
  POSTAL_CODE_MAX_LENGTH,
  POSTAL_CODE_PATTERN,
  STREET_MAX_LENGTH,
} from '@buergeramt/contracts';
/**
 * The profile form's checks in the browser: the same limits identity applies (services/identity,
 * `accounts/dto/fields.ts`), so most mistakes are explained before a request. Each check returns the key
 * of a message under `account.errors` (or null when fine); identity's own answer (422 with field errors)
 * still decides. The checks of e-mail address, password and TOTP code are the library's (`@buergeramt/ui`,
 * shared with the back office).
 */

/** A given or family name (`field` names the messages: `<field>Required`, `…TooLong`, `…Shape`). */
function checkName(value: string, field: 'givenName' | 'familyName'): ErrorKey | null {
  const name = normalizeName(value);
  if (!name) return `${field}Required`;
  if (name.length > NAME_MAX_LENGTH) return `${field}TooLong`;
  return isPersonName(name) ? null : `${field}Shape`;
}

export function checkGivenName(value: string): ErrorKey | null {
  return checkName(value, 'givenName');
}

export function checkFamilyName(value: string): ErrorKey | null {
  return checkName(value, 'familyName');
}

/** Optional: empty is fine. */
export function checkPhone(value: string): ErrorKey | null {
  const phone = value.trim();
  if (!phone) return null;
  if (phone.length > PHONE_MAX_LENGTH) return 'phoneTooLong';
  return PHONE_PATTERN.test(phone) ? null : 'phoneFormat';
}

export interface AddressInput {
  street: string;
  postalCode: string;
  city: string;
}

/** Optional as a whole; once one part is given, all three are needed. */
export function checkAddress(address: AddressInput): Partial<Record<keyof AddressInput, ErrorKey>> {
  const street = address.street.trim();
  const postalCode = address.postalCode.trim();
  const city = address.city.trim();
  if (!street && !postalCode && !city) return {};
  const errors: Partial<Record<keyof AddressInput, ErrorKey>> = {};
  if (!street) errors.street = 'streetRequired';
  else if (street.length > STREET_MAX_LENGTH) errors.street = 'streetTooLong';
  if (!postalCode) errors.postalCode = 'postalCodeRequired';
  else if (postalCode.length > POSTAL_CODE_MAX_LENGTH || !POSTAL_CODE_PATTERN.test(postalCode)) {
    errors.postalCode = 'postalCodeFormat';
  }
  if (!city) errors.city = 'cityRequired';
  else if (city.length > CITY_MAX_LENGTH) errors.city = 'cityTooLong';
  return errors;
}
