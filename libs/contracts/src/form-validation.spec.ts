import { firstErrorPerField, formErrorMessage, pointerToPath } from './form-errors';
import { matchesSchema, validateFormData } from './form-validation';

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['applicant', 'email'],
  additionalProperties: false,
  properties: {
    applicant: {
      type: 'object',
      required: ['givenName', 'birthDate'],
      properties: {
        givenName: { type: 'string', minLength: 1, maxLength: 5 },
        birthDate: { type: 'string', format: 'date' },
        straße: { type: 'string', pattern: '^[A-Z]' },
      },
    },
    email: { type: 'string', format: 'email' },
    count: { type: 'integer', minimum: 1, maximum: 3 },
    share: { type: 'number', exclusiveMinimum: 0, multipleOf: 0.5 },
    kind: { enum: ['a', 'b'] },
    confirmed: { const: true },
    holder: { enum: ['self', 'company'] },
    holderName: { type: 'string' },
    children: {
      type: 'array',
      minItems: 1,
      maxItems: 2,
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 2 } } },
    },
    contact: {
      anyOf: [
        { type: 'string', format: 'email' },
        { type: 'string', pattern: '^\\+?[0-9 ]+$' },
      ],
    },
  },
  if: { properties: { holder: { const: 'company' } }, required: ['holder'] },
  then: { required: ['holderName'] },
};

const valid = {
  applicant: { givenName: 'Max', birthDate: '1990-03-05' },
  email: 'max@example.org',
  children: [{ name: 'Ida' }],
};

const fields = (data: unknown, locale: 'de' | 'en' = 'en') => validateFormData(schema, data, locale);

