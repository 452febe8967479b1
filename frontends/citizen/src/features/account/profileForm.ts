import type { AppLocale, Profile, ProfileChanges } from './api';

/** The profile form as typed (all strings; the language may still be unchosen). */
export interface ProfileForm {
  givenName: string;
  familyName: string;
  phone: string;
  street: string;
  postalCode: string;
  city: string;
  locale: AppLocale | undefined;
}

export function profileForm(profile: Profile | null): ProfileForm {
  return {
    givenName: profile?.givenName ?? '',
    familyName: profile?.familyName ?? '',
    phone: profile?.phone ?? '',
    street: profile?.address?.street ?? '',
    postalCode: profile?.address?.postalCode ?? '',
    city: profile?.address?.city ?? '',
    locale: profile?.locale,
  };
}

export function sameForm(a: ProfileForm, b: ProfileForm): boolean {
  return (Object.keys(a) as (keyof ProfileForm)[]).every((key) => (a[key] ?? '') === (b[key] ?? ''));
}

/**
 * What `PATCH /me` gets from a valid form: trimmed values; an empty phone number or address is `null`
 * (identity then removes what it had).
 */
export function profileChanges(form: ProfileForm): ProfileChanges {
  const street = form.street.trim();
  const postalCode = form.postalCode.trim();
  const city = form.city.trim();
  return {
    givenName: form.givenName.trim(),
    familyName: form.familyName.trim(),
    phone: form.phone.trim() || null,
    address: street || postalCode || city ? { street, postalCode, city } : null,
    locale: form.locale,
  };
}
