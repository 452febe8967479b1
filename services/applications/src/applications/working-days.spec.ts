import { WorkingDays } from './working-days';

describe('WorkingDays (Baden-Württemberg)', () => {
  const days = new WorkingDays('BW');
  const berlin = (iso: string): string =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short' }).format(new Date(iso));

  it('skips weekends', () => {
    // Friday 2026-03-13 + 1 working day = Monday 2026-03-16
    expect(berlin(days.dueAt(new Date('2026-03-13T10:00:00Z'), 1).toISOString())).toBe('2026-03-16');
  });

  it("skips the state's public holidays (Good Friday, Easter Monday, Epiphany in BW)", () => {
    // Thursday 2026-04-02 + 1 = Tuesday 2026-04-07 (Karfreitag 3.4., Ostermontag 6.4.)
    expect(berlin(days.dueAt(new Date('2026-04-02T10:00:00Z'), 1).toISOString())).toBe('2026-04-07');
    // 6 January is a holiday in BW but not in Berlin
    expect(new WorkingDays('BW').isHoliday('2026-01-06')).toBe(true);
    expect(new WorkingDays('BE').isHoliday('2026-01-06')).toBe(false);
  });

  it('ends the due day at midnight Berlin time and uses the Berlin date of the submission', () => {
    // 23:30 UTC on Sunday 2026-03-15 is already Monday 00:30 in Berlin: +2 working days = Wednesday
    const due = days.dueAt(new Date('2026-03-15T23:30:00Z'), 2);
    expect(due.toISOString()).toBe('2026-03-18T22:59:59.999Z');
  });

  it('counts the year in the city calendar', () => {
    expect(WorkingDays.cityYear(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
  });
});
