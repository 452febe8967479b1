import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import UiTag from './UiTag.vue';

describe('UiTag', () => {
  it('shows its text with the tone as a class', () => {
    const tag = mount(UiTag, { props: { tone: 'success' }, slots: { default: 'Bestätigt' } });
    expect(tag.text()).toBe('Bestätigt');
    expect(tag.classes()).toContain('ui-tag--success');
  });
});
