import { randomUUID } from 'node:crypto';
import { DEMO_SERVICE_IDS } from '@buergeramt/contracts';
import { call, DEMO, expectStatus, login, newStaff, type Staff } from '../security/support';

/**
 * The shared set-up of the back office's journeys (the counter's day, the display and the kiosk), made
 * through the admin API as an administration would: an office of the journey's own that is open nearly
 * the whole day on all seven weekdays (so a journey at any hour, weekends included, finds it open), with
 * counters and services of the demo catalogue (they have names in both languages), a booking for today,
 * a clerk who works there, and a kiosk client registered for it.
 */

/** The city's time zone (the platform's, DESIGN.md). */
const ZONE = 'Europe/Berlin';
/** Opening hours of a journey's office, every weekday: the slot engine's day ends at 23:55. */
export const OFFICE_OPENS = '00:00';
export const OFFICE_CLOSES = '23:55';
/** Start times every five minutes, five minutes long: the next start is never far away. */
const SLOT_MINUTES = 5;

export interface Office {
  id: string;
  name: string;
  counters: { id: string; name: string }[];
  /** the offered services (demo catalogue ids), the first one the default */
  serviceIds: string[];
}

export interface Booking {
  id: string;
  reference: string;
  start: string;
}

/** The city's date and minutes since its midnight now (wall clock in Europe/Berlin). */
export function cityClock(now = new Date()): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/**
 * Makes sure the rest of the city's day holds `minutes` of the office's opening hours (a booking for
 * today, check-in, walk-ins and calls all belong to one day): near midnight it waits, logged, until
 * shortly after midnight, when the new day's hours begin. Never skips, never fails by the clock. Give the
 * calling hook a timeout above 30 minutes.
 */
export async function awaitRoomInTheDay(minutes: number): Promise<void> {
  const [h, m] = OFFICE_CLOSES.split(':').map(Number);
  const lastStart = (h ?? 0) * 60 + (m ?? 0) - SLOT_MINUTES;
  const now = cityClock();
  if (now.minutes + minutes <= lastStart) return;
  // until 00:01 city time (a minute after the day's first start, so the office is open and has starts)
  const waitMs = ((24 * 60 - now.minutes + 1) * 60 - new Date().getSeconds()) * 1000;
  console.log(
    `office journeys: ${now.date} ends in under ${minutes} minutes of opening hours (city time); ` +
      `waiting ${Math.round(waitMs / 1000)} s until shortly after midnight`,
  );
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  console.log(`office journeys: a new day (${cityClock().date}), going on`);
}

/** The demo admin's access token (staff log in without TOTP on the shared journey platform). */
export const adminToken = (): Promise<string> => login(DEMO.admin);

/**
 * An office of the journey's own: open OFFICE_OPENS–OFFICE_CLOSES on all seven weekdays, start times every
 * five minutes and no lead time (a booking for today takes the next free start), walk-ins on, `counters`
 * counters ("Schalter 1" …) and the demo catalogue's `services` (default: Personalausweis and
 * Meldebescheinigung), five minutes each.
 */
