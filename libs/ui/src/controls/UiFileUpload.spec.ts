import { describe, expect, it } from 'vitest';
import { mountWithI18n } from '../testing';
import UiFileUpload from './UiFileUpload.vue';

const pdf = new File(['%PDF-1.7'], 'ausweis.pdf', { type: 'application/pdf' });
const png = new File([new Uint8Array(2_500_000)], 'foto.png', { type: 'image/png' });

function fileList(files: File[]): FileList {
  const list = { length: files.length, item: (index: number) => files[index] ?? null } as Record<
    number,
    File
  > & {
    length: number;
    item: (index: number) => File | null;
  };
  files.forEach((file, index) => (list[index] = file));
  return list as unknown as FileList;
}

describe('UiFileUpload', () => {
  const render = (props: Record<string, unknown> = {}) =>
    mountWithI18n(UiFileUpload, { props: { label: 'Nachweis hochladen', id: 'proof', ...props } });

  it('is a real, labelled file input with accept and multiple', () => {
    const upload = render({ accept: '.pdf,.png', multiple: true });
    const input = upload.get('input');
    expect(input.attributes()).toMatchObject({ type: 'file', id: 'proof', accept: '.pdf,.png' });
    expect(input.attributes('multiple')).toBeDefined();
    expect(upload.get('label').attributes('for')).toBe('proof');
  });

  it('emits the chosen files', async () => {
    const upload = render({ multiple: true });
    const input = upload.get('input').element as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: fileList([pdf, png]), configurable: true });
    await upload.get('input').trigger('change');
    expect(upload.emitted('update:modelValue')).toEqual([[[pdf, png]]]);
  });

  it('accepts dropped files on the drop zone, only the first without multiple', async () => {
    const upload = render();
    await upload
      .get('[data-testid="drop-zone"]')
      .trigger('drop', { dataTransfer: { files: fileList([pdf, png]) } });
    expect(upload.emitted('update:modelValue')).toEqual([[[pdf]]]);
  });

  it('highlights the drop zone while dragging over it', async () => {
    const zone = render().get('[data-testid="drop-zone"]');
    await zone.trigger('dragenter');
    expect(zone.classes()).toContain('ui-file-upload--dragging');
    await zone.trigger('dragleave');
    expect(zone.classes()).not.toContain('ui-file-upload--dragging');
  });

  it('lists the chosen files with their size in a polite live region', () => {
    const upload = render({ multiple: true, modelValue: [pdf, png] });
    const status = upload.get('[data-testid="chosen-files"]');
    expect(status.attributes('aria-live')).toBe('polite');
    expect(status.text()).toContain('Ausgewählte Dateien:');
    expect(status.findAll('li').map((item) => item.text())).toEqual([
      'ausweis.pdf (1 kB)',
      'foto.png (2,5 MB)',
    ]);
  });

  it('clears the native input when the app clears the model', async () => {
    const upload = render({ modelValue: [pdf] });
    const input = upload.get('input').element as HTMLInputElement;
    let cleared = false;
    Object.defineProperty(input, 'value', {
      configurable: true,
      get: () => (cleared ? '' : 'C:\\fakepath\\ausweis.pdf'),
      set: (value: string) => (cleared = value === ''),
    });
    await upload.setProps({ modelValue: [] });
    expect(cleared).toBe(true);
    expect(upload.get('[data-testid="chosen-files"]').text()).toBe('');
  });
});
