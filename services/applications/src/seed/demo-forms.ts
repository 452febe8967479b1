import type { DemoServiceSlug } from '@buergeramt/contracts';

const S2020 = 'https://json-schema.org/draft/2020-12/schema';
const L = (de: string, en: string): { de: string; en: string } => ({ de, en });
const PLZ = { type: 'string', pattern: '^[0-9]{5}$', maxLength: 5 };
const TEXT = (max = 100): Record<string, unknown> => ({ type: 'string', minLength: 1, maxLength: max });

const person = {
  type: 'object',
  required: ['givenName', 'familyName', 'birthDate'],
  properties: {
    givenName: TEXT(),
    familyName: TEXT(),
    birthDate: { type: 'string', format: 'date' },
  },
};
const personFields = [
  { name: 'applicant.givenName', label: L('Vorname(n)', 'Given name(s)') },
  { name: 'applicant.familyName', label: L('Familienname', 'Family name') },
  { name: 'applicant.birthDate', label: L('Geburtsdatum', 'Date of birth'), widget: 'date' },
];
const address = {
  type: 'object',
  required: ['street', 'houseNumber', 'postalCode', 'city'],
  properties: { street: TEXT(), houseNumber: TEXT(10), postalCode: PLZ, city: TEXT() },
};
const addressFields = (prefix: string) => [
  { name: `${prefix}.street`, label: L('Straße', 'Street') },
  { name: `${prefix}.houseNumber`, label: L('Hausnummer', 'House number') },
  { name: `${prefix}.postalCode`, label: L('Postleitzahl', 'Postcode') },
  { name: `${prefix}.city`, label: L('Ort', 'Town') },
];

/** Online forms of the demo catalogue (JSON Schema 2020-12 + UI description). */
export const DEMO_FORMS: Partial<
  Record<DemoServiceSlug, { schema: Record<string, unknown>; ui: Record<string, unknown> }>
