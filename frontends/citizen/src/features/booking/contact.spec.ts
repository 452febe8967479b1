import { describe, expect, it } from 'vitest';
import { contactFieldErrors, validateContact } from './contact';

describe('the contact details of a guest', () => {
  it('needs a name and an e-mail address in the right format; the phone is optional', () => {
    expect(validateContact({ name: ' ', email: '', phone: '' })).toEqual({
      name: 'nameRequired',
      email: 'emailRequired',
    });
    expect(validateContact({ name: 'Erika', email: 'erika@example', phone: '' })).toEqual({
      email: 'emailInvalid',
    });
    expect(validateContact({ name: 'Erika', email: 'erika example.org', phone: '' })).toEqual({
      email: 'emailInvalid',
    });
    expect(validateContact({ name: 'Erika', email: 'erika@example.org', phone: '' })).toEqual({});
    expect(
      validateContact({ name: 'Erika', email: 'erika@example.org', phone: '+49 (711) 123-45/6' }),
    ).toEqual({});
    expect(validateContact({ name: 'Erika', email: 'erika@example.org', phone: 'abends' })).toEqual({
      phone: 'phoneInvalid',
    });
    expect(validateContact({ name: 'x'.repeat(201), email: 'erika@example.org', phone: '' })).toEqual({
      name: 'nameTooLong',
    });
  });

  it('maps the API’s field errors onto the form’s fields', () => {
    expect(
      contactFieldErrors({
        'contact.email': 'must be an e-mail address',
        '/contact/phone': 'must be a phone number',
        start: 'must be an ISO 8601 date-time with offset',
      }),
    ).toEqual({ email: 'emailInvalid', phone: 'phoneInvalid' });
    expect(contactFieldErrors({ 'contact.name': 'should not be empty' })).toEqual({ name: 'nameInvalid' });
    expect(contactFieldErrors({ serviceId: 'is not offered at this location' })).toEqual({});
  });
});
