import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAutosave } from './useAutosave';

/** A save that answers when the test says so, recording what it was given. */
function controlledSave() {
  const saved: string[] = [];
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const save = (value: string) =>
    new Promise<void>((resolve, reject) => {
      saved.push(value);
      pending.push({ resolve, reject });
    });
  return { saved, pending, save };
}

describe('useAutosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once after a pause in typing, with the newest value', async () => {
    const { saved, pending, save } = controlledSave();
    const autosave = useAutosave(save, 500);
    autosave.schedule('E');
    await vi.advanceTimersByTimeAsync(300);
    autosave.schedule('Er');
    autosave.schedule('Eri');
    expect(autosave.state.value).toBe('pending');
    await vi.advanceTimersByTimeAsync(499);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual(['Eri']);
    expect(autosave.state.value).toBe('saving');
    pending[0]?.resolve();
    await vi.runAllTimersAsync();
    expect(autosave.state.value).toBe('saved');
    expect(autosave.savedAt.value).toBeInstanceOf(Date);
  });

  it('never runs two saves at once: a change during a save is saved right after it', async () => {
    const { saved, pending, save } = controlledSave();
    const autosave = useAutosave(save, 100);
    autosave.schedule('a');
    await vi.advanceTimersByTimeAsync(100);
    autosave.schedule('ab');
    await vi.advanceTimersByTimeAsync(100);
    expect(saved).toEqual(['a']);
    pending[0]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual(['a', 'ab']);
    pending[1]?.resolve();
    await vi.runAllTimersAsync();
    expect(autosave.state.value).toBe('saved');
  });

  it('keeps a value whose save failed and sends it again on flush', async () => {
    const { saved, pending, save } = controlledSave();
    const autosave = useAutosave(save, 100);
    autosave.schedule('x');
    await vi.advanceTimersByTimeAsync(100);
    pending[0]?.reject(new Error('offline'));
    await vi.advanceTimersByTimeAsync(0);
    expect(autosave.state.value).toBe('failed');
    const flushed = autosave.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual(['x', 'x']);
    pending[1]?.resolve();
    await flushed;
    expect(autosave.state.value).toBe('saved');
  });

  it('flush saves what is waiting at once and rejects when that fails', async () => {
    const { saved, pending, save } = controlledSave();
    const autosave = useAutosave(save, 10_000);
    autosave.schedule('now');
    const flushed = autosave.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual(['now']);
    pending[0]?.reject(new Error('422'));
    await expect(flushed).rejects.toThrow('422');
  });
});
