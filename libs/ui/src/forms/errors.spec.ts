import { describe, expect, it } from 'vitest';
import { errorSummaryItems, fieldErrorMap, fieldErrorText, unplacedErrors } from './errors';
import { germanTexts, testForm } from './testing';

const context = { locale: 'de' as const, texts: germanTexts };

describe('field errors', () => {
  it('maps a `{ field, message }` list (the browser’s or the server’s) by field, the first message wins', () => {
    expect(
      fieldErrorMap([
        { field: 'zone', message: 'ist ein Pflichtfeld' },
        { field: 'zone', message: 'ist keiner der erlaubten Werte' },
        { field: 'children[0].name', message: 'ist ein Pflichtfeld' },
      ]),
    ).toEqual({ zone: 'ist ein Pflichtfeld', 'children[0].name': 'ist ein Pflichtfeld' });
  });

  it('puts the field’s label in front of the message', () => {
    expect(fieldErrorText({ label: 'Geburtsdatum' }, 'ist ein Pflichtfeld')).toBe(
      'Geburtsdatum ist ein Pflichtfeld',
    );
    expect(fieldErrorText({ label: 'Kennzeichen: ' }, 'is required')).toBe('Kennzeichen is required');
  });

  it('lists the error summary in the form’s order, linking each field, entries named', () => {
    const errors = {
      'children[1].name': 'ist ein Pflichtfeld',
      zone: 'ist ein Pflichtfeld',
      'applicant.givenName': 'ist ein Pflichtfeld',
    };
    const values = { children: [{ name: 'Ida' }, {}] };
    expect(errorSummaryItems(testForm, values, errors, context)).toEqual([
      { fieldId: 'field-applicant-givenName', message: 'Vorname(n) ist ein Pflichtfeld' },
      { fieldId: 'field-zone', message: 'Bewohnerparkzone ist ein Pflichtfeld' },
      { fieldId: 'field-children-1-name', message: 'Kind 2: Name ist ein Pflichtfeld' },
    ]);
  });

  it('leaves errors on no shown field to the app: the data as a whole, objects, hidden or unknown fields', () => {
    const errors = {
      '(form)': 'ist ungültig',
      applicant: 'ist ein Pflichtfeld',
      holderName: 'ist ein Pflichtfeld',
      zone: 'ist ein Pflichtfeld',
    };
    expect(unplacedErrors(testForm, { vehicleHolder: 'self' }, errors, context)).toEqual([
      { field: '(form)', message: 'ist ungültig' },
      { field: 'applicant', message: 'ist ein Pflichtfeld' },
      { field: 'holderName', message: 'ist ein Pflichtfeld' },
    ]);
    expect(errorSummaryItems(testForm, { vehicleHolder: 'self' }, errors, context)).toEqual([
      { fieldId: 'field-zone', message: 'Bewohnerparkzone ist ein Pflichtfeld' },
    ]);
  });
});