> = {
  meldebescheinigung: {
    schema: {
      $schema: S2020,
      type: 'object',
      required: ['applicant', 'kind', 'purpose'],
      additionalProperties: false,
      properties: {
        applicant: person,
        kind: { enum: ['einfach', 'erweitert'] },
        includePreviousAddresses: { type: 'boolean' },
        purpose: TEXT(200),
        email: { type: 'string', format: 'email', maxLength: 200 },
      },
    },
    ui: {
      sections: [
        { id: 'person', title: L('Angaben zur Person', 'About you'), fields: personFields },
        {
          id: 'certificate',
          title: L('Bescheinigung', 'Certificate'),
          fields: [
            {
              name: 'kind',
              label: L('Art der Bescheinigung', 'Kind of certificate'),
              help: L(
                'Die erweiterte enthält auf Wunsch frühere Anschriften.',
                'The extended one can show previous addresses.',
              ),
              widget: 'radio',
              options: {
                einfach: L('Einfache Meldebescheinigung', 'Simple certificate of registration'),
                erweitert: L('Erweiterte Meldebescheinigung', 'Extended certificate of registration'),
              },
            },
            {
              name: 'includePreviousAddresses',
              label: L('Frühere Anschriften aufnehmen', 'Include previous addresses'),
              widget: 'checkbox',
              showIf: { field: 'kind', equals: 'erweitert' },
            },
            {
              name: 'purpose',
              label: L('Verwendungszweck', 'Purpose'),
              help: L('z. B. Arbeitgeber, Bank', 'e.g. employer, bank'),
            },
            {
              name: 'email',
              label: L('E-Mail für Rückfragen (optional)', 'E-mail for questions (optional)'),
              widget: 'email',
            },
          ],
        },
      ],
    },
  },
  bewohnerparkausweis: {
    schema: {
      $schema: S2020,
      type: 'object',
      required: ['applicant', 'address', 'zone', 'licencePlate', 'vehicleHolder'],
      additionalProperties: false,
      properties: {
        applicant: person,
        address,
        zone: { enum: ['Innenstadt A', 'Innenstadt B', 'Pliensauvorstadt', 'Obertor'] },
        licencePlate: {
          type: 'string',
          pattern: '^[A-ZÄÖÜ]{1,3}-[A-Z]{1,2} [0-9]{1,4}[EH]?$',
          maxLength: 12,
        },
        vehicleHolder: { enum: ['self', 'company', 'other'] },
        holderName: TEXT(200),
      },
      if: { properties: { vehicleHolder: { enum: ['company', 'other'] } }, required: ['vehicleHolder'] },
      then: { required: ['holderName'] },
    },
    ui: {
      sections: [
        { id: 'person', title: L('Angaben zur Person', 'About you'), fields: personFields },
        {
          id: 'address',
          title: L('Anschrift in der Zone', 'Address in the zone'),
          fields: addressFields('address'),
        },
        {
          id: 'vehicle',
          title: L('Fahrzeug', 'Vehicle'),
          fields: [
            // the zones' names are proper names, the same in both languages: no `options`
            { name: 'zone', label: L('Bewohnerparkzone', "Residents' parking zone"), widget: 'select' },
            {
              name: 'licencePlate',
              label: L('Kennzeichen', 'Licence plate'),
              help: L('Format: ES-AB 1234', 'Format: ES-AB 1234'),
            },
            {
              name: 'vehicleHolder',
              label: L('Halter des Fahrzeugs', 'Registered keeper'),
              widget: 'radio',
              options: {
                self: L('Ich selbst', 'Myself'),
                company: L('Eine Firma', 'A company'),
                other: L('Eine andere Person', 'Someone else'),
              },
            },
            {
              name: 'holderName',
              label: L('Name des Halters bzw. der Firma', 'Name of the keeper or company'),
              // the same values as the schema's `if`: shown exactly when it is required
              showIf: { field: 'vehicleHolder', in: ['company', 'other'] },
            },
          ],
        },
      ],
      documents: [
        {
          key: 'registration',
          label: L('Fahrzeugschein', 'Vehicle registration certificate'),
          required: true,
        },
      ],
    },
  },
  'hundesteuer-anmeldung': {
    schema: {
      $schema: S2020,
      type: 'object',
      required: ['applicant', 'address', 'dog', 'since'],
      additionalProperties: false,
      properties: {
        applicant: person,
        address,
        since: { type: 'string', format: 'date' },
        dog: {
          type: 'object',
          required: ['name', 'breed', 'birthDate', 'dangerous'],
          properties: {
            name: TEXT(60),
            breed: TEXT(100),
            birthDate: { type: 'string', format: 'date' },
            chipNumber: { type: 'string', pattern: '^[0-9]{15}$', maxLength: 15 },
            dangerous: { type: 'boolean' },
            certificateNumber: TEXT(60),
          },
          if: { properties: { dangerous: { const: true } }, required: ['dangerous'] },
          then: { required: ['certificateNumber'] },
        },
      },
    },
    ui: {
      sections: [
        { id: 'person', title: L('Halterin oder Halter', 'Keeper'), fields: personFields },
        { id: 'address', title: L('Anschrift', 'Address'), fields: addressFields('address') },
        {
          id: 'dog',
          title: L('Hund', 'Dog'),
          fields: [
            { name: 'dog.name', label: L('Name des Hundes', "Dog's name") },
            { name: 'dog.breed', label: L('Rasse', 'Breed') },
            { name: 'dog.birthDate', label: L('Wurfdatum', 'Date of birth'), widget: 'date' },
            {
              name: 'dog.chipNumber',
              label: L('Chipnummer (optional)', 'Microchip number (optional)'),
              help: L('15 Ziffern', '15 digits'),
            },
            {
              name: 'since',
              label: L('Hund gehalten seit', 'Keeping the dog since'),
              widget: 'date',
            },
            {
              name: 'dog.dangerous',
              label: L(
                'Gefährlicher Hund (Kampfhund) nach Polizeiverordnung',
                'Dangerous dog under the police ordinance',
              ),
              widget: 'checkbox',
            },
            {
              name: 'dog.certificateNumber',
              label: L(
                'Nummer des Negativzeugnisses/der Erlaubnis',
                'Number of the exemption certificate or permit',
              ),
              showIf: { field: 'dog.dangerous', equals: true },
            },
          ],
        },
      ],
    },
  },
};
