import { appointmentCalendarTitle, appointmentCalendarUid, calendarSequence } from './appointment-calendar';

describe('an appointment’s calendar entry', () => {
  it('has one UID per appointment and public host', () => {
    expect(appointmentCalendarUid('0193f1c2-aaaa', 'https://termine.esslingen.de/')).toBe(
      '0193f1c2-aaaa@termine.esslingen.de',
    );
    expect(appointmentCalendarUid('x', 'http://localhost:8080')).toBe('x@localhost');
  });

  it('has a SEQUENCE that grows with the time of the change, the same for a Date and its ISO text', () => {
    const earlier = new Date('2026-12-07T10:00:00Z');
    const later = new Date('2026-12-07T10:00:01Z');
    expect(calendarSequence(later)).toBeGreaterThan(calendarSequence(earlier));
    expect(calendarSequence(earlier.toISOString())).toBe(calendarSequence(earlier));
    expect(calendarSequence(new Date('2020-01-01T00:00:00Z'))).toBe(0);
    expect(calendarSequence(new Date('2093-01-01T00:00:00Z'))).toBeLessThan(2 ** 31);
  });

  it('is titled by the service in the asked language', () => {
    expect(appointmentCalendarTitle({ de: 'Reisepass', en: 'Passport' }, 'de')).toBe('Termin: Reisepass');
    expect(appointmentCalendarTitle({ de: 'Reisepass', en: 'Passport' }, 'en')).toBe('Appointment: Passport');
    expect(appointmentCalendarTitle(null, 'de')).toBe('Termin im Bürgeramt');
  });
});
