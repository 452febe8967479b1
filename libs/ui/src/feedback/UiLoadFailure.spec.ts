import { describe, expect, it } from 'vitest';
import { mountWithI18n } from '../testing';
import UiLoadFailure from './UiLoadFailure.vue';

class Problem extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
  ) {
    super(type);
  }
}

describe('UiLoadFailure', () => {
  it('says why in words (the page’s own text per type first) and offers to try again, without taking focus', async () => {
    const wrapper = mountWithI18n(UiLoadFailure, {
      props: {
        error: new Problem('location-not-assigned', 403),
        byType: { 'location-not-assigned': 'Nicht Ihr Standort.' },
      },
      attachTo: document.body,
    });
    expect(wrapper.get('[role="alert"]').text()).toContain('Nicht Ihr Standort.');
    expect(document.activeElement).toBe(document.body);
    await wrapper.get('button').trigger('click');
    expect(wrapper.emitted('retry')).toHaveLength(1);
    expect(wrapper.get('button').text()).toBe('Erneut versuchen');
    await wrapper.setProps({ error: new Problem('network-error', 0), byType: {} });
    expect(wrapper.text()).toContain('Internetverbindung');
    wrapper.unmount();
  });
});
