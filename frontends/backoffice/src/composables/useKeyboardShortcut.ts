import { getCurrentScope, onScopeDispose } from 'vue';

/**
 * A keyboard shortcut: the physical key (`KeyboardEvent.code`, so it is the same key on QWERTZ, QWERTY
 * and AZERTY, and with Option held on a Mac, which changes `key`) and the modifiers that must be held.
 */
export interface Shortcut {
  code: string;
  alt?: boolean;
  shift?: boolean;
  ctrl?: boolean;
  meta?: boolean;
}

/** A key of a shortcut as people read it: a modifier's name (the app translates it) or the key's letter. */
export type ShortcutKey = { modifier: 'alt' | 'option' | 'shift' | 'ctrl' | 'meta' } | { key: string };

/** Whether `event` is `shortcut` (exactly these modifiers, no others). */
export function matchesShortcut(event: KeyboardEvent, shortcut: Shortcut): boolean {
  return (
    event.code === shortcut.code &&
    event.altKey === Boolean(shortcut.alt) &&
    event.shiftKey === Boolean(shortcut.shift) &&
    event.ctrlKey === Boolean(shortcut.ctrl) &&
    event.metaKey === Boolean(shortcut.meta)
  );
}

/** Input types where a key press is not typing (a button's or a choice's). */
const NOT_TYPING = new Set([
  'button',
  'submit',
  'reset',
  'checkbox',
  'radio',
  'image',
  'file',
  'range',
  'color',
]);

/** Whether key presses at `target` go into a field (text, a select's type-ahead, an editable region). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TYPING.has(target.type);
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target.isContentEditable === true;
}

/** The value of `aria-keyshortcuts` for `shortcut` (ARIA names Option "Alt" too). */
export function ariaKeyShortcuts(shortcut: Shortcut): string {
  const keys = [
    shortcut.ctrl && 'Control',
    shortcut.meta && 'Meta',
    shortcut.alt && 'Alt',
    shortcut.shift && 'Shift',
  ];
  return [...keys.filter(Boolean), shortcut.code.replace(/^(Key|Digit)/, '')].join('+');
}

/** Whether this is a Mac, iPad or iPhone, whose keyboards name the Alt key "Option". */
export function isApplePlatform(): boolean {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return /mac|iphone|ipad/i.test(nav.userAgentData?.platform ?? nav.platform ?? '');
}

/** The keys of `shortcut` in the order they are held, as the page shows them (`<kbd>` each). */
export function shortcutKeys(shortcut: Shortcut, apple = isApplePlatform()): ShortcutKey[] {
  const keys: ShortcutKey[] = [];
  if (shortcut.ctrl) keys.push({ modifier: 'ctrl' });
  if (shortcut.meta) keys.push({ modifier: 'meta' });
  if (shortcut.alt) keys.push({ modifier: apple ? 'option' : 'alt' });
  if (shortcut.shift) keys.push({ modifier: 'shift' });
  keys.push({ key: shortcut.code.replace(/^(Key|Digit)/, '') });
  return keys;
}

export interface ShortcutOptions {
  /** where key presses are heard (default `window`) */
  target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

/**
 * Runs `handler` when `shortcut` is pressed anywhere on the page, except while the person types in a
 * field (the key is theirs then), while a modal dialog is open (the page behind it is inert), for the
 * repeats of a key held down, and when something else already handled the press. Stops with the calling
 * component or effect scope (or the returned function).
 */
export function useKeyboardShortcut(
  shortcut: Shortcut,
  handler: (event: KeyboardEvent) => void,
  options: ShortcutOptions = {},
): () => void {
  const target = options.target ?? window;
  function onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.repeat || event.isComposing) return;
    if (!matchesShortcut(event, shortcut) || isTypingTarget(event.target)) return;
    if (document.querySelector('dialog[open]')) return;
    event.preventDefault();
    handler(event);
  }
  target.addEventListener('keydown', onKeydown as EventListener);
  const stop = (): void => target.removeEventListener('keydown', onKeydown as EventListener);
  if (getCurrentScope()) onScopeDispose(stop);
  return stop;
}
