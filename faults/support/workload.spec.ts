import type { Mail } from './mailbox';
import { type Check, tally } from './workload';

function check(rows: number, messageIds: string[]): Check {
  const id = `intent-${rows}-${messageIds.join('-')}`;
  return {
    intent: { kind: 'submission', id, citizen: { email: 'a@b.de', userId: 'u', token: 't' }, purpose: 'p' },
    outcome: { confirmed: true, resultId: 'row-0', error: null },
    rows: Array.from({ length: rows }, (_, i) => ({ id: `row-${i}`, status: 'submitted' })),
    mails: messageIds.map((messageId) => ({ messageId }) as Mail),
  };
}

describe('tally (what the fault suite counts)', () => {
  it('counts one row and one mail as complete', () => {
    const t = tally([check(1, ['<a@x>'])]);
    expect(t).toMatchObject({ sent: 1, confirmed: 1, stored: 1, delivered: 1, lost: 0, duplicated: 0 });
    expect(t.duplicates).toEqual([]);
    expect(t.resends).toEqual([]);
  });

  it('lists the same message accepted twice (same Message-ID) as a resend, not as a duplicate', () => {
    const t = tally([check(1, ['<a@x>', '<a@x>'])]);
    expect(t).toMatchObject({ duplicated: 0, resent: 1, lost: 0 });
    expect(t.duplicates).toEqual([]);
    expect(t.resends).toHaveLength(1);
  });

  it('counts a second, different mail and a second row as duplicates', () => {
    const t = tally([check(1, ['<a@x>', '<b@x>']), check(2, ['<c@x>'])]);
    expect(t.duplicated).toBe(2);
    expect(t.duplicates).toHaveLength(2);
    expect(t.resends).toEqual([]);
  });

  it('counts an intent without a mail as lost', () => {
    const t = tally([check(1, [])]);
    expect(t.lost).toBe(1);
    expect(t.missing).toHaveLength(1);
  });
});
