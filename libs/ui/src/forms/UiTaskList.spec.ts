import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { uiTestPlugins } from '../i18n';
import { expectAccessibleWiring, mountWithI18n } from '../testing';
import { testForm, validAnswers } from './testing';
import type { UiFormValues } from './types';
import UiTaskList from './UiTaskList.vue';

const render = (values: UiFormValues, errors?: Record<string, string>) =>
  mountWithI18n(UiTaskList, {
    props: { form: testForm, values, errors, locale: 'de', hrefFor: (id: string) => `/antrag/${id}` },
  });

const rows = (wrapper: ReturnType<typeof render>) =>
  wrapper.findAll('li').map((item) => [item.get('a').text(), item.get('.ui-task-list__status').text()]);

describe('UiTaskList', () => {
  it('lists the sections in order as links with their status', () => {
    const list = render({ applicant: { givenName: 'Erika' } });
    expect(list.element.tagName).toBe('OL');
    expect(rows(list)).toEqual([
      ['Angaben zur Person', 'In Bearbeitung'],
      ['Fahrzeug', 'Nicht begonnen'],
      ['Weitere Angaben', 'Erledigt'],
    ]);
    expect(list.findAll('a').map((link) => link.attributes('href'))).toEqual([
      '/antrag/person',
      '/antrag/vehicle',
      '/antrag/more',
    ]);
    expectAccessibleWiring(list.element);
  });

  it('describes each link by its status, so a screen reader hears both', () => {
    const list = render({});
    const link = list.get('a');
    const status = list.get(`#${link.attributes('aria-describedby') ?? ''}`);
    expect(status.text()).toBe('Nicht begonnen');
    expect(status.get('.ui-tag').classes()).toContain('ui-tag--neutral');
  });

  it('marks a section with an error shown on one of its fields', () => {
    const list = render(validAnswers, { 'applicant.birthDate': 'hat nicht das Format date' });
    expect(rows(list).map(([, status]) => status)).toEqual(['Fehler', 'Erledigt', 'Erledigt']);
    expect(list.get('li .ui-tag').classes()).toContain('ui-tag--error');
  });

  it('emits the chosen section with the click (for a router)', async () => {
    const list = render({});
    await list.findAll('a')[1]?.trigger('click');
    expect(list.emitted('select')?.[0]?.[0]).toBe('vehicle');
  });

  it('speaks English', () => {
    const list = mount(UiTaskList, {
      props: { form: testForm, values: validAnswers, locale: 'en', hrefFor: (id: string) => `#${id}` },
      global: { plugins: uiTestPlugins('en') },
    });
    expect(rows(list)[0]).toEqual(['About you', 'Completed']);
  });
});
