export const LOGIN_ROUTE = 'login';
/** Query parameter carrying where to go after log-in (a path of this app). */
export const RETURN_PARAM = 'weiter';

/** A path inside this app only (no `//host`, no scheme): where a log-in may send the person back to. */
export function safeReturnPath(value: unknown): string | null {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : null;
}
