import { describe, expect, it } from 'vitest';
import { canCheckIn, filterAgenda, matchesText, readStatusFilter, ticketsByAppointment } from './agenda';
import { appointment, ticket } from './testing';

const day = [
  appointment(1, { name: 'Jürgen Müller', reference: 'T-7KQ2M9XA' }),
  appointment(2, { name: 'Erika Mustermann', status: 'checked_in', ticketNumber: 'T001' }),
  appointment(3, { name: null, status: 'pending_confirmation', reference: 'T-ABCDEFGH' }),
  appointment(4, { name: 'Hans Weiß', status: 'cancelled' }),
  appointment(5, { name: 'Ada Lovelace', status: 'no_show' }),
];

describe('the agenda’s filters', () => {
  it('reads the status filter from the URL, ignoring what is not one', () => {
    expect(readStatusFilter({ status: 'eingecheckt' })).toBe('eingecheckt');
    expect(readStatusFilter({ status: ['nicht-erschienen', 'x'] })).toBe('nicht-erschienen');
    expect(readStatusFilter({ status: 'checked_in' })).toBeNull();
    expect(readStatusFilter({ status: 'constructor' })).toBeNull();
    expect(readStatusFilter({})).toBeNull();
  });

  it('filters by status, and finds people by name or reference as typed', () => {
    const names = (list: typeof day) => list.map((a) => a.name);
    expect(names(filterAgenda(day, 'erwartet', ''))).toEqual(['Jürgen Müller', null]);
    expect(names(filterAgenda(day, 'eingecheckt', ''))).toEqual(['Erika Mustermann']);
    expect(names(filterAgenda(day, null, 'MULLER'))).toEqual(['Jürgen Müller']);
    expect(names(filterAgenda(day, null, 'weiss'))).toEqual(['Hans Weiß']);
    expect(names(filterAgenda(day, null, 't-7kq2 m9'))).toEqual(['Jürgen Müller']);
    expect(names(filterAgenda(day, null, 'abcd-efgh'))).toEqual([null]);
    expect(names(filterAgenda(day, 'abgesagt', 'müller'))).toEqual([]);
    expect(filterAgenda(day, null, '  ')).toHaveLength(5);
    expect(matchesText(day[0]!, '-')).toBe(false);
  });

  it('offers check-in for booked appointments without a ticket only', () => {
    expect(day.map(canCheckIn)).toEqual([true, false, true, false, false]);
    expect(canCheckIn(appointment(6, { status: 'confirmed', ticketNumber: 'T002' }))).toBe(false);
  });

  it('finds the ticket of a checked-in appointment', () => {
    const map = ticketsByAppointment([ticket('T001', { appointmentId: 'appointment-2' }), ticket('A001')]);
    expect(map.get('appointment-2')?.number).toBe('T001');
    expect(map.size).toBe(1);
  });
});
