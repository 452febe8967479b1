import type { LocationQuery, LocationQueryRaw } from 'vue-router';

/**
 * The inbox's filters and page as they live in the URL, so a reload, the back button or a shared link show
 * the same list: `?status=in-pruefung&zustaendig=niemand&leistung=<id>&ueberfaellig=1&antwort=1&ab=<c1>&ab=<c2>`.
 * German words, as the rest of the app's URLs; defaults are left out (the plain `/vorgaenge` is "open cases,
 * anybody's"). The page is the trail of cursors that led to it (`ab`, repeated): the last is this page's, and
 * dropping it gives the previous page, so paging backwards works without the API paging backwards.
 * Anything the URL holds that is not a filter value is ignored (the default takes its place).
 */

/** `open`: submitted, in review and waiting for information together; `all`: every status (no drafts). */
export const STATUS_FILTERS = [
  'open',
  'submitted',
  'in_review',
  'info_requested',
  'approved',
  'rejected',
  'withdrawn',
  'all',
] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** Assigned to me, to nobody, to anybody, or whoever (`all`: no filter). */
export const ASSIGNEE_FILTERS = ['all', 'me', 'none', 'any'] as const;
export type AssigneeFilter = (typeof ASSIGNEE_FILTERS)[number];

export interface InboxFilters {
  status: StatusFilter;
  assignee: AssigneeFilter;
  /** a catalogue service's id, or null for every service */
  serviceId: string | null;
  overdue: boolean;
  answered: boolean;
}

export interface InboxState extends InboxFilters {
  /** the cursors of the pages before this one, oldest first; empty on the first page */
  trail: string[];
}

export const DEFAULT_FILTERS: Readonly<InboxFilters> = {
  status: 'open',
  assignee: 'all',
  serviceId: null,
  overdue: false,
  answered: false,
};

/** How many cases a page shows. */
export const PAGE_SIZE = 25;

const STATUS_WORDS: Record<StatusFilter, string> = {
  open: 'offen',
  submitted: 'eingegangen',
  in_review: 'in-pruefung',
  info_requested: 'rueckfrage',
  approved: 'bewilligt',
  rejected: 'abgelehnt',
  withdrawn: 'zurueckgezogen',
  all: 'alle',
};
const ASSIGNEE_WORDS: Record<AssigneeFilter, string> = {
  all: 'alle',
  me: 'ich',
  none: 'niemand',
  any: 'jemand',
};
const PARAMS = {
  status: 'status',
  assignee: 'zustaendig',
  service: 'leistung',
  overdue: 'ueberfaellig',
  answered: 'antwort',
  trail: 'ab',
} as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** a cursor as the API makes them (base64url), within the API's limit */
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;
/** more pages back than anybody pages through; keeps the URL short */
const MAX_TRAIL = 50;

function single(value: LocationQuery[string] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

function all(value: LocationQuery[string] | undefined): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string');
}

function fromWord<K extends string>(words: Record<K, string>, word: string | undefined, fallback: K): K {
  const found = (Object.keys(words) as K[]).find((key) => words[key] === word);
  return found ?? fallback;
}

/** The inbox's state from a route's query; what is not understood falls back to the default. */
export function parseInboxQuery(query: LocationQuery): InboxState {
  const service = single(query[PARAMS.service]);
  const trail = all(query[PARAMS.trail]);
  return {
    status: fromWord(STATUS_WORDS, single(query[PARAMS.status]), DEFAULT_FILTERS.status),
    assignee: fromWord(ASSIGNEE_WORDS, single(query[PARAMS.assignee]), DEFAULT_FILTERS.assignee),
    serviceId: service && UUID.test(service) ? service.toLowerCase() : null,
    overdue: single(query[PARAMS.overdue]) === '1',
    answered: single(query[PARAMS.answered]) === '1',
    trail: trail.length <= MAX_TRAIL && trail.every((c) => CURSOR.test(c)) ? trail : [],
  };
}

/** The route query of a state: only what differs from the defaults, the trail last. */
export function toInboxQuery(state: InboxState): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  if (state.status !== DEFAULT_FILTERS.status) query[PARAMS.status] = STATUS_WORDS[state.status];
  if (state.assignee !== DEFAULT_FILTERS.assignee) query[PARAMS.assignee] = ASSIGNEE_WORDS[state.assignee];
  if (state.serviceId) query[PARAMS.service] = state.serviceId;
  if (state.overdue) query[PARAMS.overdue] = '1';
  if (state.answered) query[PARAMS.answered] = '1';
  if (state.trail.length > 0) query[PARAMS.trail] = [...state.trail];
  return query;
}

/** Another filter chosen: the list starts again at its first page. */
export function withFilter<K extends keyof InboxFilters>(
  state: InboxState,
  key: K,
  value: InboxFilters[K],
): InboxState {
  return { ...state, [key]: value, trail: [] };
}

/** The next page: this page's cursor (`nextCursor` of its answer) joins the trail. */
export function nextPage(state: InboxState, nextCursor: string): InboxState {
  return { ...state, trail: [...state.trail, nextCursor] };
}

/** The previous page (the first page stays the first). */
export function previousPage(state: InboxState): InboxState {
  return { ...state, trail: state.trail.slice(0, -1) };
}

/** The page's number, 1 for the first. */
export function pageNumber(state: InboxState): number {
  return state.trail.length + 1;
}

/** Whether any filter differs from the defaults (the page then offers to reset them). */
export function isFiltered(filters: InboxFilters): boolean {
  return (Object.keys(DEFAULT_FILTERS) as (keyof InboxFilters)[]).some(
    (key) => filters[key] !== DEFAULT_FILTERS[key],
  );
}

export interface InboxApiFilters {
  status?: Exclude<StatusFilter, 'all'>;
  serviceId?: string;
  assignee?: Exclude<AssigneeFilter, 'all'>;
  overdue?: boolean;
  answered?: boolean;
}

/** The filters as `GET /applications/counts` takes them (and the list, see `listQuery`). */
export function apiFilters(filters: InboxFilters): InboxApiFilters {
  const query: InboxApiFilters = {};
  if (filters.status !== 'all') query.status = filters.status;
  if (filters.serviceId) query.serviceId = filters.serviceId;
  if (filters.assignee !== 'all') query.assignee = filters.assignee;
  if (filters.overdue) query.overdue = true;
  if (filters.answered) query.answered = true;
  return query;
}

/** The query of `GET /applications` for the state's page: by due date, soonest first. */
export function listQuery(
  state: InboxState,
): InboxApiFilters & { sort: 'due'; limit: number; cursor?: string } {
  const cursor = state.trail[state.trail.length - 1];
  return { ...apiFilters(state), sort: 'due', limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
}
