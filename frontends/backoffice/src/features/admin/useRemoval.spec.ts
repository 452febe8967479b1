import { describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { type Action, useRemoval } from './useAdmin';

/** An action as useAction runs it, without the app around it: failures are swallowed into `failure`. */
function anAction(): Action & { said: string[] } {
  const said: string[] = [];
  const failure = ref('');
  return {
    said,
    busy: ref(false),
    failure,
    async run(action, options) {
      try {
        const result = await action();
        if (options?.done) said.push(options.done(result));
        return result;
      } catch (error) {
        failure.value = String(error);
        return undefined;
      }
    },
  };
}

describe('useRemoval', () => {
  it('asks about an item, removes it on confirm, says so, closes and reloads', async () => {
    const action = anAction();
    const remove = vi.fn(() => Promise.resolve());
    const after = vi.fn(() => Promise.resolve());
    const removal = useRemoval<{ id: string }>(action, { remove, done: (x) => `${x.id} removed`, after });
    expect(removal.open.value).toBe(false);
    removal.ask({ id: 'k1' });
    expect(removal.open.value).toBe(true);
    expect(removal.item.value).toEqual({ id: 'k1' });
    await removal.confirm();
    expect(remove).toHaveBeenCalledWith({ id: 'k1' });
    expect(action.said).toEqual(['k1 removed']);
    expect(removal.open.value).toBe(false);
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('closes without reloading when the removal failed (the failure is the action’s to show)', async () => {
    const action = anAction();
    const after = vi.fn(() => Promise.resolve());
    const removal = useRemoval<string>(action, {
      remove: () => Promise.reject(new Error('409')),
      done: () => 'never',
      after,
    });
    removal.ask('w1');
    await removal.confirm();
    expect(action.failure.value).toContain('409');
    expect(action.said).toEqual([]);
    expect(removal.open.value).toBe(false);
    expect(after).not.toHaveBeenCalled();
  });

  it('does nothing on confirm when nothing was asked about', async () => {
    const remove = vi.fn(() => Promise.resolve());
    const removal = useRemoval<string>(anAction(), {
      remove,
      done: () => '',
      after: () => Promise.resolve(),
    });
    await removal.confirm();
    expect(remove).not.toHaveBeenCalled();
  });
});
