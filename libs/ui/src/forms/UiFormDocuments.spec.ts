import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import { mountWithI18n } from '../testing';
import { dogForm, testForm } from './testing';
import UiFormDocuments from './UiFormDocuments.vue';

describe('UiFormDocuments', () => {
  it('lists the documents, marking the optional ones', () => {
    const list = mountWithI18n(UiFormDocuments, { props: { form: testForm, locale: 'de' } });
    expect(list.findAll('li').map((item) => item.text())).toEqual(['Fahrzeugschein', 'Vollmacht (optional)']);
  });

  it('hands each document and its id to the app’s upload in the slot', () => {
    const list = mountWithI18n(UiFormDocuments, {
      props: { form: testForm, locale: 'en' },
      slots: {
        document: ({ document, id }: { document: { label: string; required: boolean }; id: string }) =>
          h('label', { for: id }, `${document.label}${document.required ? ' *' : ''}`),
      },
    });
    expect(list.findAll('label').map((label) => [label.attributes('for'), label.text()])).toEqual([
      ['field-document-registration', 'Vehicle registration certificate *'],
      ['field-document-power', 'Power of attorney'],
    ]);
  });

  it('renders nothing for a form without documents', () => {
    expect(
      mountWithI18n(UiFormDocuments, { props: { form: dogForm, locale: 'de' } })
        .find('ul')
        .exists(),
    ).toBe(false);
  });
});
