import { FormValidator, pointerToPath } from './form-validator';

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['email', 'address'],
  properties: {
    email: { type: 'string', format: 'email', maxLength: 200 },
    birthDate: { type: 'string', format: 'date' },
    address: {
      type: 'object',
      required: ['street'],
      properties: { street: { type: 'string', minLength: 2 } },
    },
    dangerous: { type: 'boolean' },
    certificate: { type: 'string' },
  },
  if: { properties: { dangerous: { const: true } }, required: ['dangerous'] },
  then: { required: ['certificate'] },
};

const ui = {
  sections: [
    {
      id: 'main',
      title: { de: 'Angaben', en: 'Details' },
      fields: [
        { name: 'email', label: { de: 'E-Mail', en: 'E-mail' } },
        { name: 'address.street', label: { de: 'Straße', en: 'Street' } },
      ],
    },
  ],
};

describe('FormValidator', () => {
  const validator = new FormValidator();

  it('turns JSON pointers into the dotted paths of the form', () => {
    expect(pointerToPath('/address/street')).toBe('address.street');
    expect(pointerToPath('/children/0/name')).toBe('children[0].name');
  });

  it('accepts a valid 2020-12 definition whose ui names only schema properties', () => {
    expect(validator.checkDefinition(schema, ui)).toEqual([]);
  });

  it('refuses a ui field that names no property, and a broken schema', () => {
    const badUi = {
      sections: [{ ...ui.sections[0], fields: [{ name: 'nope', label: { de: 'x', en: 'x' } }] }],
    };
    expect(validator.checkDefinition(schema, badUi)).toEqual([
      { field: 'ui.sections[0].fields[0].name', message: expect.stringContaining('nope') as string },
    ]);
    expect(
      validator.checkDefinition({ type: 'object', properties: { a: { type: 'nonsense' } } }, ui),
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: expect.stringMatching(/^schema/) as string }),
      ]),
    );
  });

  it('reports one error per failing field, formats and conditional requirements included', () => {
    const errors = validator.validate(
      { id: 'f1', schema },
      { email: 'not-an-email', birthDate: '2026-13-45', address: { street: 'x' }, dangerous: true },
      'en',
    );
    expect(errors).toEqual([
      { field: 'certificate', message: 'is required' },
      { field: 'email', message: 'is not a valid email' },
      { field: 'birthDate', message: 'is not a valid date' },
      { field: 'address.street', message: 'must have at least 2 characters' },
    ]);
  });

  it('names missing nested required fields by their path, in German by default', () => {
    expect(validator.validate({ id: 'f1', schema }, { email: 'a@b.de', address: {} }, 'de')).toEqual([
      { field: 'address.street', message: 'ist ein Pflichtfeld' },
    ]);
  });
});
