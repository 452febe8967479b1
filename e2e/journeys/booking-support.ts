import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { BASE_URL, linkIn, mailTo, type Journey, type Language } from '../support/journey';

/** What the booking journeys read and click, in both languages (the app's own texts). */
export const TEXT = {
  de: {
    searchLabel: 'Leistung suchen',
    search: 'Suchen',
    service: 'Personalausweis beantragen',
    book: 'Termin buchen',
    anyOffice: /^Egal/,
    continue: 'Weiter',
    loginInstead: 'Stattdessen anmelden',
    email: 'E-Mail-Adresse',
    password: 'Passwort',
    login: 'Anmelden',
    bookingAs: 'Sie buchen als',
    name: 'Vollständiger Name',
    errorSummary: 'Es gibt ein Problem',
    nameRequired: 'Geben Sie Ihren Namen ein',
    submitBooking: 'Termin verbindlich buchen',
    booked: 'Termin gebucht',
    pending: 'Fast geschafft: Bitte bestätigen Sie Ihren Termin',
    addToCalendar: 'Zum Kalender hinzufügen',
    manage: 'Termin ansehen, verschieben oder absagen',
    cancel: 'Termin absagen',
    cancelDialog: 'Termin wirklich absagen?',
    cancelConfirm: 'Ja, Termin absagen',
    cancelled: 'Ihr Termin ist abgesagt.',
    statusCancelled: 'Abgesagt',
    myAppointments: 'Meine Termine',
    pastAppointments: 'Vergangene und abgesagte Termine',
    confirmTitle: 'Termin bestätigen',
    confirmed: 'Termin bestätigt',
    move: 'Termin verschieben',
    moveDayTitle: 'Auf welchen Tag möchten Sie Ihren Termin verschieben?',
    moveCheckTitle: 'Prüfen Sie den neuen Termin',
    moved: 'Ihr Termin wurde verschoben.',
    slotTaken: 'Diese Uhrzeit ist nicht mehr frei',
    guestReload: 'Ihre Buchung',
    errorTitlePrefix: 'Fehler: ',
    verifyMail: /Bitte bestätigen Sie Ihre E-Mail-Adresse/,
    guestMail: /Bitte bestätigen Sie Ihren Termin/,
    confirmedMail: /Ihr Termin ist bestätigt/,
  },
  en: {
    searchLabel: 'Search for a service',
    search: 'Search',
    service: 'Apply for an identity card',
    book: 'Book an appointment',
    anyOffice: /^Any office/,
    continue: 'Continue',
    loginInstead: 'Log in instead',
    email: 'Email address',
    password: 'Password',
    login: 'Log in',
    bookingAs: 'You are booking as',
    name: 'Full name',
    errorSummary: 'There is a problem',
    nameRequired: 'Enter your name',
    submitBooking: 'Book the appointment',
    booked: 'Appointment booked',
    pending: 'Almost done: please confirm your appointment',
    addToCalendar: 'Add to calendar',
    manage: 'View, move or cancel the appointment',
    cancel: 'Cancel the appointment',
    cancelDialog: 'Cancel the appointment?',
    cancelConfirm: 'Yes, cancel it',
    cancelled: 'Your appointment has been cancelled.',
    statusCancelled: 'Cancelled',
    myAppointments: 'My appointments',
    pastAppointments: 'Past and cancelled appointments',
    confirmTitle: 'Confirm the appointment',
    confirmed: 'Appointment confirmed',
    move: 'Move the appointment',
    moveDayTitle: 'Which day would you like to move your appointment to?',
    moveCheckTitle: 'Check the new appointment',
    moved: 'Your appointment has been moved.',
    slotTaken: 'This time is no longer free',
    guestReload: 'Your booking',
    errorTitlePrefix: 'Error: ',
    verifyMail: /Please confirm your e-mail address/,
    guestMail: /Please confirm your appointment/,
    confirmedMail: /Your appointment is confirmed/,
  },
} as const;

export const PASSWORD = 'Termin-Reise-2026!sicher';
export const INNENSTADT = 'Bürgeramt Innenstadt (Demo)';
export const BERKHEIM = 'Bürgeramt Berkheim (Demo)';

/** A random whole number from 0 to `below - 1`: journeys spread over the free times instead of colliding. */
export const randomIndex = (below: number): number => Math.floor(Math.random() * Math.max(1, below));

/** On a journey's first page: an English journey chooses English through the header's language switch. */
export async function chooseLanguage(journey: Journey): Promise<void> {
  if (journey.language === 'de') return;
  await journey.page.getByRole('button', { name: 'English' }).click();
  await journey.page.locator('html[lang="en"]').waitFor({ state: 'attached' });
}

/** The page's one h1 (and that there is exactly one). */
export async function heading(page: Page): Promise<string> {
  const headings = page.locator('h1');
  await headings.first().waitFor();
  if ((await headings.count()) !== 1) throw new Error(`${await headings.count()} h1 on ${page.url()}`);
  return (await headings.first().innerText()).trim();
}

/** After a submit: waits for the next page's h1 `text`, and fails with the page's own message if it shows a problem. */
export async function expectHeadingAfterSubmit(page: Page, text: string): Promise<void> {
  const problem = page.locator('.ui-problem, .ui-error-summary, .load-failure, .ui-notification-banner');
  await page.locator('h1', { hasText: text }).or(problem).first().waitFor();
  if (await problem.count())
    throw new Error(`the page says: ${await problem.first().innerText()} (${page.url()})`);
  await heading(page);
}

