// Forms for the renderer's own specs (not exported from index.ts), modelled on the applications service's
// demo forms (services/applications/src/seed/demo-forms.ts, which a library may not import): a person, a
// vehicle with a conditional keeper's name, and every other kind of field.
import { mountWithI18n } from '../testing';
import type { UiFormDefinition, UiFormValues } from './types';
import UiFormSection from './UiFormSection.vue';

const L = (de: string, en: string) => ({ de, en });
const TEXT = (max = 100) => ({ type: 'string', minLength: 1, maxLength: max });

export const testForm: UiFormDefinition = {
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['applicant', 'vehicleHolder', 'zone'],
    additionalProperties: false,
    properties: {
      applicant: {
        type: 'object',
        required: ['givenName', 'familyName', 'birthDate'],
        properties: {
          givenName: TEXT(),
          familyName: TEXT(),
          birthDate: { type: 'string', format: 'date' },
          email: { type: 'string', format: 'email', maxLength: 200 },
          phone: { type: 'string', maxLength: 30 },
        },
      },
      zone: {
        enum: ['Innenstadt A', 'Innenstadt B', 'Pliensauvorstadt', 'Obertor', 'Mettingen', 'Berkheim'],
      },
      vehicleHolder: {
        oneOf: [
          { const: 'self', title: 'Ich selbst' },
          { const: 'company', title: 'Eine Firma' },
          { const: 'other', title: 'Eine andere Person' },
        ],
      },
      holderName: TEXT(200),
      dogs: { type: 'integer', minimum: 0, maximum: 5 },
      share: { type: 'number' },
      remarks: { type: 'string', maxLength: 1000 },
      newsletter: { type: 'boolean' },
      topics: { type: 'array', items: { enum: ['parking', 'waste'] } },
      postalCode: { type: 'string', pattern: '^[0-9]{5}$', maxLength: 5 },
      children: {
        type: 'array',
        maxItems: 3,
        items: {
          type: 'object',
          title: 'Kind',
          required: ['name'],
          properties: {
            name: { type: 'string', title: 'Name', minLength: 1, maxLength: 60 },
            birthDate: { type: 'string', format: 'date', title: 'Geburtsdatum' },
          },
        },
      },
    },
    if: { properties: { vehicleHolder: { enum: ['company', 'other'] } }, required: ['vehicleHolder'] },
    then: { required: ['holderName'] },
  },
  ui: {
    sections: [
      {
        id: 'person',
        title: L('Angaben zur Person', 'About you'),
        fields: [
          { name: 'applicant.givenName', label: L('Vorname(n)', 'Given name(s)') },
          { name: 'applicant.familyName', label: L('Familienname', 'Family name') },
          {
            name: 'applicant.birthDate',
            label: L('Geburtsdatum', 'Date of birth'),
            help: L('Zum Beispiel 27 3 1990', 'For example, 27 3 1990'),
            widget: 'date',
          },
          { name: 'applicant.email', label: L('E-Mail (optional)', 'E-mail (optional)'), widget: 'email' },
          { name: 'applicant.phone', label: L('Telefon', 'Phone'), widget: 'tel' },
        ],
      },
      {
        id: 'vehicle',
        title: L('Fahrzeug', 'Vehicle'),
        fields: [
          { name: 'zone', label: L('Bewohnerparkzone', "Residents' parking zone") },
          { name: 'vehicleHolder', label: L('Halter des Fahrzeugs', 'Registered keeper') },
          {
            name: 'holderName',
            label: L('Name des Halters', 'Name of the keeper'),
            showIf: { field: 'vehicleHolder', in: ['company', 'other'] },
          },
        ],
      },
      {
        id: 'more',
        title: L('Weitere Angaben', 'More'),
        fields: [
          { name: 'dogs', label: L('Anzahl Hunde', 'Number of dogs') },
          { name: 'share', label: L('Anteil', 'Share') },
          {
            name: 'remarks',
            label: L('Bemerkungen', 'Remarks'),
            help: L('Was wir wissen sollten', 'Anything else'),
          },
          { name: 'newsletter', label: L('Newsletter abonnieren', 'Subscribe to the newsletter') },
          // `waste` has no label: it shows its value
          { name: 'topics', label: L('Themen', 'Topics'), options: { parking: L('Parken', 'Parking') } },
          { name: 'postalCode', label: L('Postleitzahl', 'Postcode') },
          {
            name: 'children',
            label: L('Kinder', 'Children'),
            help: L('Kinder unter 18', 'Children under 18'),
          },
        ],
      },
    ],
    documents: [
      { key: 'registration', label: L('Fahrzeugschein', 'Vehicle registration certificate'), required: true },
      { key: 'power', label: L('Vollmacht', 'Power of attorney'), required: false },
    ],
  },
};

/** A complete, valid set of answers for testForm. */
export const validAnswers = {
  applicant: { givenName: 'Erika', familyName: 'Mustermann', birthDate: '1964-08-12' },
  zone: 'Innenstadt A',
  vehicleHolder: 'self',
};

/** A form like the demo "Hundesteuer" one: a nested object with its own if/then. */
export const dogForm: UiFormDefinition = {
  schema: {
    type: 'object',
    required: ['dog'],
    properties: {
      dog: {
        type: 'object',
        required: ['name', 'birthDate', 'dangerous'],
        properties: {
          name: TEXT(60),
          birthDate: { type: 'string', format: 'date' },
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
      {
        id: 'dog',
        title: L('Hund', 'Dog'),
        fields: [
          { name: 'dog.name', label: L('Name des Hundes', "Dog's name") },
          { name: 'dog.birthDate', label: L('Wurfdatum', 'Date of birth'), widget: 'date' },
          { name: 'dog.dangerous', label: L('Gefährlicher Hund', 'Dangerous dog'), widget: 'checkbox' },
          {
            name: 'dog.certificateNumber',
            label: L('Nummer des Negativzeugnisses', 'Number of the certificate'),
            showIf: { field: 'dog.dangerous', equals: true },
          },
        ],
      },
    ],
  },
};

export const germanTexts = {
  yes: 'Ja',
  no: 'Nein',
  entry: (number: number) => `Eintrag ${number}`,
};

/** A section bound with v-model, as an app binds it; `values()` are the answers it emitted last. */
export function mountSection(
  sectionId: string,
  values: UiFormValues = {},
  options: { form?: UiFormDefinition; errors?: Record<string, string>; locale?: 'de' | 'en' } = {},
) {
  let current = values;
  const wrapper = mountWithI18n(UiFormSection, {
    props: {
      form: options.form ?? testForm,
      sectionId,
      modelValue: values,
      errors: options.errors,
      locale: options.locale ?? 'de',
      'onUpdate:modelValue': (next: UiFormValues): void => {
        current = next;
        void wrapper.setProps({ modelValue: next });
      },
    },
    attachTo: document.body,
  });
  return { wrapper, values: () => current };
}