export async function createOffice(
  token: string,
  options: { counters?: number; services?: string[]; label?: string } = {},
): Promise<Office> {
  const admin = async (method: string, path: string, body: unknown): Promise<Record<string, unknown>> => {
    const answer = await call(method, path, { token, body });
    if (answer.status >= 300) expectStatus(answer, 200, `${method} ${path}`);
    return (answer.json ?? {}) as Record<string, unknown>;
  };
  const name = `${options.label ?? 'Bürgeramt Journey'} ${randomUUID().slice(-4).toUpperCase()}`;
  const location = await admin('POST', '/admin/locations', {
    name,
    address: { street: 'Rathausplatz 2', postalCode: '73728', city: 'Esslingen am Neckar' },
    slotIntervalMinutes: SLOT_MINUTES,
    bookingWindowDays: 60,
    minLeadMinutes: 0,
    walkInsEnabled: true,
  });
  const id = location.id as string;
  const counters: Office['counters'] = [];
  for (let i = 1; i <= (options.counters ?? 2); i += 1) {
    const counter = await admin('POST', `/admin/locations/${id}/counters`, { name: `Schalter ${i}` });
    counters.push({ id: counter.id as string, name: `Schalter ${i}` });
  }
  await admin('PUT', `/admin/locations/${id}/opening-hours`, {
    ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: OFFICE_OPENS, closes: OFFICE_CLOSES })),
  });
  const serviceIds = options.services ?? [
    DEMO_SERVICE_IDS.personalausweis,
    DEMO_SERVICE_IDS.meldebescheinigung,
  ];
  for (const serviceId of serviceIds) {
    await admin('PUT', `/admin/locations/${id}/services/${serviceId}`, {
      durationMinutes: SLOT_MINUTES,
      maxFutureBookingsPerPerson: 5,
    });
  }
  return { id, name, counters, serviceIds };
}

/**
 * A booking at `office` for today, at the next free start (staff booking for a resident, who is then
 * confirmed at once): by `token` of a citizen (their own booking) or of staff of the office with `contact`.
 */
export async function bookToday(
  office: Office,
  by: { token: string; contact?: { name: string; email: string; phone?: string | null } },
  serviceId: string = office.serviceIds[0] ?? '',
): Promise<Booking> {
  const today = cityClock().date;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const slots = await call(
      'GET',
      `/slots?serviceId=${serviceId}&locationId=${office.id}&from=${today}&to=${today}`,
    );
    expectStatus(slots, 200, 'GET /slots');
    const start = (slots.json as { items: { start: string }[] }).items[0]?.start;
    if (!start)
      throw new Error(`no start left today (${today}) at ${office.name}: call awaitRoomInTheDay first`);
    const booked = await call('POST', '/appointments', {
      token: by.token,
      body: {
        serviceId,
        locationId: office.id,
        start,
        // the API takes a phone number or none (null is refused)
        ...(by.contact
          ? {
              contact: {
                name: by.contact.name,
                email: by.contact.email,
                ...(by.contact.phone ? { phone: by.contact.phone } : {}),
              },
            }
          : {}),
      },
    });
    if (booked.status === 409) continue; // another journey's booking took the start: the next one
    expectStatus(booked, 201, 'POST /appointments');
    const appointment = booked.json as { id: string; reference: string; start: string };
    return { id: appointment.id, reference: appointment.reference, start: appointment.start };
  }
  throw new Error(`no booking for today at ${office.name} after five tries`);
}

/** A clerk of the office (invited by the admin, password set from the mail, logged in). */
export const newClerk = (token: string, office: Office): Promise<Staff> =>
  newStaff(token, ['clerk'], [office.id]);

/**
 * A kiosk for the office as an admin makes one: a machine client with the scope tickets:write
 * (`POST /admin/api-clients`, the secret is in this answer only) registered for the office
 * (`PUT /admin/locations/{id}/kiosks/{clientId}`).
 */
export async function newKiosk(
  token: string,
  office: Office,
): Promise<{ clientId: string; clientSecret: string }> {
  const created = await call('POST', '/admin/api-clients', {
    token,
    body: { name: `Kiosk ${office.name}`, scopes: ['tickets:write'] },
  });
  expectStatus(created, 201, 'POST /admin/api-clients');
  const { clientId, clientSecret } = created.json as { clientId: string; clientSecret: string };
  const registered = await call('PUT', `/admin/locations/${office.id}/kiosks/${clientId}`, {
    token,
    body: { label: 'Eingang' },
  });
  if (registered.status !== 200 && registered.status !== 204) {
    expectStatus(registered, 200, 'PUT /admin/locations/{id}/kiosks/{clientId}');
  }
  return { clientId, clientSecret };
}
