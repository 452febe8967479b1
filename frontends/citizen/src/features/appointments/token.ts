import type { LocationQuery, LocationQueryRaw } from 'vue-router';

/** The manage token from the mail (`?token=`), when the page was opened with one. */
export function manageToken(query: LocationQuery): string | undefined {
  const value = Array.isArray(query.token) ? query.token[0] : query.token;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The query that keeps the manage token on every link of a guest's pages. */
export function manageQuery(query: LocationQuery): LocationQueryRaw {
  const token = manageToken(query);
  return token ? { token } : {};
}
