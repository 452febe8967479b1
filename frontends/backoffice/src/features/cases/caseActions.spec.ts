import { describe, expect, it } from 'vitest';
import { caseActions, type CaseStatus } from './caseActions';

const clerk = { id: 'c1', role: 'clerk' } as const;
const supervisor = { id: 's1', role: 'supervisor' } as const;

describe('caseActions', () => {
  it('an unassigned submitted case: a clerk takes it or starts its review; only supervisors assign others', () => {
    expect(caseActions({ status: 'submitted', assignee: null }, clerk)).toEqual({
      assignToMe: true,
      assignOther: false,
      review: true,
      requestInfo: false,
      decide: false,
      why: null,
    });
    expect(caseActions({ status: 'submitted', assignee: null }, supervisor)).toMatchObject({
      assignOther: true,
      review: true,
    });
  });

  it('the assigned clerk works a case in review; another clerk may only take it, a supervisor may all', () => {
    const app = { status: 'in_review' as const, assignee: 'c1' };
    expect(caseActions(app, clerk)).toEqual({
      assignToMe: false,
      assignOther: false,
      review: false,
      requestInfo: true,
      decide: true,
      why: null,
    });
    expect(caseActions(app, { id: 'c2', role: 'clerk' })).toEqual({
      assignToMe: true,
      assignOther: false,
      review: false,
      requestInfo: false,
      decide: false,
      why: 'notYours',
    });
    expect(caseActions(app, supervisor)).toMatchObject({ assignToMe: true, requestInfo: true, decide: true });
  });

  it('a resubmission goes into review again; a case waiting for the resident offers no step', () => {
    expect(caseActions({ status: 'submitted', assignee: 'c1' }, clerk)).toMatchObject({
      review: true,
      decide: false,
      why: null,
    });
    expect(caseActions({ status: 'submitted', assignee: 'c2' }, clerk)).toMatchObject({
      review: false,
      why: 'notYours',
    });
    expect(caseActions({ status: 'info_requested', assignee: 'c1' }, clerk)).toMatchObject({
      review: false,
      requestInfo: false,
      decide: false,
      why: 'waiting',
    });
  });

  it.each([
    ['approved', 'decided'],
    ['rejected', 'decided'],
    ['withdrawn', 'withdrawn'],
  ] as [CaseStatus, string][])('%s: nothing to do (%s)', (status, why) => {
    expect(caseActions({ status, assignee: 'c1' }, supervisor)).toEqual({
      assignToMe: false,
      assignOther: false,
      review: false,
      requestInfo: false,
      decide: false,
      why,
    });
  });
});
