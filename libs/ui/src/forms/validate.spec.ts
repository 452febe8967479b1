import { describe, expect, it } from 'vitest';
import { dogForm, testForm, validAnswers } from './testing';
import { isErrorOf, taskStatuses, validateForm, validateSection } from './validate';

const fields = (errors: { field: string }[]) => errors.map((error) => error.field);

describe('validateForm', () => {
  it('accepts valid answers', () => {
    expect(validateForm(testForm, validAnswers, 'de')).toEqual([]);
  });

  it('names every missing required field by its path, in German or English, as the server does', () => {
    expect(validateForm(testForm, {}, 'de')).toEqual(
      expect.arrayContaining([
        { field: 'applicant.givenName', message: 'ist ein Pflichtfeld' },
        { field: 'applicant.birthDate', message: 'ist ein Pflichtfeld' },
        { field: 'zone', message: 'ist ein Pflichtfeld' },
        { field: 'vehicleHolder', message: 'ist ein Pflichtfeld' },
      ]),
    );
    expect(validateForm(testForm, { ...validAnswers, applicant: { givenName: 'Erika' } }, 'en')).toEqual([
      { field: 'applicant.familyName', message: 'is required' },
      { field: 'applicant.birthDate', message: 'is required' },
    ]);
  });

  it('reports wrong formats, numbers and lengths with the server’s wording', () => {
    const errors = validateForm(
      testForm,
      {
        ...validAnswers,
        applicant: { ...validAnswers.applicant, birthDate: '31.2.2024', email: 'erika@localhost' },
        dogs: 'zwei',
        share: 2.5,
        postalCode: '7372',
        children: [{ name: '' }],
      },
      'de',
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'applicant.birthDate', message: 'hat nicht das Format date' },
        { field: 'applicant.email', message: 'hat nicht das Format email' },
        { field: 'dogs', message: 'hat den falschen Typ (erwartet: integer)' },
        { field: 'postalCode', message: 'hat nicht das erwartete Format' },
        { field: 'children[0].name', message: 'muss mindestens 1 Zeichen haben' },
      ]),
    );
    expect(errors).toHaveLength(5);
  });

  it('requires a conditionally required field only while it is shown, and never sends a hidden one', () => {
    expect(fields(validateForm(testForm, { ...validAnswers, vehicleHolder: 'company' }, 'de'))).toEqual([
      'holderName',
    ]);
    // a hidden field's (invalid) answer neither blocks nor is checked
    expect(validateForm(testForm, { ...validAnswers, holderName: '' }, 'de')).toEqual([]);
    expect(
      fields(
        validateForm(dogForm, { dog: { name: 'Bello', birthDate: '2023-01-15', dangerous: true } }, 'de'),
      ),
    ).toEqual(['dog.certificateNumber']);
  });

  it('takes an unticked checkbox as “no”, not as a missing answer', () => {
    expect(validateForm(dogForm, { dog: { name: 'Bello', birthDate: '2023-01-15' } }, 'de')).toEqual([]);
  });
});

describe('validateSection', () => {
  it('checks only the section’s shown fields, in its order', () => {
    expect(fields(validateSection(testForm, 'person', {}, 'de'))).toEqual([
      'applicant.givenName',
      'applicant.familyName',
      'applicant.birthDate',
    ]);
    expect(validateSection(testForm, 'more', {}, 'de')).toEqual([]);
    expect(fields(validateSection(testForm, 'vehicle', { vehicleHolder: 'other' }, 'de'))).toEqual([
      'zone',
      'holderName',
    ]);
    expect(validateSection(testForm, 'nope', {}, 'de')).toEqual([]);
  });

  it('counts the errors of a repeatable group’s entries as the group’s', () => {
    expect(isErrorOf('children', 'children[0].name')).toBe(true);
    expect(isErrorOf('children', 'childrenCount')).toBe(false);
    expect(validateSection(testForm, 'more', { children: [{}] }, 'en')).toEqual([
      { field: 'children[0].name', message: 'is required' },
    ]);
  });
});

describe('taskStatuses', () => {
  it('marks sections not started, in progress, complete, or with an error shown', () => {
    expect(taskStatuses(testForm, {})).toEqual({
      person: 'notStarted',
      vehicle: 'notStarted',
      more: 'complete',
    });
    const started = { applicant: { givenName: 'Erika' }, zone: 'Obertor', vehicleHolder: 'self' };
    expect(taskStatuses(testForm, started)).toEqual({
      person: 'inProgress',
      vehicle: 'complete',
      more: 'complete',
    });
    expect(taskStatuses(testForm, validAnswers, { 'applicant.givenName': 'ist ein Pflichtfeld' })).toEqual({
      person: 'error',
      vehicle: 'complete',
      more: 'complete',
    });
    // the keeper's name is shown and required once a company keeps the car
    expect(taskStatuses(testForm, { ...validAnswers, vehicleHolder: 'company' }).vehicle).toBe('inProgress');
  });

  it('ignores errors of hidden fields', () => {
    expect(taskStatuses(testForm, validAnswers, { holderName: 'ist ein Pflichtfeld' }).vehicle).toBe(
      'complete',
    );
  });
});
