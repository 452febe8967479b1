import { beforeEach, describe, expect, it } from 'vitest';
import { DRAFT_PREFIX } from '../../stores/session';
import { clearDraft, emailFromHistory, loadDraft, saveDraft } from './draft';
import { rememberFederatedReturn, takeFederatedReturn } from './federatedReturn';

describe('what the account pages keep in sessionStorage', () => {
  beforeEach(() => window.sessionStorage.clear());

  it('keeps a draft per account, under the prefix the session store clears at log-out', () => {
    saveDraft('profile', 'user-1', { phone: '0711 1' });
    expect(window.sessionStorage.getItem(`${DRAFT_PREFIX}profile`)).not.toBeNull();
    expect(window.localStorage.getItem(`${DRAFT_PREFIX}profile`)).toBeNull();
    expect(loadDraft('profile', 'user-1')).toEqual({ phone: '0711 1' });
    // someone else logging in in this tab never sees it (and it is dropped)
    expect(loadDraft('profile', 'user-2')).toBeNull();
    expect(loadDraft('profile', 'user-1')).toBeNull();
    saveDraft('profile', 'user-1', { phone: '0711 2' });
    clearDraft('profile');
    expect(loadDraft('profile', 'user-1')).toBeNull();
    window.sessionStorage.setItem(`${DRAFT_PREFIX}profile`, '{broken');
    expect(loadDraft('profile', 'user-1')).toBeNull();
  });

  it('remembers where a federated log-in should return to, once and for 10 minutes', () => {
    const t0 = Date.parse('2026-12-06T13:00:00Z');
    rememberFederatedReturn('/termine', t0);
    expect(takeFederatedReturn(t0 + 60_000)).toBe('/termine');
    expect(takeFederatedReturn(t0 + 60_000)).toBeNull();
    rememberFederatedReturn('/termine', t0);
    expect(takeFederatedReturn(t0 + 11 * 60_000)).toBeNull();
    rememberFederatedReturn('/termine', t0);
    rememberFederatedReturn(null, t0);
    expect(takeFederatedReturn(t0)).toBeNull();
  });

  it('reads the address of a "check your mail" page from its history entry only', () => {
    window.history.replaceState({ email: 'erika@example.org' }, '');
    expect(emailFromHistory()).toBe('erika@example.org');
    window.history.replaceState({ email: 42 }, '');
    expect(emailFromHistory()).toBe('');
    window.history.replaceState(null, '');
    expect(emailFromHistory()).toBe('');
  });
});
