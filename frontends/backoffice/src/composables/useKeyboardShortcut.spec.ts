import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import {
  ariaKeyShortcuts,
  isTypingTarget,
  matchesShortcut,
  shortcutKeys,
  type Shortcut,
  useKeyboardShortcut,
} from './useKeyboardShortcut';

const CALL: Shortcut = { code: 'KeyN', alt: true, shift: true };

const press = (target: EventTarget, init: KeyboardEventInit): KeyboardEvent => {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
};

/** The shortcut listened for inside a scope, with what it heard. */
function listen(shortcut = CALL) {
  const heard = vi.fn();
  const scope = effectScope();
  scope.run(() => useKeyboardShortcut(shortcut, heard));
  return { heard, stop: () => scope.stop() };
}

describe('a keyboard shortcut', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('fires on its key with exactly its modifiers, by the physical key', () => {
    const { heard, stop } = listen();
    // Option+Shift+N on a Mac types "˜": the physical key counts, not the character
    const event = press(document.body, { code: 'KeyN', key: '˜', altKey: true, shiftKey: true });
    expect(heard).toHaveBeenCalledTimes(1);
    expect(event.defaultPrevented).toBe(true);
    press(document.body, { code: 'KeyN', key: 'n' }); // screen readers' browse mode: single letters
    press(document.body, { code: 'KeyN', key: 'N', shiftKey: true });
    press(document.body, { code: 'KeyN', key: 'n', altKey: true });
    press(document.body, { code: 'KeyN', key: 'n', altKey: true, shiftKey: true, ctrlKey: true });
    press(document.body, { code: 'KeyM', key: 'M', altKey: true, shiftKey: true });
    expect(heard).toHaveBeenCalledTimes(1);
    stop();
    press(document.body, { code: 'KeyN', altKey: true, shiftKey: true });
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('does not fire while the person types in a field, nor for a held key or with a dialog open', () => {
    const { heard, stop } = listen();
    document.body.innerHTML = `
      <input id="text" type="search"><textarea id="area"></textarea><select id="choice"></select>
      <div id="editable" contenteditable="true"></div><button id="button">x</button>
      <input id="box" type="checkbox">`;
    const shortcut = { code: 'KeyN', altKey: true, shiftKey: true };
    for (const id of ['text', 'area', 'choice']) press(document.getElementById(id)!, shortcut);
    expect(heard).not.toHaveBeenCalled();
    press(document.getElementById('button')!, shortcut);
    press(document.getElementById('box')!, shortcut);
    expect(heard).toHaveBeenCalledTimes(2);
    press(document.body, { ...shortcut, repeat: true });
    const dialog = document.createElement('dialog');
    dialog.setAttribute('open', '');
    document.body.append(dialog);
    press(document.body, shortcut);
    expect(heard).toHaveBeenCalledTimes(2);
    stop();
  });

  it('knows what typing is', () => {
    const input = (type: string) => Object.assign(document.createElement('input'), { type });
    expect(isTypingTarget(input('text'))).toBe(true);
    expect(isTypingTarget(input('email'))).toBe(true);
    expect(isTypingTarget(input('radio'))).toBe(false);
    expect(isTypingTarget(document.createElement('button'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('names its keys for the page and for assistive technology', () => {
    expect(ariaKeyShortcuts(CALL)).toBe('Alt+Shift+N');
    expect(shortcutKeys(CALL, false)).toEqual([{ modifier: 'alt' }, { modifier: 'shift' }, { key: 'N' }]);
    expect(shortcutKeys(CALL, true)).toEqual([{ modifier: 'option' }, { modifier: 'shift' }, { key: 'N' }]);
    expect(
      matchesShortcut(new KeyboardEvent('keydown', { code: 'KeyN', altKey: true, shiftKey: true }), CALL),
    ).toBe(true);
  });
});
