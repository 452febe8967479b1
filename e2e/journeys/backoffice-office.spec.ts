import type { Locator, Page } from 'playwright-core';
import type { Staff } from '../security/support';
import { closeBrowser, type Journey, startJourney, uniqueEmail } from '../support/journey';
import {
  adminToken,
  awaitRoomInTheDay,
  type Booking,
  bookToday,
  createOffice,
  newClerk,
  type Office,
} from '../support/office';

/**
 * A clerk's day at the counter, in the browser: an office of the journey's own (open nearly all day on
 * every weekday, support/office.ts) with two residents booked for today; a clerk of that office logs in,
 * chooses counter 1 and finds the call-up, the queue and the day's appointments on "Heute". One resident
 * is found by name and checked in from the agenda (the status filter then lives in the URL); the other is
 * checked in by the reference typed in lowercase (a wrong one first: explained at the field); a walk-in
 * ticket is drawn. The clerk calls next with the keyboard shortcut (which does nothing while typing in a
 * field), starts and completes; calls the next and marks a no-show; calls the last, reloads (the browser
 * asks first) and finds the call again; following a link away warns that someone is still called. axe-core on every
 * state; once in English on a phone.
 */
const TEXT = {
  login: { email: 'Dienstliche E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' },
  today: 'Heute',
  title: 'Heute – Bürgeramt – Verwaltung',
  choose: 'Arbeitsplatz wählen',
  takeWorkplace: 'Arbeitsplatz übernehmen',
  callUp: 'Aufruf an Schalter 1',
  idle: 'Niemand ist an Ihrem Schalter aufgerufen.',
  nobodyWaits: 'Niemand wartet',
  agenda: 'Termine heute',
  twoAppointments: '2 Termine',
  find: 'Name oder Vorgangsnummer',
  oneOfTwo: '1 von 2 Terminen',
  checkIn: 'Einchecken',
  status: 'Status',
  checkedIn: 'Eingecheckt (1)',
  reference: 'Vorgangsnummer',
  notHere: 'Zu dieser Vorgangsnummer gibt es an diesem Standort keinen Termin.',
  errorTitle: 'Fehler: Heute – Bürgeramt – Verwaltung',
  jonasIn: 'Jonas Weber ist eingecheckt.',
  service: 'Anliegen',
  drawWalkIn: 'Wartenummer ziehen',
  threeWait: '3 Personen warten',
  callNext: 'Nächste aufrufen',
  shortcutShown: 'Alt+Umschalt+N',
  recall: 'Aufruf wiederholen',
  start: 'Bedienung beginnen',
  complete: 'Erledigt',
  noShow: 'Nicht erschienen',
  inService: /In Bedienung seit \d\d:\d\d Uhr/,
  display: 'Anzeige für den Wartebereich',
  leaveTitle: 'Jemand ist noch aufgerufen',
  stay: 'Auf der Seite bleiben',
};

/** the 404 of a wrong reference: the browser logs every error answer */
const EXPECTED_CONSOLE = [/status of 404/];

const main = (page: Page) => page.locator('#main');
const callUp = (page: Page) => main(page).locator('section.call-up');
const callUpNumber = (page: Page) => callUp(page).locator('.office-number');
const agendaRows = (page: Page) => main(page).locator('.agenda__table tbody tr');
const step = (page: Page, name: string) => callUp(page).getByRole('button', { name });

async function expectHeading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}

/** Logs the clerk in on the back office's log-in page and waits for "Heute". */
async function logIn(page: Page, clerk: Staff): Promise<void> {
  await page.goto('/backoffice/');
  await main(page).getByLabel(TEXT.login.email, { exact: true }).fill(clerk.email);
  await main(page).getByLabel(TEXT.login.password, { exact: true }).fill(clerk.password);
  await main(page).getByRole('button', { name: TEXT.login.submit, exact: true }).click();
  await page.waitForURL(/\/backoffice\/heute$/);
}

/** Chooses the office (the clerk's only one, chosen already) and counter 1. */
async function chooseCounter(page: Page): Promise<void> {
  await main(page).getByRole('heading', { level: 2, name: TEXT.choose }).waitFor();
  await main(page).getByRole('radio', { name: 'Schalter 1' }).check();
  await main(page).getByRole('button', { name: TEXT.takeWorkplace }).click();
}

/** Waits until the called number at the counter is shown and returns it. */
async function calledNumber(page: Page, not?: string): Promise<string> {
  await page.waitForFunction((previous) => {
    const number = document.querySelector('section.call-up .office-number')?.textContent?.trim();
    return number && number !== previous;
  }, not ?? null);
  return ((await callUpNumber(page).textContent()) ?? '').trim();
}

