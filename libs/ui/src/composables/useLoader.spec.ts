import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent, nextTick, ref } from 'vue';
import { describe, expect, it } from 'vitest';
import { createUiI18n } from '../i18n';
import { useLoader, type Loader } from './useLoader';

function loader<T>(load: () => Promise<T>, sources: (() => unknown)[] = []) {
  const i18n = createUiI18n('de');
  let result!: Loader<T>;
  mount(
    defineComponent({
      setup() {
        result = useLoader(load, sources);
        return () => null;
      },
    }),
    { global: { plugins: [i18n] } },
  );
  return { result, i18n };
}

describe('useLoader', () => {
  it('loads at once, and again when a source or the language changes', async () => {
    const id = ref('a');
    let calls = 0;
    const { result, i18n } = loader(() => Promise.resolve(`${id.value}-${++calls}`), [() => id.value]);
    expect(result.loading.value).toBe(true);
    await flushPromises();
    expect(result.data.value).toBe('a-1');
    expect(result.loading.value).toBe(false);
    id.value = 'b';
    await nextTick();
    await flushPromises();
    expect(result.data.value).toBe('b-2');
    i18n.global.locale.value = 'en';
    await nextTick();
    await flushPromises();
    expect(result.data.value).toBe('b-3');
  });

  it('keeps the failure for the page to explain, and the newest answer only', async () => {
    const answers: ((value: string) => void)[] = [];
    let fail = true;
    const { result } = loader(() =>
      fail ? Promise.reject(new Error('offline')) : new Promise<string>((resolve) => answers.push(resolve)),
    );
    await flushPromises();
    expect(result.error.value).toBeInstanceOf(Error);
    fail = false;
    const first = result.reload();
    const second = result.reload();
    answers[1]?.('new');
    answers[0]?.('old');
    await Promise.all([first, second]);
    expect(result.error.value).toBeUndefined();
    expect(result.data.value).toBe('new');
  });
});
