import { describe, expect, it } from 'vitest';
import { isChangeable, isUpcoming, splitAppointments } from './status';

const NOW = Date.parse('2026-12-08T09:00:00+01:00');
const at = (id: string, status: string, start: string, end: string) =>
  ({ id, status, start, end }) as { id: string; status: 'confirmed'; start: string; end: string };

describe('appointment statuses', () => {
  const items = [
    at('past', 'completed', '2026-12-01T08:00:00+01:00', '2026-12-01T08:20:00+01:00'),
    at('later', 'confirmed', '2026-12-20T08:00:00+01:00', '2026-12-20T08:20:00+01:00'),
    at('now', 'checked_in', '2026-12-08T08:50:00+01:00', '2026-12-08T09:10:00+01:00'),
    at('cancelled', 'cancelled', '2026-12-21T08:00:00+01:00', '2026-12-21T08:20:00+01:00'),
    at('soon', 'pending_confirmation', '2026-12-09T08:00:00+01:00', '2026-12-09T08:20:00+01:00'),
  ];

  it('puts upcoming appointments soonest first and the others latest first', () => {
    const { upcoming, past } = splitAppointments(items, NOW);
    expect(upcoming.map((a) => a.id)).toEqual(['now', 'soon', 'later']);
    expect(past.map((a) => a.id)).toEqual(['cancelled', 'past']);
  });

  it('lets only open appointments that have not started be moved or cancelled', () => {
    expect(items.filter((a) => isChangeable(a, NOW)).map((a) => a.id)).toEqual(['later', 'soon']);
    expect(isUpcoming(items[2]!, NOW)).toBe(true);
  });
});
