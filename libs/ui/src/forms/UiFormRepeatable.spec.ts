import { afterEach, describe, expect, it, vi } from 'vitest';
import { announcerRegions, clearAnnouncements } from '../composables/useAnnouncer';
import { expectAccessibleWiring } from '../testing';
import { mountSection, testForm } from './testing';

/** The next polite announcement (other than `before`): the announcer writes after a short delay. */
const announced = async (before = '') => {
  await vi.waitFor(
    () => {
      if (announcerRegions.polite === '' || announcerRegions.polite === before)
        throw new Error('nothing new announced yet');
    },
    { timeout: 3000, interval: 20 },
  );
  return announcerRegions.polite;
};

const buttons = (wrapper: ReturnType<typeof mountSection>['wrapper']) =>
  wrapper
    .findAll('.ui-form-repeatable button')
    .map((button) => button.attributes('aria-label') ?? button.text());

describe('UiFormRepeatable (a repeatable group of a form)', () => {
  afterEach(() => clearAnnouncements());

  it('renders the group as a fieldset with one fieldset per entry', () => {
    const { wrapper } = mountSection('more', { children: [{ name: 'Ida' }, { name: 'Ole' }] });
    const group = wrapper.get('#field-children');
    expect(group.get('legend').text()).toBe('Kinder (optional)');
    expect(group.get('#field-children-hint').text()).toBe('Kinder unter 18');
    const entries = group
      .findAll('.ui-form-repeatable__entry > fieldset > legend')
      .map((legend) => legend.text());
    expect(entries).toEqual(['Kind 1', 'Kind 2']);
    expect((wrapper.get('#field-children-1-name').element as HTMLInputElement).value).toBe('Ole');
    expect(buttons(wrapper)).toEqual(['Kind 1 entfernen', 'Kind 2 entfernen', 'Kind hinzufügen']);
    expectAccessibleWiring(wrapper.element);
    wrapper.unmount();
  });

  it('adds an entry, moves focus to its first field and announces it', async () => {
    const { wrapper, values } = mountSection('more', { children: [{ name: 'Ida' }] });
    await wrapper.get('#field-children-add').trigger('click');
    expect(values().children).toEqual([{ name: 'Ida' }, {}]);
    expect(document.activeElement?.id).toBe('field-children-1-name');
    expect(await announced()).toBe('Kind 2 hinzugefügt');
    await wrapper.get('#field-children-1-name').setValue('Ole');
    expect(values().children).toEqual([{ name: 'Ida' }, { name: 'Ole' }]);
    wrapper.unmount();
  });

  it('removes an entry, keeps the others’ text, moves focus to the entry now in its place', async () => {
    const { wrapper, values } = mountSection('more', {
      children: [{ name: 'Ida' }, { name: 'Ole' }, { name: 'Mia' }],
    });
    await wrapper.get('[aria-label="Kind 2 entfernen"]').trigger('click');
    expect(values().children).toEqual([{ name: 'Ida' }, { name: 'Mia' }]);
    expect((wrapper.get('#field-children-1-name').element as HTMLInputElement).value).toBe('Mia');
    expect(document.activeElement?.id).toBe('field-children-1-name');
    expect(await announced('Kind 2 hinzugefügt')).toBe('Kind 2 entfernt');

    await wrapper.get('[aria-label="Kind 2 entfernen"]').trigger('click');
    expect(document.activeElement?.id).toBe('field-children-0-name');
    await wrapper.get('[aria-label="Kind 1 entfernen"]').trigger('click');
    expect(values().children).toBeUndefined();
    expect(document.activeElement?.id).toBe('field-children-add');
    wrapper.unmount();
  });

  it('offers no add button at maxItems and no remove buttons at minItems', () => {
    const full = mountSection('more', { children: [{}, {}, {}] }).wrapper;
    expect(full.find('#field-children-add').exists()).toBe(false);
    full.unmount();

    const form = structuredClone(testForm);
    const schema = form.schema as { properties: { children: Record<string, unknown> }; required: string[] };
    schema.properties.children.minItems = 1;
    schema.required.push('children');
    const required = mountSection('more', {}, { form }).wrapper;
    // a required group shows its minimum of entries to fill in, which cannot be removed
    expect(required.findAll('.ui-form-repeatable__entry')).toHaveLength(1);
    expect(buttons(required)).toEqual(['Kind hinzufügen']);
    required.unmount();
  });

  it('shows an error about the group as a whole on the group', () => {
    const { wrapper } = mountSection(
      'more',
      { children: [{}, {}, {}, {}] },
      {
        errors: { children: 'darf höchstens 3 Einträge haben' },
      },
    );
    expect(wrapper.get('#field-children-error').text()).toContain('Kinder darf höchstens 3 Einträge haben');
    expect(wrapper.get('#field-children fieldset').attributes('aria-describedby')).toBe(
      'field-children-hint field-children-error',
    );
    wrapper.unmount();
  });
});
