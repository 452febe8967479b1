import { describe, expect, it } from 'vitest';
import type { LocationQuery } from 'vue-router';
import {
  apiFilters,
  DEFAULT_FILTERS,
  type InboxState,
  isFiltered,
  listQuery,
  nextPage,
  PAGE_SIZE,
  pageNumber,
  parseInboxQuery,
  previousPage,
  toInboxQuery,
  withFilter,
} from './inboxQuery';

const SERVICE = '0195a000-0000-7000-8000-0000000000aa';
const first: InboxState = { ...DEFAULT_FILTERS, trail: [] };

/** The query as vue-router hands it to the page after navigating to `toInboxQuery(state)`. */
function roundTrip(state: InboxState): InboxState {
  return parseInboxQuery(toInboxQuery(state) as LocationQuery);
}

describe('the inbox filters in the URL', () => {
  it('the plain address is the open cases of everybody, first page', () => {
    expect(parseInboxQuery({})).toEqual(first);
    expect(toInboxQuery(first)).toEqual({});
    expect(isFiltered(first)).toBe(false);
  });

  it('writes every filter in German words and reads it back', () => {
    const state: InboxState = {
      status: 'in_review',
      assignee: 'none',
      serviceId: SERVICE,
      overdue: true,
      answered: true,
      trail: ['YWJj', 'ZGVm'],
    };
    expect(toInboxQuery(state)).toEqual({
      status: 'in-pruefung',
      zustaendig: 'niemand',
      leistung: SERVICE,
      ueberfaellig: '1',
      antwort: '1',
      ab: ['YWJj', 'ZGVm'],
    });
    expect(roundTrip(state)).toEqual(state);
    expect(isFiltered(state)).toBe(true);
  });

  it.each([
    ['open', {}],
    ['all', { status: 'alle' }],
    ['submitted', { status: 'eingegangen' }],
    ['info_requested', { status: 'rueckfrage' }],
    ['approved', { status: 'bewilligt' }],
    ['rejected', { status: 'abgelehnt' }],
    ['withdrawn', { status: 'zurueckgezogen' }],
  ] as const)('status %s ⇄ %j', (status, query) => {
    expect(toInboxQuery({ ...first, status })).toEqual(query);
    expect(parseInboxQuery(query).status).toBe(status);
  });

  it.each([
    ['all', {}],
    ['me', { zustaendig: 'ich' }],
    ['none', { zustaendig: 'niemand' }],
    ['any', { zustaendig: 'jemand' }],
  ] as const)('assignee %s ⇄ %j', (assignee, query) => {
    expect(toInboxQuery({ ...first, assignee })).toEqual(query);
    expect(parseInboxQuery(query).assignee).toBe(assignee);
  });

  it('ignores what it does not understand, and takes the first of repeated filters', () => {
    expect(
      parseInboxQuery({
        status: 'draft',
        zustaendig: 'me',
        leistung: 'Meldebescheinigung',
        ueberfaellig: 'true',
        antwort: 'ja',
        ab: 'not a cursor!',
      }),
    ).toEqual(first);
    expect(parseInboxQuery({ status: ['abgelehnt', 'bewilligt'], leistung: SERVICE.toUpperCase() })).toEqual({
      ...first,
      status: 'rejected',
      serviceId: SERVICE,
    });
    // an absurdly long trail is not a place anybody paged to
    expect(parseInboxQuery({ ab: Array.from({ length: 51 }, () => 'YQ') }).trail).toEqual([]);
    expect(parseInboxQuery({ ab: [null, 'YQ'] as never }).trail).toEqual(['YQ']);
  });

  it('pages forward and back with the filter kept; a new filter starts at the first page', () => {
    const filtered = withFilter(first, 'assignee', 'none');
    const second = nextPage(filtered, 'Y3Vyc29yMQ');
    const third = nextPage(second, 'Y3Vyc29yMg');
    expect(pageNumber(third)).toBe(3);
    expect(toInboxQuery(third)).toEqual({ zustaendig: 'niemand', ab: ['Y3Vyc29yMQ', 'Y3Vyc29yMg'] });
    expect(roundTrip(third)).toEqual(third);
    expect(previousPage(third)).toEqual(second);
    expect(previousPage(previousPage(second))).toEqual(filtered);
    expect(pageNumber(previousPage(filtered))).toBe(1);
    const changed = withFilter(third, 'overdue', true);
    expect(changed.trail).toEqual([]);
    expect(toInboxQuery(changed)).toEqual({ zustaendig: 'niemand', ueberfaellig: '1' });
  });

  it('asks the API for the page by due date with the filters; "all" filters nothing', () => {
    expect(listQuery(first)).toEqual({ status: 'open', sort: 'due', limit: PAGE_SIZE });
    const state: InboxState = {
      status: 'all',
      assignee: 'me',
      serviceId: SERVICE,
      overdue: true,
      answered: false,
      trail: ['YQ', 'Yg'],
    };
    expect(listQuery(state)).toEqual({
      serviceId: SERVICE,
      assignee: 'me',
      overdue: true,
      sort: 'due',
      limit: PAGE_SIZE,
      cursor: 'Yg',
    });
    expect(apiFilters({ ...state, answered: true, assignee: 'all', status: 'withdrawn' })).toEqual({
      status: 'withdrawn',
      serviceId: SERVICE,
      overdue: true,
      answered: true,
    });
  });
});
