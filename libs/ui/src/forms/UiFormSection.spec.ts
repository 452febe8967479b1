import type { VueWrapper } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { expectAccessibleWiring } from '../testing';
import { fieldErrorMap } from './errors';
import { dogForm, mountSection, testForm } from './testing';
import { validateSection } from './validate';

const labels = (wrapper: VueWrapper) =>
  wrapper.findAll('.ui-form-section > .ui-form-group').map((group) => group.find('label, legend').text());

describe('UiFormSection', () => {
  it('renders the section’s shown fields in order, labelled in the chosen language', () => {
    const { wrapper } = mountSection('person');
    expect(labels(wrapper)).toEqual([
      'Vorname(n)',
      'Familienname',
      'Geburtsdatum',
      'E-Mail (optional)',
      'Telefon (optional)',
    ]);
    expectAccessibleWiring(wrapper.element);
    wrapper.unmount();
    const english = mountSection('person', {}, { locale: 'en' }).wrapper;
    expect(labels(english)[0]).toBe('Given name(s)');
    english.unmount();
  });

  it('emits all answers with the changed one', async () => {
    const { wrapper, values } = mountSection('person', { zone: 'Obertor' });
    await wrapper.get('#field-applicant-givenName').setValue('Erika');
    expect(values()).toEqual({ zone: 'Obertor', applicant: { givenName: 'Erika' } });
    wrapper.unmount();
  });

  it('shows a conditional field when its condition holds, and drops its answer when it is hidden again', async () => {
    const { wrapper, values } = mountSection('vehicle', { vehicleHolder: 'self' });
    expect(wrapper.find('#field-holderName').exists()).toBe(false);

    await wrapper.get('#field-vehicleHolder-2').setValue(true);
    expect(wrapper.find('#field-holderName').exists()).toBe(true);
    await wrapper.get('#field-holderName').setValue('Muster GmbH');
    expect(values()).toMatchObject({ vehicleHolder: 'company', holderName: 'Muster GmbH' });

    await wrapper.get('#field-vehicleHolder').setValue(true);
    expect(wrapper.find('#field-holderName').exists()).toBe(false);
    expect(values()).toEqual({ vehicleHolder: 'self' });
    wrapper.unmount();
  });

  it('reveals a field behind a ticked checkbox and drops its answer when unticked', async () => {
    const { wrapper, values } = mountSection('dog', { dog: { name: 'Bello' } }, { form: dogForm });
    expect(wrapper.find('#field-dog-certificateNumber').exists()).toBe(false);
    await wrapper.get('#field-dog-dangerous').setValue(true);
    await wrapper.get('#field-dog-certificateNumber').setValue('NZ-17');
    expect(values()).toEqual({ dog: { name: 'Bello', dangerous: true, certificateNumber: 'NZ-17' } });
    await wrapper.get('#field-dog-dangerous').setValue(false);
    await nextTick();
    expect(wrapper.find('#field-dog-certificateNumber').exists()).toBe(false);
    expect(values()).toEqual({ dog: { name: 'Bello', dangerous: false } });
    wrapper.unmount();
  });

  it('shows the browser’s validation messages on their fields', () => {
    const errors = fieldErrorMap(validateSection(testForm, 'vehicle', { vehicleHolder: 'other' }, 'de'));
    const { wrapper } = mountSection('vehicle', { vehicleHolder: 'other' }, { errors });
    expect(wrapper.get('#field-zone-error').text()).toContain('Bewohnerparkzone ist ein Pflichtfeld');
    expect(wrapper.get('#field-holderName-error').text()).toContain('Name des Halters ist ein Pflichtfeld');
    expect(wrapper.get('#field-holderName').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#field-vehicleHolder-error').exists()).toBe(false);
    expectAccessibleWiring(wrapper.element);
    wrapper.unmount();
  });

  it('puts the server’s `{ field, message }` errors on the fields they name, entries included', () => {
    const server = [
      { field: 'applicant.birthDate', message: 'hat nicht das Format date' },
      { field: 'applicant.familyName', message: 'darf höchstens 100 Zeichen haben' },
    ];
    const { wrapper } = mountSection(
      'person',
      { applicant: { birthDate: '31.2.2024' } },
      { errors: fieldErrorMap(server) },
    );
    expect(wrapper.get('#field-applicant-birthDate-error').text()).toContain(
      'Geburtsdatum hat nicht das Format date',
    );
    expect(wrapper.get('#field-applicant-familyName-error').text()).toContain(
      'Familienname darf höchstens 100 Zeichen haben',
    );
    wrapper.unmount();

    const entries = mountSection(
      'more',
      { children: [{ name: 'Ida' }, {}] },
      {
        errors: fieldErrorMap([{ field: 'children[1].name', message: 'ist ein Pflichtfeld' }]),
      },
    ).wrapper;
    expect(entries.get('#field-children-1-name-error').text()).toContain('Name ist ein Pflichtfeld');
    expect(entries.find('#field-children-0-name-error').exists()).toBe(false);
    entries.unmount();
  });
});
