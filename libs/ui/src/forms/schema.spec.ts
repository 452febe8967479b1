import { describe, expect, it } from 'vitest';
import { fieldKind, fieldSchema, isRequired, objectProperties, schemaChoices } from './schema';
import { dogForm, testForm } from './testing';

const root = testForm.schema;
const kindOf = (name: string, widget?: Parameters<typeof fieldKind>[2]) =>
  fieldKind(root, fieldSchema(root, name) ?? {}, widget);

describe('fieldSchema', () => {
  it('resolves nested properties and array entries', () => {
    expect(fieldSchema(root, 'applicant.birthDate')).toEqual({ type: 'string', format: 'date' });
    expect(fieldSchema(root, 'children[2].name')).toMatchObject({ title: 'Name', maxLength: 60 });
    expect(fieldSchema(root, 'applicant.nickname')).toBeUndefined();
  });

  it('finds properties in allOf, in if/then/else branches and behind local $refs', () => {
    const schema = {
      $defs: { plz: { type: 'string', pattern: '^[0-9]{5}$' } },
      type: 'object',
      properties: { address: { $ref: '#/$defs/address' } },
      allOf: [{ properties: { email: { type: 'string', format: 'email' } } }],
      if: { properties: { kind: { const: 'a' } } },
      then: { properties: { extra: { type: 'integer', maximum: 3 } } },
      else: { properties: { other: { type: 'boolean' } } },
    };
    const withAddress = {
      ...schema,
      $defs: {
        ...schema.$defs,
        address: { type: 'object', properties: { postalCode: { $ref: '#/$defs/plz' } } },
      },
    };
    expect(fieldSchema(withAddress, 'email')).toMatchObject({ format: 'email' });
    expect(fieldSchema(withAddress, 'extra')).toMatchObject({ type: 'integer', maximum: 3 });
    expect(fieldSchema(withAddress, 'other')).toMatchObject({ type: 'boolean' });
    expect(fieldSchema(withAddress, 'address.postalCode')).toMatchObject({ pattern: '^[0-9]{5}$' });
  });

  it('lists an object schema’s properties in order, with those of its branches', () => {
    const keys = objectProperties(root, root).map(([key]) => key);
    expect(keys.slice(0, 3)).toEqual(['applicant', 'zone', 'vehicleHolder']);
    expect(keys).toContain('children');
  });
});

describe('schemaChoices', () => {
  it('reads an enum and a oneOf of const/title choices', () => {
    expect(schemaChoices({ enum: ['a', 1] })).toEqual([{ value: 'a' }, { value: 1 }]);
    expect(schemaChoices(fieldSchema(root, 'vehicleHolder') ?? {})).toEqual([
      { value: 'self', title: 'Ich selbst' },
      { value: 'company', title: 'Eine Firma' },
      { value: 'other', title: 'Eine andere Person' },
    ]);
    expect(schemaChoices({ type: 'string' })).toBeUndefined();
    expect(schemaChoices({ oneOf: [{ const: 'a' }, { type: 'string' }] })).toBeUndefined();
  });
});

describe('fieldKind', () => {
  it('picks a control from the schema when the ui names no widget', () => {
    expect(kindOf('zone')).toBe('select'); // six choices
    expect(kindOf('vehicleHolder')).toBe('radio'); // three
    expect(kindOf('newsletter')).toBe('checkbox');
    expect(kindOf('applicant.birthDate')).toBe('date');
    expect(kindOf('dogs')).toBe('number');
    expect(kindOf('share')).toBe('number');
    expect(kindOf('remarks')).toBe('textarea'); // maxLength > 200
    expect(kindOf('holderName')).toBe('text'); // maxLength 200
    expect(kindOf('topics')).toBe('checkboxes');
    expect(kindOf('children')).toBe('repeatable');
    expect(fieldKind(root, { type: 'string', format: 'email' })).toBe('email');
  });

  it('follows the ui’s widget where it fits the schema', () => {
    expect(kindOf('zone', 'radio')).toBe('radio');
    expect(kindOf('vehicleHolder', 'select')).toBe('select');
    expect(kindOf('newsletter', 'radio')).toBe('radio');
    expect(kindOf('applicant.phone', 'tel')).toBe('tel');
    expect(kindOf('holderName', 'textarea')).toBe('textarea');
    // radios need choices, a checkbox a boolean
    expect(kindOf('holderName', 'radio')).toBe('text');
    expect(kindOf('holderName', 'checkbox')).toBe('text');
  });

  it('cannot show a whole object or an array of plain values', () => {
    expect(kindOf('applicant')).toBe('unsupported');
    expect(fieldKind(root, { type: 'array', items: { type: 'string' } })).toBe('unsupported');
  });
});

describe('isRequired', () => {
  it('reads the required list of the field’s object', () => {
    expect(isRequired(root, 'applicant.givenName', {})).toBe(true);
    expect(isRequired(root, 'applicant.email', {})).toBe(false);
    expect(isRequired(root, 'zone', {})).toBe(true);
    expect(isRequired(root, 'children[0].name', {})).toBe(true);
    expect(isRequired(root, 'children[0].birthDate', {})).toBe(false);
  });

  it('evaluates if/then on the current answers, also in nested objects', () => {
    expect(isRequired(root, 'holderName', { vehicleHolder: 'self' })).toBe(false);
    expect(isRequired(root, 'holderName', { vehicleHolder: 'company' })).toBe(true);
    expect(isRequired(root, 'holderName', {})).toBe(false);
    const dog = dogForm.schema;
    expect(isRequired(dog, 'dog.certificateNumber', { dog: { dangerous: false } })).toBe(false);
    expect(isRequired(dog, 'dog.certificateNumber', { dog: { dangerous: true } })).toBe(true);
  });
});