describe('validateFormData (browser validation with @cfworker/json-schema)', () => {
  it('accepts valid data', () => {
    expect(fields(valid)).toEqual([]);
  });

  it('names a missing required property by its own path, not its parent', () => {
    expect(fields({ ...valid, applicant: { givenName: 'Max' } }, 'de')).toEqual([
      { field: 'applicant.birthDate', message: 'ist ein Pflichtfeld' },
    ]);
    expect(fields({ applicant: valid.applicant })).toEqual([{ field: 'email', message: 'is required' }]);
  });

  it('reports formats, lengths, patterns, numbers, enums and const with their values', () => {
    const errors = fields({
      ...valid,
      applicant: { givenName: 'Maximilian', birthDate: '1990-02-30', straße: 'klein' },
      email: 'max@localhost',
      count: 7,
      share: 0.3,
      kind: 'c',
      confirmed: false,
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'applicant.givenName', message: 'must have at most 5 characters' },
        { field: 'applicant.birthDate', message: 'is not a valid date' },
        { field: 'applicant.straße', message: 'does not have the expected format' },
        { field: 'email', message: 'is not a valid email' },
        { field: 'count', message: 'must be at most 3' },
        { field: 'share', message: 'must be a multiple of 0.5' },
        { field: 'kind', message: 'is not one of the allowed values' },
        { field: 'confirmed', message: 'does not have the required value' },
      ]),
    );
    expect(errors).toHaveLength(8);
  });

  it('reports the expected type, several of them as Ajv does', () => {
    expect(fields({ ...valid, count: 1.5 }, 'de')).toEqual([
      { field: 'count', message: 'hat den falschen Typ (erwartet: integer)' },
    ]);
    const nullable = { type: 'object', properties: { a: { type: ['string', 'null'] } } };
    expect(validateFormData(nullable, { a: 1 }, 'en')).toEqual([
      { field: 'a', message: 'has the wrong type (expected string,null)' },
    ]);
    expect(validateFormData(nullable, [], 'en')).toEqual([
      { field: '(form)', message: 'has the wrong type (expected object)' },
    ]);
  });

  it('reports a conditional requirement (if/then) on the required field only', () => {
    expect(fields({ ...valid, holder: 'company' })).toEqual([
      { field: 'holderName', message: 'is required' },
    ]);
    expect(fields({ ...valid, holder: 'self' })).toEqual([]);
  });

  it('names array entries by index and checks the number of entries', () => {
    expect(fields({ ...valid, children: [{ name: 'I' }, {}] }, 'de')).toEqual([
      { field: 'children[0].name', message: 'muss mindestens 2 Zeichen haben' },
      { field: 'children[1].name', message: 'ist ein Pflichtfeld' },
    ]);
    expect(fields({ ...valid, children: [] })).toEqual([
      { field: 'children', message: 'needs at least 1 entries' },
    ]);
    expect(fields({ ...valid, children: [{ name: 'Ida' }, { name: 'Ida' }, { name: 'Ole' }] })).toEqual([
      { field: 'children', message: 'must have at most 2 entries' },
    ]);
  });

  it('refuses unknown properties, but not declared ones that fail for another reason', () => {
    expect(fields({ ...valid, nickname: 'M' }, 'de')).toEqual([
      { field: 'nickname', message: 'enthält das unbekannte Feld nickname' },
    ]);
    // cfworker's additionalProperties also flags the failing `applicant` (only its child is wrong)
    expect(fields({ ...valid, applicant: { givenName: 'Max' } })).toEqual([
      { field: 'applicant.birthDate', message: 'is required' },
    ]);
  });

  it('reports anyOf after the errors of its branches (as Ajv does), with the general message', () => {
    // the first branch's error on the same field wins
    expect(fields({ ...valid, contact: 'nope' }, 'de')).toEqual([
      { field: 'contact', message: 'hat nicht das Format email' },
    ]);
    expect(fields({ ...valid, contact: '+49 711 1234' })).toEqual([]);
    const either = { type: 'object', anyOf: [{ required: ['phone'] }, { required: ['email'] }] };
    expect(validateFormData(either, {}, 'de')).toEqual([
      { field: 'phone', message: 'ist ein Pflichtfeld' },
      { field: 'email', message: 'ist ein Pflichtfeld' },
      { field: '(form)', message: 'ist ungültig' },
    ]);
  });

  it('validates what would be sent: undefined properties are left out', () => {
    expect(fields({ ...valid, count: undefined })).toEqual([]);
    expect(fields({ ...valid, email: undefined })).toEqual([{ field: 'email', message: 'is required' }]);
    expect(fields(undefined)).toEqual([{ field: '(form)', message: 'has the wrong type (expected object)' }]);
  });
});

describe('matchesSchema', () => {
  it('tells whether a value matches a (sub)schema such as an if condition', () => {
    expect(matchesSchema(schema.if, { holder: 'company' })).toBe(true);
    expect(matchesSchema(schema.if, { holder: 'self' })).toBe(false);
    expect(matchesSchema(schema.if, {})).toBe(false);
  });
});

describe('form error wording', () => {
  it('has a message per keyword in German and English and a general one for the rest', () => {
    expect(formErrorMessage('minItems', { limit: 2 }, 'de')).toBe('braucht mindestens 2 Einträge');
    expect(formErrorMessage('format', { format: 'date' }, 'en')).toBe('is not a valid date');
    expect(formErrorMessage('oneOf', {}, 'en')).toBe('is invalid');
    expect(formErrorMessage('toString', {}, 'de')).toBe('ist ungültig');
  });

  it('turns JSON pointers into dotted paths', () => {
    expect(pointerToPath('')).toBe('');
    expect(pointerToPath('/children/0/name')).toBe('children[0].name');
    expect(pointerToPath('/a~1b/c~0d')).toBe('a/b.c~d');
  });

  it('keeps the first error of each field', () => {
    expect(
      firstErrorPerField([
        { field: 'a', message: '1' },
        { field: 'b', message: '2' },
        { field: 'a', message: '3' },
      ]),
    ).toEqual([
      { field: 'a', message: '1' },
      { field: 'b', message: '2' },
    ]);
  });
});