/** Waits until the page's h1 reads `text`. */
export async function expectHeading(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('h1', { hasText: text }).first().waitFor();
  await heading(page);
}

async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  language: Language = 'de',
): Promise<{ status: number; data: T }> {
  const res = await fetch(`${BASE_URL()}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'accept-language': language },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, data: (text ? JSON.parse(text) : undefined) as T };
}

/** A verified citizen account made through the API (registration mail → verification link → verify). */
export async function registerCitizen(
  email: string,
  language: Language,
): Promise<{ givenName: string; familyName: string }> {
  const person = { givenName: 'Erika', familyName: `Reise-${language.toUpperCase()}` };
  const registered = await api('POST', '/auth/register', {
    email,
    password: PASSWORD,
    ...person,
    locale: language,
  });
  if (registered.status !== 202) throw new Error(`register answered ${registered.status}`);
  const mail = await mailTo(email, TEXT[language].verifyMail);
  const token = new URL(linkIn(mail, /^\/konto\/bestaetigen$/)).searchParams.get('token');
  const verified = await api('POST', '/auth/verify-email', { token }, language);
  if (verified.status !== 204) throw new Error(`verify-email answered ${verified.status}`);
  return person;
}

interface Slot {
  locationId: string;
  start: string;
  end: string;
}

export async function serviceAndOffice(
  officeName: string,
): Promise<{ serviceId: string; locationId: string }> {
  const { data } = await api<{ id: string; locations: { id: string; name: string }[] }>(
    'GET',
    '/services/personalausweis',
  );
  const office = data.locations.find((l) => l.name === officeName);
  if (!office) throw new Error(`${officeName} does not offer personalausweis`);
  return { serviceId: data.id, locationId: office.id };
}

/** The free starts of one office on one city date. */
export async function freeStarts(serviceId: string, locationId: string, day: string): Promise<number[]> {
  const { data } = await api<{ items: Slot[] }>(
    'GET',
    `/slots?serviceId=${serviceId}&locationId=${locationId}&from=${day}&to=${day}`,
  );
  return data.items.map((slot) => Date.parse(slot.start));
}

/** A random free slot of the office from a few days ahead on (the demo offices open on weekdays). */
export async function someFreeSlot(serviceId: string, locationId: string): Promise<Slot> {
  const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 24 * 86_400_000).toISOString().slice(0, 10);
  const { data } = await api<{ items: Slot[] }>(
    'GET',
    `/slots?serviceId=${serviceId}&locationId=${locationId}&from=${from}&to=${to}`,
  );
  const slot = data.items[randomIndex(data.items.length)];
  if (slot === undefined) throw new Error('no free slot in the next weeks');
  return slot;
}

/** A guest booking made through the API, as another person on the phone or another tab would. */
export async function bookAsGuest(
  slot: Slot,
  serviceId: string,
  contact: { name: string; email: string },
  language: Language,
): Promise<{ status: number; id?: string }> {
  const { status, data } = await api<{ id: string }>(
    'POST',
    '/appointments',
    { serviceId, locationId: slot.locationId, start: slot.start, contact },
    language,
  );
  return { status, id: data?.id };
}

export async function confirmByApi(id: string, token: string): Promise<void> {
  const { status } = await api('POST', `/appointments/${id}/confirm`, { token });
  if (status !== 200) throw new Error(`confirm answered ${status}`);
}

/** Chooses one of the free times of the time step at random: its label ("09:40") and value (office|start). */
export async function chooseSomeTime(
  page: Page,
): Promise<{ label: string; locationId: string; start: string }> {
  const radios = page.locator('input[type="radio"][name="time"]');
  await radios.first().waitFor();
  const radio = radios.nth(randomIndex(await radios.count()));
  const id = await radio.getAttribute('id');
  const [locationId = '', start = ''] = ((await radio.getAttribute('value')) ?? '').split('|');
  await radio.check();
  return { label: (await page.locator(`label[for="${id}"]`).innerText()).trim(), locationId, start };
}

/** Books every counter of the office at `start` (as other people would), until the time is taken. */
export async function takeAllCounters(
  serviceId: string,
  slot: { locationId: string; start: string },
): Promise<void> {
  for (let i = 0; i < 10; i += 1) {
    const { status } = await bookAsGuest(
      { ...slot, end: slot.start },
      serviceId,
      { name: 'Andere Person', email: `other-${Date.now().toString(36)}-${i}@example.org` },
      'de',
    );
    if (status === 409) return;
    if (status !== 201) throw new Error(`booking a filler answered ${status}`);
  }
  throw new Error('the time did not fill up');
}

export async function personalausweisId(): Promise<string> {
  const { data } = await api<{ id: string }>('GET', '/services/personalausweis');
  return data.id;
}

/** Clicks "Add to calendar" and returns the downloaded file's name and text. */
export async function downloadCalendar(
  page: Page,
  label: string,
): Promise<{ filename: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: label }).click(),
  ]);
  const path = await download.path();
  return { filename: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** The booking reference shown in the page's panel. */
export async function referenceOnPage(page: Page): Promise<string> {
  const text = await page.locator('.ui-panel').innerText();
  const match = /T-[A-Z0-9]{8}/.exec(text);
  if (!match) throw new Error(`no booking reference in the panel: ${text}`);
  return match[0];
}
