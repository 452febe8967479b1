import { isPersonName, normalizeName } from '@buergeramt/contracts';
import type { StaffRoleName } from '../api';

/** The staff roles, least first. */
export const STAFF_ROLES: readonly StaffRoleName[] = ['clerk', 'supervisor', 'admin'];

/** The URL's query parameter of the role filter; its values are German words (`?rolle=leitung`). */
export const ROLE_PARAM = 'rolle';
const ROLE_WORDS: Record<string, StaffRoleName> = {
  sachbearbeitung: 'clerk',
  leitung: 'supervisor',
  administration: 'admin',
};

/** The word of a role in the URL (the same in both languages, so a shared link works). */
export const roleWord = (role: StaffRoleName): string =>
  Object.keys(ROLE_WORDS).find((word) => ROLE_WORDS[word] === role) ?? role;

/** The role a `?rolle=` value stands for (in either spelling: the word or the API's name), or null. */
export function roleFromQuery(value: unknown): StaffRoleName | null {
  const text = (Array.isArray(value) ? value[0] : value) as string | null | undefined;
  if (typeof text !== 'string') return null;
  const word = text.trim().toLowerCase();
  return ROLE_WORDS[word] ?? (STAFF_ROLES.includes(word as StaffRoleName) ? (word as StaffRoleName) : null);
}

/** The staff form's roles → the API's: each checked role (at least one). */
export function checkedRoles(checked: readonly string[]): StaffRoleName[] {
  return STAFF_ROLES.filter((role) => checked.includes(role));
}

/**
 * The check of a given or family name, as identity makes it (the same rule from @buergeramt/contracts):
 * the message key under `admin.staff.errors`, or null when the name is fine.
 */
export function nameProblem(value: string, field: 'givenName' | 'familyName'): string | null {
  const name = normalizeName(value);
  if (!name) return `${field}Required`;
  return isPersonName(name) ? null : `${field}Invalid`;
}
