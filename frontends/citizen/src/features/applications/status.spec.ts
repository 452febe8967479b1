import { describe, expect, it } from 'vitest';
import { byWhatNeedsAction, canWithdraw, isEditable, statusTone, timelineEvent } from './status';

describe('application status', () => {
  it('lets the resident edit a draft and a case with a question, and withdraw until the decision', () => {
    expect(['draft', 'info_requested'].every((s) => isEditable(s as never))).toBe(true);
    expect(['submitted', 'in_review', 'approved'].some((s) => isEditable(s as never))).toBe(false);
    expect(canWithdraw('in_review')).toBe(true);
    expect(canWithdraw('draft')).toBe(false);
    expect(canWithdraw('approved')).toBe(false);
  });

  it('names a submission after a question "resubmitted"', () => {
    expect(timelineEvent({ from: null, to: 'draft' })).toBe('started');
    expect(timelineEvent({ from: 'draft', to: 'submitted' })).toBe('submitted');
    expect(timelineEvent({ from: 'info_requested', to: 'submitted' })).toBe('resubmitted');
    expect(timelineEvent({ from: 'in_review', to: 'info_requested' })).toBe('infoRequested');
    expect(timelineEvent({ from: 'in_review', to: 'rejected' })).toBe('rejected');
  });

  it('marks the question to the resident as a warning and the outcome by its tone', () => {
    expect(statusTone('info_requested')).toBe('warning');
    expect(statusTone('approved')).toBe('success');
    expect(statusTone('rejected')).toBe('error');
  });

  it('puts what waits on the resident first, finished cases last, newest first within each', () => {
    const items = [
      { id: 'a', status: 'approved', updatedAt: '2026-12-05' },
      { id: 'b', status: 'in_review', updatedAt: '2026-12-01' },
      { id: 'c', status: 'draft', updatedAt: '2026-12-02' },
      { id: 'd', status: 'info_requested', updatedAt: '2026-11-01' },
      { id: 'e', status: 'draft', updatedAt: '2026-12-04' },
    ] as const;
    expect(byWhatNeedsAction(items).map((i) => i.id)).toEqual(['d', 'e', 'c', 'b', 'a']);
  });
});
