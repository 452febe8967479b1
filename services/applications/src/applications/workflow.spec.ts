import { STATUSES, transition, type WorkflowAction } from './workflow';

describe('workflow', () => {
  const allowed: [string, WorkflowAction, string][] = [
    ['draft', 'submit', 'submitted'],
    ['info_requested', 'submit', 'submitted'],
    ['submitted', 'start_review', 'in_review'],
    ['in_review', 'request_info', 'info_requested'],
    ['in_review', 'approve', 'approved'],
    ['in_review', 'reject', 'rejected'],
    ['draft', 'withdraw', 'withdrawn'],
    ['submitted', 'withdraw', 'withdrawn'],
    ['in_review', 'withdraw', 'withdrawn'],
    ['info_requested', 'withdraw', 'withdrawn'],
  ];

  it.each(allowed)('allows %s --%s--> %s', (from, action, to) => {
    expect(transition(from as never, action)).toBe(to);
  });

  it('refuses every other pair', () => {
    const actions: WorkflowAction[] = [
      'submit',
      'start_review',
      'request_info',
      'approve',
      'reject',
      'withdraw',
    ];
    for (const from of STATUSES) {
      for (const action of actions) {
        if (allowed.some(([f, a]) => f === from && a === action)) continue;
        expect([from, action, transition(from, action)]).toEqual([from, action, null]);
      }
    }
  });
});
