import type { BookingContact } from './store';

export type ContactField = 'name' | 'email' | 'phone';

/** Why a field is not right, as a key under `booking.contact.errors`. */
export type ContactErrorKey =
  | 'nameRequired'
  | 'nameTooLong'
  | 'nameInvalid'
  | 'emailRequired'
  | 'emailInvalid'
  | 'emailTooLong'
  | 'phoneInvalid';

/** The same rules the API applies (ContactDto): name ≤ 200, e-mail ≤ 254, phone digits and + ( ) / - space. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^[+0-9 ()/-]{3,40}$/;

/** The problems of a guest's contact details, per field, in the order of the form. */
export function validateContact(contact: BookingContact): Partial<Record<ContactField, ContactErrorKey>> {
  const errors: Partial<Record<ContactField, ContactErrorKey>> = {};
  const name = contact.name.trim();
  const email = contact.email.trim();
  const phone = contact.phone.trim();
  if (!name) errors.name = 'nameRequired';
  else if (name.length > 200) errors.name = 'nameTooLong';
  if (!email) errors.email = 'emailRequired';
  else if (email.length > 254) errors.email = 'emailTooLong';
  else if (!EMAIL.test(email)) errors.email = 'emailInvalid';
  if (phone && !PHONE.test(phone)) errors.phone = 'phoneInvalid';
  return errors;
}

/**
 * The API's 422 field errors that belong to the contact step (`contact.email`, `/contact/email`, or
 * `contact` as a whole), as the form's own messages (the API's are English and technical).
 */
export function contactFieldErrors(
  fieldErrors: Record<string, string>,
): Partial<Record<ContactField, ContactErrorKey>> {
  const mapped: Partial<Record<ContactField, ContactErrorKey>> = {};
  for (const field of Object.keys(fieldErrors)) {
    const path = field.replace(/^\//, '').replace(/\//g, '.');
    if (path === 'contact.name') mapped.name = 'nameInvalid';
    else if (path === 'contact.phone') mapped.phone = 'phoneInvalid';
    else if (path === 'contact.email' || path === 'contact') mapped.email ??= 'emailInvalid';
    else if (path.startsWith('contact.')) mapped.name ??= 'nameInvalid';
  }
  return mapped;
}