const disabled = (button: Locator) => button.getAttribute('aria-disabled');

let office: Office;
let clerk: Staff;
let erika: Booking;
let jonas: Booking;

beforeAll(async () => {
  // a booking for today, check-ins, a walk-in and three calls belong to one city day
  await awaitRoomInTheDay(20);
  const token = await adminToken();
  office = await createOffice(token, { counters: 2, label: 'Bürgeramt Schalterjourney' });
  clerk = await newClerk(token, office);
  const contact = (name: string) => ({
    name,
    email: uniqueEmail(name.split(' ')[0]?.toLowerCase() ?? 'resident'),
  });
  erika = await bookToday(office, { token: clerk.token, contact: contact('Erika Mustermann') });
  jonas = await bookToday(office, { token: clerk.token, contact: contact('Jonas Weber') });
}, 40 * 60_000);

afterAll(closeBrowser);

describe('the back office: a clerk’s day at the counter', () => {
  it('checks residents in, draws a walk-in ticket, calls, serves, completes, marks a no-show and is warned before leaving', async () => {
    const journey: Journey = await startJourney({ language: 'de', allowConsole: EXPECTED_CONSOLE });
    const { page } = journey;

    await logIn(page, clerk);
    await expectHeading(page, TEXT.today);
    await chooseCounter(page);
    await callUp(page).getByRole('heading', { level: 2, name: TEXT.callUp }).waitFor();
    // the work begins at the call-up: focus moved there
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('call-up-heading');
    await callUp(page).getByText(TEXT.idle).waitFor();
    await main(page).getByText(TEXT.nobodyWaits).waitFor();
    await main(page).locator('.agenda__table caption', { hasText: TEXT.twoAppointments }).waitFor();
    expect(await page.title()).toBe(TEXT.title);
    // the shortcut is shown on the button, and every step but "call next" is unavailable, with the reason
    expect(await step(page, TEXT.callNext).innerText()).toContain(TEXT.shortcutShown);
    expect(await step(page, TEXT.callNext).getAttribute('aria-keyshortcuts')).toBe('Alt+Shift+N');
    expect(await disabled(step(page, TEXT.start))).toBe('true');
    expect(await step(page, TEXT.start).getAttribute('aria-describedby')).toBe('call-up-help');
    await journey.audit('today: the counter, nobody called');

    // Erika Mustermann is found by name and checked in from her row
    await main(page).getByLabel(TEXT.find).fill('muster');
    await main(page).locator('.agenda__table caption', { hasText: TEXT.oneOfTwo }).waitFor();
    expect(await agendaRows(page).count()).toBe(1);
    expect(await agendaRows(page).locator('.agenda__reference').textContent()).toBe(erika.reference);
    await agendaRows(page).getByRole('button', { name: TEXT.checkIn }).click();
    const erikaTicket = agendaRows(page).locator('.agenda__ticket');
    await erikaTicket.waitFor();
    expect(await erikaTicket.locator('strong').textContent()).toMatch(/^T\d{3}$/);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('agenda__ticket'))).toBe(
      true,
    );
    await journey.audit('agenda: checked in from the row');

    // the status filter is kept in the URL, across a reload
    await main(page).getByLabel(TEXT.find).fill('');
    await main(page).getByLabel(TEXT.status, { exact: true }).selectOption({ label: TEXT.checkedIn });
    await page.waitForURL(/\/backoffice\/heute\?status=eingecheckt$/);
    await page.reload();
    await main(page).locator('.agenda__table caption', { hasText: TEXT.oneOfTwo }).waitFor();
    expect(await agendaRows(page).locator('th').textContent()).toBe('Erika Mustermann');
    await journey.audit('agenda: only the checked in');
    await main(page).getByLabel(TEXT.status, { exact: true }).selectOption({ index: 0 });
    await page.waitForURL(/\/backoffice\/heute$/);

    // a reference that is not booked here is explained at the field; Jonas's, typed in lowercase, works
    const reference = main(page).getByLabel(TEXT.reference, { exact: true });
    await reference.fill('T-ZZZZ ZZZZ');
    await main(page).getByRole('button', { name: TEXT.checkIn, exact: true }).click();
    await main(page).locator('.ui-error-summary', { hasText: TEXT.notHere }).waitFor();
    expect(await page.title()).toBe(TEXT.errorTitle);
    await journey.audit('check-in: a reference not booked here');
    await reference.fill(jonas.reference.toLowerCase());
    await main(page).getByRole('button', { name: TEXT.checkIn, exact: true }).click();
    const jonasTicket = main(page).locator('.issued-ticket', { hasText: TEXT.jonasIn });
    await jonasTicket.waitFor();
    expect(await jonasTicket.locator('.office-number').textContent()).toMatch(/^T\d{3}$/);
    expect(await page.title()).toBe(TEXT.title);
    expect(await reference.inputValue()).toBe('');

    // a walk-in: the number is shown large
    await main(page).getByLabel(TEXT.service, { exact: true }).selectOption({ value: office.serviceIds[0] });
    await main(page).getByRole('button', { name: TEXT.drawWalkIn }).click();
    const walkIn = main(page).locator('.issued-ticket', { hasText: 'Ohne Termin' });
    await walkIn.waitFor();
    expect(await walkIn.locator('.office-number').textContent()).toMatch(/^A\d{3}$/);
    await main(page).getByText(TEXT.threeWait).waitFor();
    await journey.audit('check-in and walk-in: numbers drawn');

    // the shortcut does nothing while the clerk types in a field …
    await reference.focus();
    await page.keyboard.press('Alt+Shift+KeyN');
    await page.waitForTimeout(500);
    expect(await callUpNumber(page).count()).toBe(0);
    // … and calls the next person from anywhere else
    await main(page).getByRole('button', { name: TEXT.drawWalkIn }).focus();
    await page.keyboard.press('Alt+Shift+KeyN');
    const first = await calledNumber(page);
    expect(await disabled(step(page, TEXT.callNext))).toBe('true');
    expect(await disabled(step(page, TEXT.start))).toBeNull();
    await journey.audit(`call-up: ${first} called`);
    await step(page, TEXT.start).click();
    await callUp(page).getByText(TEXT.inService).waitFor();
    await journey.audit(`call-up: ${first} in service`);
    await step(page, TEXT.complete).click();
    await callUp(page).getByText(`${first} ist erledigt.`).waitFor();
    expect(await callUpNumber(page).count()).toBe(0);

    // the next one does not come, even when called again
    await step(page, TEXT.callNext).click();
    const second = await calledNumber(page, first);
    await step(page, TEXT.recall).click();
    await callUp(page).getByText(`${second} ist noch einmal aufgerufen.`).waitFor();
    await step(page, TEXT.noShow).click();
    await callUp(page).getByText(`${second} ist als nicht erschienen markiert.`).waitFor();
    await journey.audit('call-up: no-show');

    // the last one is called; a reload asks first (the browser's question), and finds the call again
    await page.keyboard.press('Alt+Shift+KeyN');
    const third = await calledNumber(page);
    expect(new Set([first, second, third]).size).toBe(3);
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.type());
        void dialog.accept();
      }),
    );
    await page.reload();
    expect(await asked).toBe('beforeunload');
    expect(await calledNumber(page)).toBe(third);
    expect(await disabled(step(page, TEXT.callNext))).toBe('true');

    // leaving the page (here for the waiting room's display) with someone called: the page warns, and
    // staying keeps the call
    await main(page).getByRole('link', { name: TEXT.display }).click();
    const warning = page.getByRole('dialog', { name: TEXT.leaveTitle });
    await warning.waitFor();
    expect(await warning.textContent()).toContain(`${third} ist an Ihrem Schalter aufgerufen.`);
    await journey.audit('leaving with someone called');
    await warning.getByRole('button', { name: TEXT.stay }).click();
    await warning.waitFor({ state: 'hidden' });
    expect(page.url()).toMatch(/\/backoffice\/heute$/);
    expect(await callUpNumber(page).textContent()).toBe(third);
    await step(page, TEXT.complete).click();
    await callUp(page).getByText(`${third} ist erledigt.`).waitFor();
    await journey.finish();
  });

  it('speaks English on a phone', async () => {
    const journey = await startJourney({ language: 'en', viewport: { width: 390, height: 844 } });
    const { page } = journey;
    await logIn(page, clerk);
    await chooseCounter(page);
    await callUp(page).getByRole('heading', { level: 2, name: TEXT.callUp }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await expectHeading(page, 'Today');
    expect(await page.title()).toBe('Today – Back office');
    await callUp(page).getByRole('heading', { level: 2, name: 'Calling to Schalter 1' }).waitFor();
    await main(page).getByRole('heading', { level: 2, name: 'Today’s appointments' }).waitFor();
    await journey.audit('today (English, phone)');
    await journey.finish();
  });
});
