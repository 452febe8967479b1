import { describe, expect, it } from 'vitest';
import { describeField, entryFieldModels } from './fieldModel';
import { entryCount } from './formModel';
import { dogForm, germanTexts, testForm } from './testing';
import type { UiFormFieldModel } from './types';

const context = { locale: 'de' as const, texts: germanTexts };
const fieldOf = (name: string, values: Record<string, unknown> = {}, locale: 'de' | 'en' = 'de') => {
  const field = testForm.ui.sections.flatMap((section) => section.fields).find((f) => f.name === name);
  if (!field) throw new Error(name);
  return describeField(testForm, field, values, { ...context, locale });
};

describe('field models', () => {
  it('take label and help in the chosen language', () => {
    expect(fieldOf('applicant.birthDate')).toMatchObject({
      name: 'applicant.birthDate',
      id: 'field-applicant-birthDate',
      kind: 'date',
      label: 'Geburtsdatum',
      hint: 'Zum Beispiel 27 3 1990',
      required: true,
    });
    expect(fieldOf('applicant.birthDate', {}, 'en')).toMatchObject({ label: 'Date of birth' });
  });

  it('know whether the answers make them required', () => {
    expect(fieldOf('holderName', { vehicleHolder: 'company' }).required).toBe(true);
    expect(fieldOf('holderName', { vehicleHolder: 'self' }).required).toBe(false);
    expect(fieldOf('applicant.email').required).toBe(false);
  });

  it('offer the schema’s choices: titles where given, else the values; Ja/Nein for a boolean', () => {
    expect(fieldOf('vehicleHolder')).toMatchObject({
      kind: 'radio',
      options: [
        { value: '0', label: 'Ich selbst' },
        { value: '1', label: 'Eine Firma' },
        { value: '2', label: 'Eine andere Person' },
      ],
      values: ['self', 'company', 'other'],
    });
    expect(fieldOf('zone').options[5]).toEqual({ value: '5', label: 'Berkheim' });
    expect(fieldOf('topics')).toMatchObject({ kind: 'checkboxes', values: ['parking', 'waste'] });
    const yesNo = describeField(
      testForm,
      { name: 'newsletter', label: { de: 'N', en: 'N' }, widget: 'radio' },
      {},
      context,
    );
    expect(yesNo).toMatchObject({ options: [{ label: 'Ja' }, { label: 'Nein' }], values: [true, false] });
  });

  it('label choices by the ui’s options in the language, else by the schema’s title or the value', () => {
    const holder = {
      name: 'vehicleHolder',
      label: { de: 'Halter', en: 'Keeper' },
      options: { self: { de: 'Ich selbst', en: 'Myself' }, company: { de: 'Eine Firma', en: 'A company' } },
    };
    expect(describeField(testForm, holder, {}, { ...context, locale: 'en' }).options).toEqual([
      { value: '0', label: 'Myself' },
      { value: '1', label: 'A company' },
      { value: '2', label: 'Eine andere Person' },
    ]);
    expect(fieldOf('topics').options).toEqual([
      { value: '0', label: 'Parken' },
      { value: '1', label: 'waste' },
    ]);
    expect(fieldOf('topics', {}, 'en').options[0]).toEqual({ value: '0', label: 'Parking' });
    const zone = describeField(
      testForm,
      {
        name: 'zone',
        label: { de: 'Zone', en: 'Zone' },
        widget: 'select',
        options: { Obertor: { de: 'Obertor (Zone O)', en: 'Obertor (zone O)' } },
      },
      {},
      { ...context, locale: 'en' },
    );
    expect(zone.kind).toBe('select');
    expect(zone.options.map((option) => option.label)).toEqual([
      'Innenstadt A',
      'Innenstadt B',
      'Pliensauvorstadt',
      'Obertor (zone O)',
      'Mettingen',
      'Berkheim',
    ]);
  });

  it('fill in autocomplete where the field obviously asks for the person’s own data', () => {
    expect(fieldOf('applicant.givenName').autocomplete).toBe('given-name');
    expect(fieldOf('applicant.familyName').autocomplete).toBe('family-name');
    expect(fieldOf('applicant.birthDate').autocomplete).toBe('bday');
    expect(fieldOf('applicant.email').autocomplete).toBe('email');
    expect(fieldOf('applicant.phone').autocomplete).toBe('tel');
    expect(fieldOf('holderName').autocomplete).toBeUndefined();
    const dogBirth = describeField(dogForm, dogForm.ui.sections[0]!.fields[1]!, {}, context);
    expect(dogBirth.autocomplete).toBeUndefined();
  });

  it('ask for a numeric keyboard for numbers and digit-only codes, and size inputs to their length', () => {
    expect(fieldOf('dogs')).toMatchObject({ inputmode: 'numeric', integer: true, width: 'char-10' });
    expect(fieldOf('share')).toMatchObject({ inputmode: 'decimal', integer: false });
    expect(fieldOf('postalCode')).toMatchObject({ kind: 'text', inputmode: 'numeric', width: 'char-5' });
    expect(fieldOf('applicant.phone').width).toBe('char-30');
    expect(fieldOf('applicant.givenName').width).toBeUndefined();
    expect(fieldOf('remarks')).toMatchObject({ kind: 'textarea', maxLength: 1000 });
  });

  it('give a repeatable group its entries’ fields, named by index and labelled by the schema', () => {
    const children = fieldOf('children');
    expect(children).toMatchObject({ kind: 'repeatable', entryTitle: 'Kind', minItems: 0, maxItems: 3 });
    const fields = entryFieldModels(testForm, children, 1, {}, context);
    expect(
      fields.map((f: UiFormFieldModel) => [f.name, f.id, f.label, f.kind, f.required, f.entryLabel]),
    ).toEqual([
      ['children[1].name', 'field-children-1-name', 'Name', 'text', true, 'Kind 2'],
      ['children[1].birthDate', 'field-children-1-birthDate', 'Geburtsdatum', 'date', false, 'Kind 2'],
    ]);
    expect(entryCount(children, {})).toBe(0);
    expect(entryCount(children, { children: [{}, {}] })).toBe(2);
  });
});
