import { describe, expect, it } from 'vitest';
import { isChangeable } from './status';

const NOW = Date.parse('2026-12-08T09:00:00+01:00');
const at = (id: string, status: string, start: string, end: string) =>
  ({ id, status, start, end }) as { id: string; status: 'confirmed'; start: string; end: string };

describe('appointment statuses', () => {
  const items = [
    at('past', 'completed', '2026-12-01T08:00:00+01:00', '2026-12-01T08:20:00+01:00'),
    at('later', 'confirmed', '2026-12-20T08:00:00+01:00', '2026-12-20T08:20:00+01:00'),
    at('now', 'checked_in', '2026-12-08T08:50:00+01:00', '2026-12-08T09:10:00+01:00'),
    at('started', 'confirmed', '2026-12-08T08:55:00+01:00', '2026-12-08T09:15:00+01:00'),
    at('cancelled', 'cancelled', '2026-12-21T08:00:00+01:00', '2026-12-21T08:20:00+01:00'),
    at('soon', 'pending_confirmation', '2026-12-09T08:00:00+01:00', '2026-12-09T08:20:00+01:00'),
  ];

  it('lets only open appointments that have not started be moved or cancelled', () => {
    expect(items.filter((a) => isChangeable(a, NOW)).map((a) => a.id)).toEqual(['later', 'soon']);
  });
});
