/**
 * A federated log-in leaves the app (full page navigation to the provider) and comes back to the log-in
 * page with `?login=success`, which sends a logged-in person on to their account. Where they wanted to
 * go (`weiter`) is kept in sessionStorage meanwhile, for 10 minutes (identity's OIDC state lifetime).
 */
const KEY = 'buergeramt.account.federatedReturn';
const LIFETIME_MS = 10 * 60 * 1000;

export function rememberFederatedReturn(path: string | null, now = Date.now()): void {
  try {
    if (path) sessionStorage.setItem(KEY, JSON.stringify({ path, at: now }));
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage disabled: the person lands on their account page instead
  }
}

/** The path remembered before a federated log-in, once (it is removed), if it is still fresh. */
export function takeFederatedReturn(now = Date.now()): string | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    sessionStorage.removeItem(KEY);
    const { path, at } = JSON.parse(raw) as { path?: unknown; at?: unknown };
    if (typeof path !== 'string' || typeof at !== 'number' || now - at > LIFETIME_MS || now < at) return null;
    return path;
  } catch {
    return null;
  }
}
