import { describe, expect, it } from 'vitest';
import { sectionFieldModels } from './fieldModel';
import { formData, formDocuments, formFieldId, isVisible, withoutHiddenValues } from './formModel';
import { dogForm, germanTexts, testForm } from './testing';

const context = { locale: 'de' as const, texts: germanTexts };

describe('showIf', () => {
  const holderName = testForm.ui.sections[1]!.fields[2]!;
  const certificate = dogForm.ui.sections[0]!.fields[3]!;

  it('shows a field for the values in `in`, or the value `equals`', () => {
    expect(isVisible(holderName, {})).toBe(false);
    expect(isVisible(holderName, { vehicleHolder: 'self' })).toBe(false);
    expect(isVisible(holderName, { vehicleHolder: 'company' })).toBe(true);
    expect(isVisible(certificate, { dog: { dangerous: true } })).toBe(true);
    expect(isVisible(certificate, { dog: { dangerous: false } })).toBe(false);
  });

  it('drops the answers of hidden fields, also of fields hidden by a hidden field', () => {
    const values = { vehicleHolder: 'self', holderName: 'Muster GmbH', zone: 'Obertor' };
    expect(withoutHiddenValues(testForm, values)).toEqual({ vehicleHolder: 'self', zone: 'Obertor' });
    const chained = {
      ...testForm,
      ui: {
        sections: [
          {
            ...testForm.ui.sections[1]!,
            fields: [
              ...testForm.ui.sections[1]!.fields,
              {
                name: 'zone',
                label: { de: 'Zone', en: 'Zone' },
                showIf: { field: 'holderName', equals: 'Muster GmbH' },
              },
            ],
          },
        ],
      },
    };
    expect(withoutHiddenValues(chained, values)).toEqual({ vehicleHolder: 'self' });
  });

  it('lists only the shown fields of a section', () => {
    const names = (values: Record<string, unknown>) =>
      sectionFieldModels(testForm, 'vehicle', values, context).map((field) => field.name);
    expect(names({ vehicleHolder: 'self' })).toEqual(['zone', 'vehicleHolder']);
    expect(names({ vehicleHolder: 'other' })).toEqual(['zone', 'vehicleHolder', 'holderName']);
    expect(sectionFieldModels(testForm, 'nope', {}, context)).toEqual([]);
  });
});

describe('formData: what is validated and sent', () => {
  it('leaves out hidden answers, adds the objects around shown fields, unticked checkboxes are false', () => {
    const data = formData(testForm, { vehicleHolder: 'self', holderName: 'x', applicant: undefined });
    expect(data).toEqual({ vehicleHolder: 'self', applicant: {}, newsletter: false });
  });

  it('gives a required repeatable group its minimum of entries, an optional one only when started', () => {
    const form = {
      ...testForm,
      schema: {
        ...testForm.schema,
        required: ['children'],
        properties: { children: { type: 'array', minItems: 2, items: { type: 'object', properties: {} } } },
      },
      ui: {
        sections: [
          {
            id: 's',
            title: { de: 'S', en: 'S' },
            fields: [{ name: 'children', label: { de: 'K', en: 'C' } }],
          },
        ],
      },
    };
    expect(formData(form, {})).toEqual({ children: [{}, {}] });
    expect(formData(testForm, {}).children).toBeUndefined();
  });

  it('is plain JSON', () => {
    const data = formData(dogForm, { dog: { name: 'Bello', birthDate: undefined } });
    expect(data).toEqual({ dog: { name: 'Bello', dangerous: false } });
    expect(Object.keys(data.dog as object)).not.toContain('birthDate');
  });
});

describe('ids and documents', () => {
  it('derives unique ids from field names', () => {
    expect(formFieldId('applicant.givenName')).toBe('field-applicant-givenName');
    expect(formFieldId('children[10].name', 'preview')).toBe('preview-children-10-name');
  });

  it('lists the documents in the chosen language', () => {
    expect(formDocuments(testForm, 'en')).toEqual([
      { key: 'registration', label: 'Vehicle registration certificate', required: true },
      { key: 'power', label: 'Power of attorney', required: false },
    ]);
    expect(formDocuments(dogForm, 'de')).toEqual([]);
  });
});
