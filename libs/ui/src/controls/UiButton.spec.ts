import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, ref } from 'vue';
import UiButton from './UiButton.vue';

describe('UiButton', () => {
  it('is a type="button" by default, so it never submits a form by accident', () => {
    const button = mount(UiButton, { slots: { default: 'Weiter' } });
    expect(button.element.tagName).toBe('BUTTON');
    expect(button.attributes('type')).toBe('button');
    expect(button.classes()).toContain('ui-button--primary');
  });

  it('emits click with the event', async () => {
    const button = mount(UiButton, { props: { variant: 'secondary' }, slots: { default: 'Abbrechen' } });
    await button.trigger('click');
    expect(button.emitted('click')?.[0]?.[0]).toBeInstanceOf(MouseEvent);
    expect(button.classes()).toContain('ui-button--secondary');
  });

  it('submits a form once on a double click: busy after the first click ignores the second', async () => {
    const submit = vi.fn();
    const Form = defineComponent({
      components: { UiButton },
      setup() {
        const busy = ref(false);
        const onSubmit = () => {
          submit();
          busy.value = true;
        };
        return { busy, onSubmit };
      },
      template:
        '<form @submit.prevent="onSubmit"><UiButton type="submit" :busy="busy">Absenden</UiButton></form>',
    });
    const form = mount(Form, { attachTo: document.body });
    const button = form.get('button');
    button.element.click();
    await form.vm.$nextTick();
    button.element.click();
    await form.vm.$nextTick();
    expect(submit).toHaveBeenCalledTimes(1);
    expect(button.attributes()).toMatchObject({ 'aria-disabled': 'true', 'aria-busy': 'true' });
    // still focusable (no native disabled), so focus is not lost while busy
    expect(button.attributes('disabled')).toBeUndefined();
    form.unmount();
  });

  it('shows a spinner hidden from screen readers while busy and emits no click', async () => {
    const button = mount(UiButton, { props: { busy: true }, slots: { default: 'Speichern' } });
    expect(button.get('.ui-spinner').attributes('aria-hidden')).toBe('true');
    expect(button.text()).toBe('Speichern');
    await button.trigger('click');
    expect(button.emitted('click')).toBeUndefined();
    await button.setProps({ busy: false });
    expect(button.find('.ui-spinner').exists()).toBe(false);
    expect(button.attributes('aria-busy')).toBeUndefined();
  });

  it('renders a link styled as a button with href, passing the click on (for RouterLink navigate)', async () => {
    const button = mount(UiButton, { props: { href: '/termin' }, slots: { default: 'Jetzt starten' } });
    expect(button.element.tagName).toBe('A');
    expect(button.attributes('href')).toBe('/termin');
    expect(button.attributes('type')).toBeUndefined();
    (button.element as HTMLElement).addEventListener('click', (event) => event.preventDefault()); // as navigate() does
    await button.trigger('click');
    expect(button.emitted('click')).toHaveLength(1);
  });

  it('uses the native disabled state for disabled buttons', () => {
    const button = mount(UiButton, { props: { disabled: true }, slots: { default: 'Weiter' } });
    expect(button.attributes('disabled')).toBeDefined();
  });
});
