import type { Application } from '../applications/api';
import type { Appointment } from '../appointments/api';

/** One line of the resident's "what is next" list on the start page. */
export type TimelineItem =
  | { kind: 'question'; application: Application; at: string }
  | { kind: 'draft'; application: Application; at: string }
  | { kind: 'decision'; application: Application; at: string }
  | { kind: 'unread'; count: number; at: string }
  | { kind: 'appointment'; appointment: Appointment; at: string }
  | { kind: 'inProgress'; application: Application; at: string };

/** Decisions stay on the start page this long after they were made. */
const RECENT_DECISION_DAYS = 30;

/** What needs the person first: the office's questions, drafts, new decisions and messages, then what is coming. */
const ORDER: Record<TimelineItem['kind'], number> = {
  question: 0,
  draft: 1,
  decision: 2,
  unread: 3,
  appointment: 4,
  inProgress: 5,
};

/**
 * The resident's open matters in one list, ordered by what needs their action first: a question from the
 * office, a draft not sent, a decision of the last 30 days (its letter is new), unread messages, the
 * upcoming appointments (soonest first), the cases at the office. Within a kind the newest (appointments:
 * the soonest) comes first.
 */
export function buildTimeline(
  applications: readonly Application[],
  appointments: readonly Appointment[],
  unread: number,
  now: Date,
): TimelineItem[] {
  const recent = now.getTime() - RECENT_DECISION_DAYS * 86_400_000;
  const items: TimelineItem[] = [];
  for (const application of applications) {
    const at = application.updatedAt;
    if (application.status === 'info_requested') items.push({ kind: 'question', application, at });
    else if (application.status === 'draft') items.push({ kind: 'draft', application, at });
    else if (application.status === 'submitted' || application.status === 'in_review')
      items.push({ kind: 'inProgress', application, at });
    else if (application.decision && Date.parse(application.decision.decidedAt) >= recent)
      items.push({ kind: 'decision', application, at: application.decision.decidedAt });
  }
  if (unread > 0) items.push({ kind: 'unread', count: unread, at: now.toISOString() });
  for (const appointment of appointments)
    items.push({ kind: 'appointment', appointment, at: appointment.start });
  return items.sort((a, b) => {
    const byKind = ORDER[a.kind] - ORDER[b.kind];
    if (byKind !== 0) return byKind;
    // appointments: the soonest first; everything else: the newest first
    return a.kind === 'appointment'
      ? Date.parse(a.at) - Date.parse(b.at)
      : Date.parse(b.at) - Date.parse(a.at);
  });
}
