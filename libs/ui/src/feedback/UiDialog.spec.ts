import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, nextTick, ref } from 'vue';
import { mountWithI18n } from '../testing';
import UiDialog from './UiDialog.vue';

/** An app page with an opener button and a confirm dialog bound to it. */
const Page = defineComponent({
  components: { UiDialog },
  emits: ['confirmed', 'cancelled'],
  setup: () => ({ open: ref(false) }),
  template: `
    <div>
      <button id="opener" type="button" @click="open = true">Termin absagen</button>
      <UiDialog v-model:open="open" title="Termin wirklich absagen?" variant="confirm" confirm-variant="warning"
        confirm-label="Ja, absagen" @confirm="$emit('confirmed')" @cancel="$emit('cancelled')">
        <p>Der Termin wird freigegeben.</p>
      </UiDialog>
    </div>`,
});

describe('UiDialog', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => {
    unmount?.();
    unmount = undefined;
  });

  const render = () => {
    const page = mountWithI18n(Page, { attachTo: document.body });
    unmount = () => page.unmount();
    const dialog = () => page.get('dialog');
    const openDialog = async () => {
      const opener = page.get<HTMLButtonElement>('#opener');
      opener.element.focus();
      await opener.trigger('click');
      await nextTick();
    };
    return { page, dialog, openDialog };
  };

  it('is labelled by its title and closed at first', () => {
    const { dialog } = render();
    const title = dialog().get('h2');
    expect(title.text()).toBe('Termin wirklich absagen?');
    expect(dialog().attributes('aria-labelledby')).toBe(title.attributes('id'));
    expect(dialog().attributes('open')).toBeUndefined();
  });

  it('opens (falling back to the open attribute without showModal) and focuses the cancel button', async () => {
    const { dialog, openDialog } = render();
    await openDialog();
    expect(dialog().attributes('open')).toBeDefined();
    expect(document.activeElement?.textContent?.trim()).toBe('Abbrechen');
  });

  it('returns focus to the opener when cancelled', async () => {
    const { page, dialog, openDialog } = render();
    await openDialog();
    await dialog().get('[data-dialog-cancel]').trigger('click');
    await nextTick();
    expect(dialog().attributes('open')).toBeUndefined();
    expect(document.activeElement?.id).toBe('opener');
    expect(page.emitted('cancelled')).toHaveLength(1);
  });

  it('closes on Escape and returns focus', async () => {
    const { page, dialog, openDialog } = render();
    await openDialog();
    await dialog().trigger('keydown', { key: 'Escape' });
    await nextTick();
    expect(dialog().attributes('open')).toBeUndefined();
    expect(document.activeElement?.id).toBe('opener');
    expect(page.emitted('cancelled')).toHaveLength(1);
  });

  it('emits confirm and stays open until the app closes it', async () => {
    const { page, dialog, openDialog } = render();
    await openDialog();
    const confirm = dialog().get('[data-dialog-confirm]');
    expect(confirm.text()).toBe('Ja, absagen');
    expect(confirm.classes()).toContain('ui-button--warning');
    await confirm.trigger('click');
    expect(page.emitted('confirmed')).toHaveLength(1);
    expect(dialog().attributes('open')).toBeDefined();
  });

  it('uses showModal and the native cancel event where the browser has them', async () => {
    const proto = HTMLDialogElement.prototype as Partial<HTMLDialogElement>;
    const showModal = vi.fn(function (this: HTMLDialogElement) {
      this.setAttribute('open', '');
    });
    const close = vi.fn(function (this: HTMLDialogElement) {
      this.removeAttribute('open');
    });
    proto.showModal = showModal;
    proto.close = close;
    try {
      const { page, dialog, openDialog } = render();
      await openDialog();
      expect(showModal).toHaveBeenCalledTimes(1);
      // Escape in a real browser: a cancelable "cancel" event on the dialog
      const cancel = new Event('cancel', { cancelable: true });
      dialog().element.dispatchEvent(cancel);
      await nextTick();
      expect(cancel.defaultPrevented).toBe(true);
      expect(close).toHaveBeenCalledTimes(1);
      expect(document.activeElement?.id).toBe('opener');
      expect(page.emitted('cancelled')).toHaveLength(1);
    } finally {
      delete proto.showModal;
      delete proto.close;
    }
  });

  it('has a close button and an actions slot in the default variant', async () => {
    const dialog = mountWithI18n(UiDialog, {
      props: { title: 'Hilfe', open: true },
      slots: { default: '<p>Text</p>', actions: '<button id="ok">OK</button>' },
      attachTo: document.body,
    });
    unmount = () => dialog.unmount();
    await nextTick();
    expect(dialog.find('[data-dialog-confirm]').exists()).toBe(false);
    expect(dialog.get('#ok').text()).toBe('OK');
    expect(document.activeElement).toBe(dialog.get('h2').element);
    await dialog.get('.ui-dialog__close').trigger('click');
    expect(dialog.emitted('update:open')).toEqual([[false]]);
    expect(dialog.emitted('cancel')).toHaveLength(1);
  });
});
