import { DRAFT_PREFIX } from '../../stores/session';

/**
 * Unsaved input of a form, kept in sessionStorage (this tab only, gone when it closes) so that it
 * survives a log-in detour after the session expired. Bound to the account it was typed for; the
 * session store removes every draft on log-out and account deletion.
 */
interface Stored<T> {
  owner: string;
  value: T;
}

const keyOf = (name: string): string => `${DRAFT_PREFIX}${name}`;

export function saveDraft<T>(name: string, owner: string, value: T): void {
  try {
    sessionStorage.setItem(keyOf(name), JSON.stringify({ owner, value } satisfies Stored<T>));
  } catch {
    // storage full or disabled: the input is simply not kept
  }
}

/** The draft typed for `owner`, or null (a draft of another account is dropped). */
export function loadDraft<T>(name: string, owner: string): T | null {
  try {
    const raw = sessionStorage.getItem(keyOf(name));
    if (!raw) return null;
    const stored = JSON.parse(raw) as Partial<Stored<T>>;
    if (stored.owner !== owner || stored.value === undefined) {
      sessionStorage.removeItem(keyOf(name));
      return null;
    }
    return stored.value;
  } catch {
    return null;
  }
}

export function clearDraft(name: string): void {
  try {
    sessionStorage.removeItem(keyOf(name));
  } catch {
    // nothing to clear
  }
}

/** The e-mail address a "check your mail" page was given in its history entry (never in the URL). */
export function emailFromHistory(): string {
  const state: unknown = window.history.state;
  if (typeof state !== 'object' || state === null) return '';
  const email = (state as { email?: unknown }).email;
  return typeof email === 'string' ? email : '';
}
