import { pointerToPath } from '@buergeramt/contracts';
import { conditionalRequirements, FormValidator } from './form-validator';

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

  describe('conditional fields: what the UI shows agrees with what the schema requires', () => {
    const holder = {
      type: 'object',
      properties: {
        holder: { enum: ['self', 'company', 'other'] },
        holderName: { type: 'string' },
      },
      if: { properties: { holder: { enum: ['company', 'other'] } }, required: ['holder'] },
      then: { required: ['holderName'] },
    };
    const holderUi = (showIf: unknown) => ({
      sections: [
        {
          id: 'vehicle',
          title: { de: 'Fahrzeug', en: 'Vehicle' },
          fields: [
            { name: 'holder', label: { de: 'Halter', en: 'Keeper' } },
            { name: 'holderName', label: { de: 'Name', en: 'Name' }, showIf },
          ],
        },
      ],
    });

    it('reads the simple if/then conditions, nested ones by their path', () => {
      expect(conditionalRequirements(holder)).toEqual([
        { field: 'holderName', when: 'holder', values: ['company', 'other'], whileEmpty: false },
      ]);
      expect(conditionalRequirements({ type: 'object', properties: { dog: schema } })).toEqual([
        { field: 'dog.certificate', when: 'dog.dangerous', values: [true], whileEmpty: false },
      ]);
    });

    it('knows that a condition on a field nobody has to fill in also holds while it is empty', () => {
      const loose = { ...holder, if: { properties: { holder: { enum: ['company', 'other'] } } } };
      expect(conditionalRequirements(loose)).toEqual([
        { field: 'holderName', when: 'holder', values: ['company', 'other'], whileEmpty: true },
      ]);
      // required by the object itself (also around an allOf), the field is never empty
      expect(conditionalRequirements({ ...loose, required: ['holder'] })[0]?.whileEmpty).toBe(false);
      const { if: condition, then, ...rest } = loose;
      expect(
        conditionalRequirements({ ...rest, required: ['holder'], allOf: [{ if: condition, then }] })[0],
      ).toMatchObject({ field: 'holderName', whileEmpty: false });
      expect(
        validator.checkDefinition(loose, holderUi({ field: 'holder', in: ['company', 'other'] })),
      ).toEqual([
        {
          field: 'ui.sections[0].fields[1].showIf',
          message: 'hides the field while the schema requires it (holder = (empty))',
        },
      ]);
    });

    it('accepts a field shown for every value that makes it required (equals or in)', () => {
      expect(
        validator.checkDefinition(holder, holderUi({ field: 'holder', in: ['company', 'other'] })),
      ).toEqual([]);
      expect(
        validator.checkDefinition(schema, {
          sections: [
            {
              id: 'dog',
              title: { de: 'Hund', en: 'Dog' },
              fields: [
                { name: 'email', label: { de: 'E-Mail', en: 'E-mail' } },
                {
                  name: 'certificate',
                  label: { de: 'Zeugnis', en: 'Certificate' },
                  showIf: { field: 'dangerous', equals: true },
                },
              ],
            },
          ],
        }),
      ).toEqual([]);
    });

    it('refuses a field hidden for a value that makes it required', () => {
      expect(validator.checkDefinition(holder, holderUi({ field: 'holder', equals: 'company' }))).toEqual([
        {
          field: 'ui.sections[0].fields[1].showIf',
          message: 'hides the field while the schema requires it (holder = "other")',
        },
      ]);
      expect(
        validator.checkDefinition(holder, holderUi({ field: 'holderName', in: ['company', 'other'] })),
      ).toEqual([expect.objectContaining({ field: 'ui.sections[0].fields[1].showIf' })]);
    });

    it('refuses a showIf with both or neither of equals and in', () => {
      for (const showIf of [{ field: 'holder' }, { field: 'holder', equals: 'other', in: ['company'] }]) {
        expect(validator.checkDefinition(holder, holderUi(showIf))).toEqual([
          expect.objectContaining({ field: 'ui.sections[0].fields[1].showIf' }),
        ]);
      }
    });
  });

  describe('option labels: the ui labels only values the schema offers', () => {
    const L = (de: string, en: string) => ({ de, en });
    const choices = {
      type: 'object',
      $defs: { zone: { enum: ['A', 'B'] } },
      properties: {
        holder: { enum: ['self', 'company', 'other'] },
        kind: { oneOf: [{ const: 'simple', title: 'Einfach' }, { const: 'extended' }] },
        topics: { type: 'array', items: { enum: ['parking', 'waste'] } },
        zone: { $ref: '#/$defs/zone' },
        dogs: { enum: [1, 2] },
        name: { type: 'string' },
        dangerous: { type: 'boolean' },
      },
    };
    const optionsUi = (name: string, options: unknown) => ({
      sections: [
        { id: 'main', title: L('Angaben', 'Details'), fields: [{ name, label: L('F', 'F'), options }] },
      ],
    });

    it('accepts labels for values of an enum, a oneOf of consts, array items and a $ref’d enum', () => {
      for (const [name, options] of [
        ['holder', { self: L('Ich selbst', 'Myself'), other: L('Eine andere Person', 'Someone else') }],
        ['kind', { extended: L('Erweitert', 'Extended') }],
        ['topics', { parking: L('Parken', 'Parking'), waste: L('Abfall', 'Waste') }],
        ['zone', { B: L('Zone B', 'Zone B') }],
        ['dogs', { 2: L('Zwei', 'Two') }],
      ] as const) {
        expect(validator.checkDefinition(choices, optionsUi(name, options))).toEqual([]);
      }
    });

    it('refuses a label for a value the field cannot take, and labels on a field without an enum', () => {
      expect(
        validator.checkDefinition(
          choices,
          optionsUi('holder', { self: L('Ich selbst', 'Myself'), firma: L('Firma', 'Company') }),
        ),
      ).toEqual([
        {
          field: 'ui.sections[0].fields[0].options',
          message: 'labels values that are not in the enum of holder ("firma")',
        },
      ]);
      for (const name of ['name', 'dangerous']) {
        expect(validator.checkDefinition(choices, optionsUi(name, { true: L('Ja', 'Yes') }))).toEqual([
          {
            field: 'ui.sections[0].fields[0].options',
            message: `labels choices, but ${name} has no enum in the schema`,
          },
        ]);
      }
    });

    it('refuses labels that are not in both languages, none at all, or more than 100', () => {
      expect(validator.checkDefinition(choices, optionsUi('holder', { self: { de: 'Ich selbst' } }))).toEqual(
        [expect.objectContaining({ field: 'ui.sections[0].fields[0].options.self' })],
      );
      expect(validator.checkDefinition(choices, optionsUi('holder', {}))).toEqual([
        expect.objectContaining({ field: 'ui.sections[0].fields[0].options' }),
      ]);
      const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`v${i}`, L('x', 'x')]));
      expect(validator.checkDefinition(choices, optionsUi('holder', many))).toEqual([
        expect.objectContaining({ field: 'ui.sections[0].fields[0].options' }),
      ]);
    });
  });
});
