import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { uiTestPlugins } from '../i18n';
import { mountWithI18n } from '../testing';
import { testForm, validAnswers } from './testing';
import type { UiFormValues } from './types';
import UiFormSummary from './UiFormSummary.vue';

const answers: UiFormValues = {
  ...validAnswers,
  applicant: { ...validAnswers.applicant, phone: '0711 1234' },
  vehicleHolder: 'company',
  holderName: 'Muster GmbH',
  share: 2.5,
  topics: ['parking', 'waste'],
  children: [{ name: 'Ida', birthDate: '2015-04-01' }, { name: 'Ole' }],
};

const render = (values: UiFormValues, props: Record<string, unknown> = {}, locale: 'de' | 'en' = 'de') =>
  locale === 'de'
    ? mountWithI18n(UiFormSummary, { props: { form: testForm, values, locale, ...props } })
    : mount(UiFormSummary, {
        props: { form: testForm, values, locale, ...props },
        global: { plugins: uiTestPlugins('en') },
      });

/** Key and value of each row; a value of several lines with " | " between them. */
const rowsOf = (wrapper: ReturnType<typeof render>) =>
  wrapper.findAll('.ui-summary-list__row').map((row) => {
    const value = row.get('.ui-summary-list__value');
    const lines = value.findAll('p').map((line) => line.text());
    return [row.get('dt').text(), lines.length > 0 ? lines.join(' | ') : value.text()];
  });

describe('UiFormSummary', () => {
  it('shows a heading per section and a row per shown field with its answer as it reads', () => {
    const summary = render(answers);
    expect(summary.findAll('h2').map((h) => h.text())).toEqual([
      'Angaben zur Person',
      'Fahrzeug',
      'Weitere Angaben',
    ]);
    expect(rowsOf(summary)).toEqual([
      ['Vorname(n)', 'Erika'],
      ['Familienname', 'Mustermann'],
      ['Geburtsdatum', '12. August 1964'],
      ['E-Mail (optional)', 'Keine Angabe'],
      ['Telefon', '0711 1234'],
      ['Bewohnerparkzone', 'Innenstadt A'],
      ['Halter des Fahrzeugs', 'Eine Firma'],
      ['Name des Halters', 'Muster GmbH'],
      ['Anzahl Hunde', 'Keine Angabe'],
      ['Anteil', '2,5'],
      ['Bemerkungen', 'Keine Angabe'],
      ['Newsletter abonnieren', 'Nein'],
      ['Themen', 'Parken | waste'],
      ['Postleitzahl', 'Keine Angabe'],
      ['Kind 1', 'Name: Ida | Geburtsdatum: 1. April 2015'],
      ['Kind 2', 'Name: Ole | Geburtsdatum: Keine Angabe'],
    ]);
  });

  it('leaves out hidden fields and what they hold', () => {
    const summary = render({ ...answers, vehicleHolder: 'self' });
    expect(rowsOf(summary).map(([key]) => key)).not.toContain('Name des Halters');
    expect(summary.text()).not.toContain('Muster GmbH');
  });

  it('links each row to its field with "Ändern" and the field named for screen readers', async () => {
    const summary = render(answers, {
      changeLink: (section: string, field: string) => `/antrag/${section}#${field}`,
    });
    const links = summary.findAll('.ui-summary-list__actions a');
    expect(links[2]?.attributes('href')).toBe('/antrag/person#applicant.birthDate');
    expect(links[2]?.text()).toBe('Ändern Geburtsdatum');
    expect(links[2]?.get('.ui-visually-hidden').text()).toBe('Geburtsdatum');
    expect(links.at(-1)?.text()).toBe('Ändern Kind 2');
    await links[2]?.trigger('click');
    const [section, field] = summary.emitted<[string, string, MouseEvent]>('change')?.[0] ?? [];
    expect([section, field]).toEqual(['person', 'applicant.birthDate']);
  });

  it('has no links without changeLink, and takes another heading level', () => {
    const summary = render(answers, { headingLevel: 3 });
    expect(summary.find('.ui-summary-list__actions').exists()).toBe(false);
    expect(summary.findAll('h3')).toHaveLength(3);
  });

  it('reads in English', () => {
    const summary = render(answers, {}, 'en');
    expect(rowsOf(summary).slice(2, 4)).toEqual([
      ['Date of birth', '12 August 1964'],
      ['E-mail (optional)', 'Not provided'],
    ]);
    expect(rowsOf(summary)).toContainEqual(['Subscribe to the newsletter', 'No']);
    expect(rowsOf(summary)).toContainEqual(['Topics', 'Parking | waste']);
  });
});
