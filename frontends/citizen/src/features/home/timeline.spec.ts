import { describe, expect, it } from 'vitest';
import type { Application } from '../applications/api';
import type { Appointment } from '../appointments/api';
import { buildTimeline } from './timeline';

const NOW = new Date('2026-12-06T12:00:00Z');

function application(
  id: string,
  status: Application['status'],
  updatedAt: string,
  decidedAt?: string,
): Application {
  return {
    id,
    status,
    updatedAt,
    decision: decidedAt ? { outcome: 'approved', reason: 'ok', decidedAt, documentId: null } : null,
  } as Application;
}

const appointment = (id: string, start: string) => ({ id, start }) as Appointment;

describe('buildTimeline', () => {
  it('puts the office’s question first, then drafts, new decisions, unread messages, appointments, open cases', () => {
    const items = buildTimeline(
      [
        application('review', 'in_review', '2026-12-05T10:00:00Z'),
        application('old-decision', 'approved', '2026-10-01T10:00:00Z', '2026-10-01T10:00:00Z'),
        application('decided', 'rejected', '2026-12-04T10:00:00Z', '2026-12-04T10:00:00Z'),
        application('draft', 'draft', '2026-12-03T10:00:00Z'),
        application('question', 'info_requested', '2026-11-20T10:00:00Z'),
        application('withdrawn', 'withdrawn', '2026-12-05T10:00:00Z'),
      ],
      [appointment('later', '2026-12-20T09:00:00+01:00'), appointment('soon', '2026-12-08T09:00:00+01:00')],
      2,
      NOW,
    );
    expect(
      items.map((i) =>
        i.kind === 'unread' ? 'unread' : i.kind === 'appointment' ? i.appointment.id : i.application.id,
      ),
    ).toEqual(['question', 'draft', 'decided', 'unread', 'soon', 'later', 'review']);
  });

  it('leaves out decisions older than 30 days, withdrawn cases and a zero unread count', () => {
    expect(
      buildTimeline(
        [
          application('old', 'approved', '2026-10-01T10:00:00Z', '2026-10-01T10:00:00Z'),
          application('gone', 'withdrawn', '2026-12-01T10:00:00Z'),
        ],
        [],
        0,
        NOW,
      ),
    ).toEqual([]);
  });
});
