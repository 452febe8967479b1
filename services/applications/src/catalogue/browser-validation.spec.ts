// The web apps validate application data in the browser with @cfworker/json-schema (Ajv's compiled
// code is refused by their CSP); this service validates it with Ajv. Both must name the same fields with
// the same messages, or a person would see one problem in the form and another after submitting. The
// browser validator lives in libs/contracts (`validateFormData`) rather than in libs/ui because a service
// may import a library only by its package name and libs/ui's entry point is a set of Vue components;
// so its agreement with Ajv is proven here, on the real demo forms.
import { validateFormData, type FormFieldError, type Locale } from '@buergeramt/contracts';
import { DEMO_FORMS } from '../seed/demo-forms';
import { FormValidator } from './form-validator';

type Data = Record<string, unknown>;
const DELETE = Symbol('delete');

/** A copy of `data` with the dotted `path` set to `value` (or removed). */
function changed(data: Data, path: string, value: unknown): Data {
  const copy = structuredClone(data);
  const keys = path.split('.');
  let node: Data = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Data;
  }
  const last = keys.at(-1) ?? '';
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return copy;
}

const applicant = { givenName: 'Erika', familyName: 'Mustermann', birthDate: '1964-08-12' };
const address = {
  street: 'Ritterstraße',
  houseNumber: '17',
  postalCode: '73728',
  city: 'Esslingen am Neckar',
};

/** A complete, valid answer per demo form. */
const VALID: Record<string, Data> = {
  meldebescheinigung: {
    applicant,
    kind: 'erweitert',
    includePreviousAddresses: true,
    purpose: 'Arbeitgeber',
    email: 'erika@example.org',
  },
  bewohnerparkausweis: {
    applicant,
    address,
    zone: 'Innenstadt A',
    licencePlate: 'ES-AB 1234',
    vehicleHolder: 'company',
    holderName: 'Muster GmbH',
  },
  'hundesteuer-anmeldung': {
    applicant,
    address,
    since: '2024-05-01',
    dog: {
      name: 'Bello',
      breed: 'Dackel',
      birthDate: '2023-01-15',
      chipNumber: '276098106543210',
      dangerous: true,
      certificateNumber: 'NZ-17',
    },
  },
};

/** Changes that make the data wrong in one or more ways: [path, value] pairs. */
const MUTATIONS: [string, unknown][][] = [
  // missing required fields, top-level and nested
  [['applicant', DELETE]],
  [['applicant', {}]],
  [
    ['applicant.familyName', DELETE],
    ['address.city', DELETE],
  ],
  [['applicant.givenName', '']],
  // wrong formats and patterns
  [['applicant.birthDate', '12.08.1964']],
  [['applicant.birthDate', '1964-02-30']],
  [['email', 'erika@localhost']],
  [['email', 'erika']],
  [['address.postalCode', '7372']],
  [['licencePlate', 'es ab 1234']],
  [['dog.chipNumber', '123']],
  [
    ['dog.birthDate', '2023-13-01'],
    ['since', 'gestern'],
  ],
  // wrong types, values and lengths
  [['includePreviousAddresses', 'ja']],
  [['dog.dangerous', 'yes']],
  [['kind', 'vollständig']],
  [['zone', 'Mars']],
  [['purpose', 'x'.repeat(201)]],
  [['address.houseNumber', 17]],
  // conditional requirements (if/then)
  [
    ['vehicleHolder', 'other'],
    ['holderName', DELETE],
  ],
  [
    ['vehicleHolder', 'self'],
    ['holderName', DELETE],
  ],
  [['dog.certificateNumber', DELETE]],
  [
    ['dog.dangerous', false],
    ['dog.certificateNumber', DELETE],
  ],
  // unknown fields
  [['nickname', 'Eri']],
  [['dog.colour', 'braun']],
];

const sorted = (errors: readonly FormFieldError[]) =>
  [...errors].sort((a, b) => a.field.localeCompare(b.field) || a.message.localeCompare(b.message));

describe('browser validation (@cfworker/json-schema) agrees with the server (Ajv)', () => {
  const server = new FormValidator();

  describe.each(Object.entries(DEMO_FORMS))('the %s form', (slug, form) => {
    const schema = form.schema;
    const valid = VALID[slug] ?? {};
    const agree = (data: unknown, locale: Locale) => {
      const expected = server.validate({ id: slug, schema }, data, locale);
      expect(sorted(validateFormData(schema, data, locale))).toEqual(sorted(expected));
      return expected;
    };

    it('accepts the valid answer on both sides', () => {
      expect(agree(valid, 'de')).toEqual([]);
    });

    it.each(['de', 'en'] as const)('names the same fields with the same messages (%s)', (locale) => {
      let failing = 0;
      for (const mutation of MUTATIONS) {
        // only changes to properties this form has (or unknown ones, which it refuses)
        const data = mutation.reduce((acc, [path, value]) => changed(acc, path, value), valid);
        if (agree(data, locale).length > 0) failing++;
      }
      expect(failing).toBeGreaterThan(MUTATIONS.length / 2);
      expect(agree({}, locale).length).toBeGreaterThan(0);
      agree([], locale);
      agree({ applicant: 'Erika' }, locale);
    });
  });

  it('agrees on arrays, nested unknown fields, anyOf and numbers too', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      required: ['children'],
      properties: {
        children: {
          type: 'array',
          minItems: 1,
          maxItems: 2,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'birthDate'],
            properties: {
              name: { type: 'string', minLength: 2 },
              birthDate: { type: 'string', format: 'date' },
            },
          },
        },
        count: { type: 'integer', minimum: 1, maximum: 9 },
        share: { type: 'number', exclusiveMinimum: 0, multipleOf: 0.5 },
        topics: { type: 'array', uniqueItems: true, items: { enum: ['a', 'b', 'c'] } },
        contact: {
          anyOf: [
            { type: 'string', format: 'email' },
            { type: 'string', pattern: '^\\+?[0-9 ]+$' },
          ],
        },
        either: { type: 'object', anyOf: [{ required: ['phone'] }, { required: ['email'] }] },
      },
    };
    const samples: unknown[] = [
      { children: [{ name: 'Ida', birthDate: '2015-04-01' }] },
      { children: [] },
      {
        children: [
          { name: 'I', birthDate: '2015-02-30', shoeSize: 31 },
          {},
          { name: 'Ole', birthDate: '2019-01-01' },
        ],
      },
      { children: [{ name: 'Ida', birthDate: '2015-04-01' }], count: 0, share: 0.3, topics: ['a', 'a', 'd'] },
      {
        children: [{ name: 'Ida', birthDate: '2015-04-01' }],
        count: 2.5,
        share: -1,
        contact: 'nope',
        either: {},
      },
      { children: 'Ida', count: '2', topics: 'a', either: [] },
    ];
    for (const data of samples) {
      for (const locale of ['de', 'en'] as const) {
        expect(sorted(validateFormData(schema, data, locale))).toEqual(
          sorted(server.validate({ id: 'probe', schema }, data, locale)),
        );
      }
    }
  });
});
