import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { fieldIds, useFieldIds, type FieldIds } from './useFieldIds';

describe('fieldIds', () => {
  it('derives hint and error ids from the input id', () => {
    const ids = fieldIds('email', { hint: true, error: true });
    expect(ids).toMatchObject({ inputId: 'email', hintId: 'email-hint', errorId: 'email-error' });
    expect(ids.idFor('info')).toBe('email-info');
  });

  it('lists only the ids of rendered elements, hint first and error last', () => {
    expect(fieldIds('f', { hint: false, error: false }).describedBy).toBeUndefined();
    expect(fieldIds('f', { hint: true, error: false }).describedBy).toBe('f-hint');
    expect(fieldIds('f', { hint: false, error: true }).describedBy).toBe('f-error');
    expect(
      fieldIds('f', { hint: true, error: true, extra: ['info', false, undefined, ''] }).describedBy,
    ).toBe('f-hint f-info f-error');
  });

  it('marks the control invalid only when there is an error', () => {
    expect(fieldIds('f', { hint: true, error: false }).invalid).toBeUndefined();
    expect(fieldIds('f', { hint: false, error: true }).invalid).toBe('true');
  });
});

describe('useFieldIds', () => {
  const Probe = defineComponent({
    props: { id: { type: String, default: undefined } },
    setup(props, { expose }) {
      const ids = useFieldIds(() => props.id, { hint: true, error: false });
      expose({ ids });
      return () => h('input', { id: ids.value.inputId });
    },
  });

  it('uses the given id', () => {
    const probe = mount(Probe, { props: { id: 'family-name' } });
    expect(probe.get('input').attributes('id')).toBe('family-name');
  });

  it('generates distinct ids for controls without one', () => {
    const form = mount({ render: () => h('form', [h(Probe), h(Probe)]) });
    const [a, b] = form.findAll('input').map((input) => input.attributes('id'));
    expect(a).toMatch(/^ui-/);
    expect(b).toMatch(/^ui-/);
    expect(a).not.toBe(b);
  });

  it('follows a changed id', async () => {
    const probe = mount(Probe, { props: { id: 'a' } });
    await probe.setProps({ id: 'b' });
    expect((probe.vm as unknown as { ids: FieldIds }).ids.describedBy).toBe('b-hint');
  });
});
