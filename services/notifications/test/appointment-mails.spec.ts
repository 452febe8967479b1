import { defined, waitFor } from '@buergeramt/testing';
import { FeedbackTokens } from '@buergeramt/platform';
import { AppointmentsConsumer } from '../src/appointments/appointments.consumer';
import { AppointmentStateEntity } from '../src/reminders/appointment-state.entity';
import { formatTimeRange } from '../src/templates/format';
import { aPerson, anAppointment, anEvent, type Person, profileChanged } from './support/events';
import { CITY_NAME, FEEDBACK_SECRET, type Harness, PUBLIC_BASE_URL, startHarness } from './support/harness';
import { linksIn, parseIcs } from './support/mime';

const DAY = 24 * 3600_000;
const EXTRAS = {
  serviceName: { de: 'Personalausweis beantragen', en: 'Apply for an ID card' },
  locationName: 'Bürgeramt Mitte',
  locationAddress: 'Ritterstraße 17, 73728 Esslingen am Neckar',
};

describe('appointment mails and reminders (appointment events → SMTP)', () => {
  let h: Harness;
  let citizen: Person;

  beforeAll(async () => {
    h = await startHarness();
    citizen = aPerson({ locale: 'de' });
    await h.publish(profileChanged(citizen));
    await h.settle();
  });

  afterAll(async () => {
    await h?.close();
  });

  const dueAt = (job: { timestamp: number; opts: { delay?: number } }): number =>
    job.timestamp + (job.opts.delay ?? 0);
  const state = (appointmentId: string) =>
    h.db.getRepository(AppointmentStateEntity).findOneByOrFail({ appointmentId });
  const reminderMails = (to: string, reference: string) =>
    h.mailsTo(to).filter((m) => m.subject === 'Erinnerung an Ihren Termin' && m.text.includes(reference));

  it('confirms a logged-in booking with the .ics attached and the manage link, and schedules the reminder', async () => {
    const appointment = anAppointment({ owner: citizen, extras: EXTRAS });
    await h.publish(anEvent('appointment.booked', appointment));
    const mail = await h.mailTo(citizen.email, (m) => m.subject === 'Ihr Termin ist bestätigt');
    expect(mail.text).toContain('Guten Tag Anna,');
    expect(mail.text).toContain(`Buchungsnummer: ${appointment.reference}`);
    expect(mail.text).toContain('Anliegen: Personalausweis beantragen');
    expect(linksIn(mail.text)).toContain(`${PUBLIC_BASE_URL}/termine/${appointment.appointmentId}`);

    expect(mail.attachments).toHaveLength(1);
    const ics = defined(mail.attachments[0], 'the calendar entry');
    expect(ics.filename).toBe('termin.ics');
    expect(ics.contentType).toBe('text/calendar');
    const { method, event } = parseIcs(ics.content);
    expect(method).toBe('PUBLISH');
    expect(event.uid).toBe(`${appointment.appointmentId}@buergeramt.example.org`);
    expect(event.startDate.toJSDate().toISOString()).toBe(appointment.start);
    expect(event.endDate.toJSDate().toISOString()).toBe(appointment.end);
    expect(event.location).toBe('Bürgeramt Mitte, Ritterstraße 17, 73728 Esslingen am Neckar');
    expect(event.summary).toBe('Termin: Personalausweis beantragen');

    const [job, ...more] = await h.reminderJobs(appointment.appointmentId);
    expect(more).toEqual([]);
    if (!job) throw new Error('no reminder job');
    expect(job.name).toBe('reminder');
    expect(job.id).toBe(`reminder-${appointment.appointmentId}-${Date.parse(appointment.start)}`);
    expect(job.data).toEqual({ appointmentId: appointment.appointmentId, start: appointment.start });
    expect(await job.getState()).toBe('delayed');
    expect(Math.abs(dueAt(job) - (Date.parse(appointment.start) - DAY))).toBeLessThan(5000);
    expect(await state(appointment.appointmentId)).toMatchObject({
      status: 'confirmed',
      reminder: 'scheduled',
    });
  });

  it('names the city in the calendar entry when the event carries no location or service name', async () => {
    const appointment = anAppointment({ owner: citizen });
    await h.publish(anEvent('appointment.booked', appointment));
    const mail = await h.mailTo(citizen.email, (m) => m.text.includes(appointment.reference));
    const { event } = parseIcs(defined(mail.attachments[0], 'the calendar entry').content);
    expect(event.location).toBe(CITY_NAME);
    expect(event.summary).toBe('Termin im Bürgeramt');
  });

  it('mails a guest the confirmation link in their language and confirms with .ics once they confirmed', async () => {
    const guest = { name: 'Jane Doe', email: 'jane.doe@example.org', locale: 'en' as const };
    const appointment = anAppointment({ guest, extras: EXTRAS });
    await h.publish(anEvent('appointment.booked', appointment));
    const link = await h.mailTo(guest.email, (m) => m.subject === 'Please confirm your appointment');
    expect(link.text).toContain('Hello Jane Doe,');
    expect(linksIn(link.text)).toContain(
      `${PUBLIC_BASE_URL}/termine/${appointment.appointmentId}/bestaetigen?token=${appointment.manageToken}`,
    );
    expect(link.attachments).toHaveLength(0);
    await h.settle();
    expect(await h.reminderJobRows(appointment.appointmentId)).toEqual([]);

    await h.publish(anEvent('appointment.confirmed', appointment));
    const confirmation = await h.mailTo(guest.email, (m) => m.subject === 'Your appointment is confirmed');
    expect(linksIn(confirmation.text)).toContain(
      `${PUBLIC_BASE_URL}/termine/${appointment.appointmentId}?token=${appointment.manageToken}`,
    );
    expect(parseIcs(defined(confirmation.attachments[0], 'the calendar entry').content).event.summary).toBe(
      'Appointment: Apply for an ID card',
    );
    expect(await h.reminderJobs(appointment.appointmentId)).toHaveLength(1);
  });

  it('sends one confirmation when a logged-in booking is reported as booked and as confirmed', async () => {
    const appointment = anAppointment({ owner: citizen });
    await h.publish(anEvent('appointment.booked', appointment));
    await h.settle();
    await h.publish(anEvent('appointment.confirmed', appointment));
    await h.settle();
    const confirmations = h
      .mailsTo(citizen.email)
      .filter((m) => m.subject === 'Ihr Termin ist bestätigt' && m.text.includes(appointment.reference));
    expect(confirmations).toHaveLength(1);
  });

  it('turns the reminder off on cancellation (its job sends nothing) and mails the cancellation with a CANCEL calendar entry', async () => {
    const appointment = anAppointment({ owner: citizen });
    await h.publish(anEvent('appointment.booked', appointment));
    await h.settle();
    expect(await h.reminderJobs(appointment.appointmentId)).toHaveLength(1);

    await h.publish(anEvent('appointment.cancelled', { ...appointment, cancelledBy: 'staff' }));
    const mail = await h.mailTo(citizen.email, (m) => m.subject === 'Ihr Termin wurde abgesagt');
    expect(mail.text).toContain('musste leider vom Bürgeramt abgesagt werden');
    const { method, event } = parseIcs(defined(mail.attachments[0], 'the calendar entry').content);
    expect(method).toBe('CANCEL');
    expect(event.uid).toBe(`${appointment.appointmentId}@buergeramt.example.org`);
    await h.settle();
    expect(await state(appointment.appointmentId)).toMatchObject({
      status: 'cancelled',
      reminder: 'removed',
    });
    // the job was not removed: when it runs, it finds the appointment cancelled and sends nothing
    expect(await h.reminderJobRows(appointment.appointmentId)).toHaveLength(1);
    await h.runReminders(appointment.appointmentId);
    expect(reminderMails(citizen.email, appointment.reference)).toEqual([]);
    expect(
      await h.deliveries({ kind: 'appointment-reminder', recipientEmail: citizen.email }),
    ).not.toContainEqual(
      expect.objectContaining({ dedupeKey: expect.stringContaining(appointment.appointmentId) }),
    );
    expect(await state(appointment.appointmentId)).toMatchObject({
      status: 'cancelled',
      reminder: 'removed',
    });
  });

  it('moves the reminder on reschedule and mails the new and the old time; one reminder goes out, for the new time', async () => {
    const appointment = anAppointment({ owner: citizen, startInMs: 3 * DAY });
    await h.publish(anEvent('appointment.booked', appointment));
    await h.settle();
    const moved = anAppointment({ owner: citizen, startInMs: 5 * DAY });
    const rescheduled = {
      ...appointment,
      start: moved.start,
      end: moved.end,
      previousStart: appointment.start,
      previousEnd: appointment.end,
    };
    await h.publish(anEvent('appointment.rescheduled', rescheduled));
    const mail = await h.mailTo(citizen.email, (m) => m.subject === 'Ihr Termin wurde verschoben');
    expect(mail.text).toContain('(bisher: ');
    const { event } = parseIcs(defined(mail.attachments[0], 'the calendar entry').content);
    expect(event.startDate.toJSDate().toISOString()).toBe(moved.start);
    expect(event.sequence).toBeGreaterThan(0);
    await h.settle();
    expect(await state(appointment.appointmentId)).toMatchObject({
      status: 'confirmed',
      reminder: 'scheduled',
    });
    // the job of the old start stays in the queue; the new start has a job of its own
    const jobs = await h.reminderJobs(appointment.appointmentId);
    expect(jobs.map((j) => j.data.start).sort()).toEqual([appointment.start, moved.start].sort());
    const job = jobs.find((j) => j.data.start === moved.start)!;
    expect(job.data).toEqual({ appointmentId: appointment.appointmentId, start: moved.start });
    expect(Math.abs(dueAt(job) - (Date.parse(moved.start) - DAY))).toBeLessThan(5000);

    // the jobs run now, not in days: the old start's sends nothing, the new start's one reminder
    await h.runReminders(appointment.appointmentId, appointment.start);
    expect(reminderMails(citizen.email, appointment.reference)).toEqual([]);
    expect(await state(appointment.appointmentId)).toMatchObject({ reminder: 'scheduled' });
    await h.runReminders(appointment.appointmentId, moved.start);
    const reminders = reminderMails(citizen.email, appointment.reference);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.text).toContain(formatTimeRange(moved.start, moved.end, 'de'));
    expect(reminders[0]?.text).not.toContain(formatTimeRange(appointment.start, appointment.end, 'de'));
    const deliveries = await h.deliveries({ kind: 'appointment-reminder', recipientEmail: citizen.email });
    expect(
      deliveries
        .filter((d) => d.dedupeKey.startsWith(`appointment:${appointment.appointmentId}:`))
        .map((d) => d.dedupeKey),
    ).toEqual([`appointment:${appointment.appointmentId}:reminder:${moved.start}`]);
    expect(await state(appointment.appointmentId)).toMatchObject({ reminder: 'sent' });
  });

  it('sends a reminder job an earlier version added to the queue itself (job id reminder-<id>) once', async () => {
    const appointment = anAppointment({ owner: citizen, startInMs: 4 * DAY });
    await h.publish(anEvent('appointment.booked', appointment));
    await h.settle();
    // as ReminderScheduler of earlier versions added it (here due at once), beside the job of this version
    await h.reminderQueue.add(
      'reminder',
      { appointmentId: appointment.appointmentId, start: appointment.start },
      {
        jobId: `reminder-${appointment.appointmentId}`,
        attempts: 5,
        backoff: { type: 'exponential', delay: 5000 },
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
      },
    );
    await h.mailTo(
      citizen.email,
      (m) => m.subject === 'Erinnerung an Ihren Termin' && m.text.includes(appointment.reference),
    );
    await waitFor(async () => (await state(appointment.appointmentId)).reminder === 'sent');
    await h.runReminders(appointment.appointmentId);
    expect(reminderMails(citizen.email, appointment.reference)).toHaveLength(1);
  });

  it('writes the reminder job in the event’s transaction: a rolled-back change enqueues nothing', async () => {
    const consumer = h.service.app.get(AppointmentsConsumer);
    const appointment = anAppointment({ owner: citizen });
    const event = anEvent('appointment.booked', appointment);
    await expect(
      h.db.transaction(async (manager) => {
        await consumer.booked(event, manager);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await h.reminderJobRows(appointment.appointmentId)).toEqual([]);
    expect(
      await h.db
        .getRepository(AppointmentStateEntity)
        .findOneBy({ appointmentId: appointment.appointmentId }),
    ).toBeNull();

    // the same change committed writes the job (and the relay hands it over)
    await h.db.transaction((manager) => consumer.booked(event, manager));
    expect(await h.reminderJobRows(appointment.appointmentId)).toEqual([
      expect.objectContaining({
        name: 'reminder',
        jobId: `reminder-${appointment.appointmentId}-${Date.parse(appointment.start)}`,
        data: { appointmentId: appointment.appointmentId, start: appointment.start },
      }),
    ]);
    expect(await h.reminderJobs(appointment.appointmentId)).toHaveLength(1);
    await h.settle();
  });

  it('sends the reminder 24 hours before the appointment', async () => {
    const appointment = anAppointment({ owner: citizen, startInMs: DAY + 2500 });
    await h.publish(anEvent('appointment.booked', appointment));
    const reminder = await h.mailTo(
      citizen.email,
      (m) => m.subject === 'Erinnerung an Ihren Termin' && m.text.includes(appointment.reference),
      15_000,
    );
    expect(linksIn(reminder.text)).toContain(`${PUBLIC_BASE_URL}/termine/${appointment.appointmentId}`);
    await waitFor(async () => (await state(appointment.appointmentId)).reminder === 'sent');
  });

  it('schedules no reminder for a booking less than 24 hours ahead', async () => {
    const appointment = anAppointment({ owner: citizen, startInMs: 5 * 3600_000 });
    await h.publish(anEvent('appointment.booked', appointment));
    await h.settle();
    expect(await h.reminderJobRows(appointment.appointmentId)).toEqual([]);
    expect(await state(appointment.appointmentId)).toMatchObject({ status: 'confirmed', reminder: 'none' });
  });

  it('ignores an event older than the last one applied (no confirmation after the cancellation)', async () => {
    const appointment = anAppointment({ owner: citizen });
    const booked = anEvent('appointment.booked', appointment, { occurredAt: new Date(Date.now() - 60_000) });
    await h.publish(anEvent('appointment.cancelled', { ...appointment, cancelledBy: 'owner' }));
    await h.settle();
    await h.publish(booked);
    await h.settle();
    const mails = h.mailsTo(citizen.email).filter((m) => m.text.includes(appointment.reference));
    expect(mails.map((m) => m.subject)).toEqual(['Ihr Termin wurde abgesagt']);
    expect(await h.reminderJobRows(appointment.appointmentId)).toEqual([]);
  });

  it('greets a guest whose "name" is a sentence with a link neutrally, and leaves it off the address line', async () => {
    const guest = {
      name: 'Erika, bitte bestätigen Sie unter https://evil.example',
      email: 'erika.phish@example.org',
      locale: 'de' as const,
    };
    const appointment = anAppointment({ guest, extras: EXTRAS });
    await h.publish(anEvent('appointment.booked', appointment));
    const mail = await h.mailTo(guest.email, (m) => m.subject === 'Bitte bestätigen Sie Ihren Termin');
    expect(mail.text.startsWith('Guten Tag,\n')).toBe(true);
    expect(mail.html).toContain('>Guten Tag,</p>');
    for (const part of [mail.text, mail.html, mail.raw]) expect(part).not.toContain('evil.example');
    expect(mail.headers.to).toBe(guest.email);
    const [delivery] = await h.deliveries({ kind: 'guest-confirmation', recipientEmail: guest.email });
    expect(delivery?.recipientName).toBeNull();
  });

  it('lets an unconfirmed guest booking expire: no reminder, and a late confirmation changes nothing', async () => {
    const guest = { name: 'Eve', email: 'eve.expired@example.org', locale: 'de' as const };
    const appointment = anAppointment({ guest });
    const at = Date.now();
    await h.publish(anEvent('appointment.booked', appointment, { occurredAt: new Date(at) }));
    await h.settle();
    await h.publish(anEvent('appointment.expired', appointment, { occurredAt: new Date(at + 1000) }));
    await h.settle();
    expect(await state(appointment.appointmentId)).toMatchObject({ status: 'expired', reminder: 'none' });
    await h.publish(anEvent('appointment.confirmed', appointment, { occurredAt: new Date(at + 2000) }));
    await h.settle();
    expect(h.mailsTo(guest.email).map((m) => m.subject)).toEqual(['Bitte bestätigen Sie Ihren Termin']);
    expect(await h.reminderJobRows(appointment.appointmentId)).toEqual([]);
  });

  it("names the time the booking service set for the guest's confirmation, not a default of its own", async () => {
    const guest = { name: 'Karla Kurz', email: 'karla.confirm-by@example.org', locale: 'de' as const };
    const occurredAt = new Date('2026-12-07T09:00:00Z');
    // a city with GUEST_CONFIRMATION_MINUTES=45: 10:45 in Esslingen, where the old default said 10:30
    const appointment = { ...anAppointment({ guest }), confirmBy: '2026-12-07T09:45:00.000Z' };
    await h.publish(anEvent('appointment.booked', appointment, { occurredAt }));
    const mail = await h.mailTo(guest.email, (m) => m.subject === 'Bitte bestätigen Sie Ihren Termin');
    expect(mail.text).toContain('bis 10:45 Uhr');
  });

  it('records a guest booking that carries no token as a failed mail with a clear error', async () => {
    const guest = { name: 'Tim', email: 'tim.notoken@example.org', locale: 'de' as const };
    const appointment = { ...anAppointment({ guest }), manageToken: null };
    await h.publish(anEvent('appointment.booked', appointment));
    await h.settle();
    const [delivery] = await h.deliveries({ kind: 'guest-confirmation', recipientEmail: guest.email });
    expect(delivery).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/^missing-token: /),
    });
    expect(h.mailsTo(guest.email)).toHaveLength(0);
  });

  it('asks for feedback after a completed appointment with one-click rating links, at most once a week', async () => {
    const person = aPerson({ locale: 'en' });
    await h.publish(profileChanged(person));
    const first = anAppointment({ owner: person });
    await h.publish(anEvent('appointment.completed', { ...first, completedAt: new Date().toISOString() }));
    const mail = await h.mailTo(person.email, (m) => m.subject === 'How satisfied were you?');
    const tokens = new FeedbackTokens(FEEDBACK_SECRET);
    const expected = tokens.sign('appointment', first.appointmentId, { userId: person.userId });
    const ratingLinks = linksIn(mail.text).filter((l) => l.includes('/feedback?'));
    expect(ratingLinks).toEqual(
      [1, 2, 3, 4, 5].map(
        (rating) =>
          `${PUBLIC_BASE_URL}/feedback?subjectType=appointment&subjectId=${first.appointmentId}&rating=${rating}&token=${expected}`,
      ),
    );
    expect(tokens.verify(expected, 'appointment', first.appointmentId, { userId: person.userId })).toBe(true);

    const second = anAppointment({ owner: person });
    await h.publish(anEvent('appointment.completed', { ...second, completedAt: new Date().toISOString() }));
    await h.settle();
    expect(h.mailsTo(person.email).filter((m) => m.subject === 'How satisfied were you?')).toHaveLength(1);
  });

  it('asks a guest for feedback at their address, the token bound to that address', async () => {
    const guest = { name: 'Gast', email: 'Gast.Person@example.org', locale: 'de' as const };
    const appointment = anAppointment({ guest });
    await h.publish(
      anEvent('appointment.completed', { ...appointment, completedAt: new Date().toISOString() }),
    );
    const mail = await h.mailTo(guest.email, (m) => m.subject === 'Wie zufrieden waren Sie?');
    const link = new URL(linksIn(mail.text).find((l) => l.includes('rating=5'))!);
    expect(
      new FeedbackTokens(FEEDBACK_SECRET).verify(
        link.searchParams.get('token')!,
        'appointment',
        appointment.appointmentId,
        {
          email: 'gast.person@example.org',
        },
      ),
    ).toBe(true);
  });
});
