import type { Schema } from '@buergeramt/api-client';
import { addDays, addMonths, cityDay, isoWeekday, monthBounds, monthOf } from '@buergeramt/ui';

export type Slot = Schema<'SlotDto'>;

/** An office as the booking steps show it (the service's `locations`). */
export interface Office {
  id: string;
  name: string;
  /** one line */
  address: string;
}

/** The free times on one calendar date of the city, earliest first. */
export function slotsOnDay(slots: readonly Slot[], day: string): Slot[] {
  return slots
    .filter((slot) => cityDay(slot.start) === day)
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

export interface OfficeSlots {
  office: Office;
  slots: Slot[];
}

/**
 * The free times grouped by office: the office with the earliest free time first ("any office, earliest
 * first"), each office's times in order. Times of offices not in `offices` are left out.
 */
export function slotsByOffice(slots: readonly Slot[], offices: readonly Office[]): OfficeSlots[] {
  const groups = offices
    .map((office) => ({
      office,
      slots: slots
        .filter((slot) => slot.locationId === office.id)
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start)),
    }))
    .filter((group) => group.slots.length > 0);
  const first = (group: OfficeSlots): number => Date.parse(group.slots[0]?.start ?? '');
  return groups.sort((a, b) => first(a) - first(b) || a.office.name.localeCompare(b.office.name));
}

/**
 * The weeks of a month as the calendar shows them: Monday first, seven entries per week, `null` for
 * the days of the neighbouring months.
 */
export function monthWeeks(month: string): (string | null)[][] {
  const { first, last } = monthBounds(month);
  const weeks: (string | null)[][] = [];
  let week: (string | null)[] = Array.from({ length: isoWeekday(first) - 1 }, () => null);
  for (let day = first; day <= last; day = addDays(day, 1)) {
    week.push(day);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length > 0) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);
  return weeks;
}

/**
 * The dates to ask `GET /slots` for so that `month` and the month after it are known: from its first
 * day (not before today) to the last day of the next month — at most 61 days (the API allows 62). Null
 * when the two months are over.
 */
export function slotWindow(
  month: string,
  today: string,
): { from: string; to: string; months: string[] } | null {
  const next = addMonths(month, 1);
  const first = monthBounds(month).first;
  const from = first < today ? today : first;
  const to = monthBounds(next).last;
  if (from > to) return null;
  return { from, to, months: [month, next] };
}

/** The next `limit` dates with free times, from `from` on, in order. */
export function nextFreeDays(counts: ReadonlyMap<string, number>, from: string, limit: number): string[] {
  return [...counts.keys()]
    .filter((day) => day >= from && (counts.get(day) ?? 0) > 0)
    .sort()
    .slice(0, limit);
}

/** Whether `day` lies in `month`. */
export function inMonth(day: string, month: string): boolean {
  return monthOf(day) === month;
}

/** The value of a time's radio: office and start (with "any office" the same start may be at several). */
export function slotKey(slot: Pick<Slot, 'locationId' | 'start'>): string {
  return `${slot.locationId}|${slot.start}`;
}

/** The office and start of a radio's value. */
export function parseSlotKey(key: string | undefined): { locationId: string; start: string } | null {
  const [locationId, start] = (key ?? '').split('|');
  return locationId && start ? { locationId, start } : null;
}
