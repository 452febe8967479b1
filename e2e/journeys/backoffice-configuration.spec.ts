import type { Page } from 'playwright-core';
import { call, DEMO, expectStatus, newCitizen, type Citizen } from '../security/support';
import { closeBrowser, type Journey, startJourney } from '../support/journey';
import { adminToken, cityClock, createOffice, type Office } from '../support/office';

/**
 * The configuration in the browser (issue 17): the demo admin opens "Einstellungen", an office of the
 * journey's own (support/office.ts, so demo data stays untouched), changes its weekly opening hours (a
 * mistake first, explained at the field) and adds a closure for a day on which a resident has booked:
 * before saving, the page names that appointment. The free times follow (GET /slots: the closed day has
 * none, the next day only the new hours), and so does the citizen app in a resident's browser beside the
 * admin's: the calendar offers the closed day no times, the next day's times are those of the new hours.
 * Then a service of the journey's own gets a new form version:
 * the admin edits the JSON, sees the new field in the live preview rendered as residents see it, and
 * publishes; a draft started before keeps version 1, a new application gets version 2 (API).
 * axe-core on every page and state visited.
 */
const TEXT = {
  login: { email: 'Dienstliche E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' },
  nav: 'Einstellungen',
  offices: 'Standorte',
  hoursSave: 'Öffnungszeiten speichern',
  closesBeforeOpens: 'Die Schließzeit muss nach der Öffnungszeit liegen.',
  checkEffect: 'Auswirkung prüfen',
  oneAffected: '1 gebuchter Termin betroffen',
  saveDespite: 'Schließung trotz 1 Termin eintragen',
  services: 'Leistungen und Formulare',
  editForm: 'Formular bearbeiten und Vorschau ansehen',
  notJson: /Kein gültiges JSON \(Zeile \d+, Spalte \d+\)/,
  newField: 'Lieblingsfarbe des Sofas',
  publish: 'Version 2 veröffentlichen',
  published: 'Veröffentlicht ist Version 2.',
};

/** The citizen app's booking steps (its first service at the journey's office is the Personalausweis). */
const CITIZEN = {
  serviceSlug: 'personalausweis',
  continue: 'Weiter',
  noTimes: 'keine freien Zeiten',
  notBookable: /^Am .+ gibt es keine freien Zeiten\.$/,
};

const main = (page: Page) => page.locator('#main');

async function expectHeading(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}

/** The city's date `days` after today. */
function cityDate(days: number): string {
  const today = cityClock().date;
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday) of a calendar date. */
const weekdayOf = (date: string): number => ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

async function slotsOn(office: Office, date: string): Promise<string[]> {
  const answer = await call(
    'GET',
    `/slots?serviceId=${office.serviceIds[0]}&locationId=${office.id}&from=${date}&to=${date}`,
  );
  expectStatus(answer, 200, 'GET /slots');
  return (answer.json as { items: { start: string }[] }).items.map((slot) => slot.start);
}

/** HH:MM of an ISO start in the city's time. */
const cityTime = (iso: string): string =>
  new Intl.DateTimeFormat('de-DE', {
    timeZone: 'Europe/Berlin',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

/**
 * A resident books the office's first service in the citizen app: picks the office, finds the closed day
 * in the calendar without free times (choosing it only says so), and the next day's times are `times`.
 */
async function residentSeesTheNewHours(citizen: Journey, times: string[]): Promise<void> {
  const { page } = citizen;
  await page.goto(`/termin/${CITIZEN.serviceSlug}`);
  await page.locator('legend h1').waitFor();
  await page.getByLabel(office.name, { exact: true }).check();
  await page.getByRole('button', { name: CITIZEN.continue }).click();
  await page.waitForURL(/\/termin\/[^/]+\/tag\?/);
  const day = (date: string) => page.locator(`table[role="grid"] button[data-day="${date}"]`);
  /** Shows the month of `date` (the calendar opens on this month; the day is a week or more ahead). */
  const showMonthOf = async (date: string): Promise<void> => {
    for (let months = 0; (await day(date).count()) === 0; months += 1) {
      if (months > 2) throw new Error(`the calendar does not reach ${date}`);
      await page.locator('button[data-month="next"]').click();
    }
    await page.locator('table[role="grid"]:not([aria-busy])').waitFor();
  };

  // the closed day: no free times; choosing it says so and stays on the day
  await showMonthOf(closedDay);
  expect(await day(closedDay).getAttribute('aria-disabled')).toBe('true');
  expect(await day(closedDay).getAttribute('class')).not.toContain('slot-calendar__day--free');
  expect(await day(closedDay).textContent()).toContain(CITIZEN.noTimes);
  await citizen.audit('citizen app: day step with the closed day');
  // aria-disabled only (it stays focusable and clickable): Playwright would wait for it to be enabled
  await day(closedDay).click({ force: true });
  await page.getByText(CITIZEN.notBookable).waitFor();
  expect(page.url()).toMatch(/\/termin\/[^/]+\/tag\?/);

  // the next day: free, with as many times as the new hours give
  await showMonthOf(nextDay);
  expect(await day(nextDay).getAttribute('class')).toContain('slot-calendar__day--free');
  expect(await day(nextDay).textContent()).toContain(`${times.length} freie Zeiten`);
  await day(nextDay).click();
  const radios = page.locator('input[type="radio"][name="time"]');
  await radios.first().waitFor();
  await citizen.audit('citizen app: times of the next day');
  // each radio's value is "<office>|<start>": exactly the API's times, all within the new hours
  const offered = (
    await radios.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
  ).map((value) => cityTime(value.split('|')[1] ?? ''));
  expect(offered).toEqual(times);
  const labels = await page.locator('.time-picker label').allInnerTexts();
  expect(labels[0]).toContain('08:00');
  expect(labels.some((label) => label.includes('13:00'))).toBe(true);
  expect(labels.some((label) => label.includes('12:00') || label.includes('15:00'))).toBe(false);
}

const FORM_V1 = {
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'string', minLength: 3, maxLength: 500 } },
  },
  ui: {
    sections: [
      {
        id: 'main',
        title: { de: 'Gegenstände', en: 'Items' },
        fields: [
          { name: 'items', label: { de: 'Was soll abgeholt werden?', en: 'What is to be collected?' } },
        ],
      },
    ],
  },
};

const FORM_V2 = {
  schema: {
    ...FORM_V1.schema,
    properties: { ...FORM_V1.schema.properties, colour: { type: 'string', maxLength: 40 } },
  },
  ui: {
    sections: [
      {
        ...FORM_V1.ui.sections[0],
        fields: [
          ...(FORM_V1.ui.sections[0]?.fields ?? []),
          { name: 'colour', label: { de: TEXT.newField, en: 'Favourite colour of the sofa' } },
        ],
      },
    ],
  },
};

let office: Office;
let closedDay: string;
let nextDay: string;
let booking: { id: string; reference: string };
let serviceId: string;
let resident: Citizen;
let oldDraft: string;

beforeAll(async () => {
  const token = await adminToken();
  office = await createOffice(token, { counters: 1, label: 'Bürgeramt Einstellungsjourney' });
  // two following days a week or more ahead on which the office has free times (no holiday here, but
  // the check keeps the journey honest should that change)
  for (let offset = 7; ; offset += 1) {
    const day = cityDate(offset);
    const following = cityDate(offset + 1);
    if ((await slotsOn(office, day)).length > 0 && (await slotsOn(office, following)).length > 0) {
      closedDay = day;
      nextDay = following;
      break;
    }
    if (offset > 20) throw new Error('no two open days in a row at the journey office');
  }
  resident = await newCitizen('einstellungen');
  const start = (await slotsOn(office, closedDay)).find((iso) => cityTime(iso) === '10:00');
  const booked = await call('POST', '/appointments', {
    token: resident.token,
    body: { serviceId: office.serviceIds[0], locationId: office.id, start },
  });
  expectStatus(booked, 201, 'POST /appointments');
  booking = booked.json as { id: string; reference: string };

  // a service of the journey's own, online, with form version 1, and a resident's draft on it
  const service = await call('POST', '/admin/services', {
    token,
    body: {
      slug: `sperrmuell-journey-${Date.now().toString(36)}`,
      name: { de: 'Sperrmüll anmelden (Journey)', en: 'Book a bulky waste collection (journey)' },
      summary: { de: 'Abholung von Sperrmüll', en: 'Collection of bulky waste' },
      description: { de: 'Zweimal im Jahr kostenlos.', en: 'Free twice a year.' },
      synonyms: [],
      feeAmount: 0,
      feeText: { de: 'gebührenfrei', en: 'free' },
      processingDays: 5,
      appointmentRequired: false,
      onlineApplication: true,
    },
  });
  expectStatus(service, 201, 'POST /admin/services');
  serviceId = (service.json as { id: string }).id;
  expectStatus(
    await call('POST', `/admin/services/${serviceId}/forms`, { token, body: FORM_V1 }),
    201,
    'POST /admin/services/{id}/forms',
  );
  const draft = await call('POST', '/applications', { token: resident.token, body: { serviceId } });
  expectStatus(draft, 201, 'POST /applications');
  expect(draft.json).toMatchObject({ formVersion: 1, status: 'draft' });
  oldDraft = (draft.json as { id: string }).id;
}, 120_000);

afterAll(closeBrowser);

describe('the back office: an admin configures an office and publishes a form', () => {
  it('changes opening hours and adds a closure seeing the booked appointment first; publishes a form after its preview', async () => {
    const journey: Journey = await startJourney({ language: 'de' });
    const { page } = journey;

    // log-in (staff log in without TOTP on the shared journey platform, as with `npm start`)
    await page.goto('/backoffice/');
    await main(page).getByLabel(TEXT.login.email, { exact: true }).fill(DEMO.admin.email);
    await main(page).getByLabel(TEXT.login.password, { exact: true }).fill(DEMO.admin.password);
    await main(page).getByRole('button', { name: TEXT.login.submit, exact: true }).click();
    await page.waitForURL(/\/backoffice\/heute$/);

    // the overview, then the office
    await page.getByRole('navigation').getByRole('link', { name: TEXT.nav }).click();
    await expectHeading(page, 'Einstellungen');
    await journey.audit('overview');
    await main(page).getByRole('link', { name: TEXT.offices, exact: true }).click();
    await expectHeading(page, 'Standorte');
    await journey.audit('offices');
    await main(page).getByRole('link', { name: office.name }).click();
    await expectHeading(page, office.name);
    await main(page).getByRole('heading', { level: 2, name: 'Öffnungszeiten' }).waitFor();
    await journey.audit('office');

    // opening hours: every day 08:00–12:00, the day after the closure also 13:00–15:00; a mistake first
    for (let weekday = 1; weekday <= 7; weekday += 1) {
      await page.locator(`#hours-${weekday}-0-opens`).fill('08:00');
      await page.locator(`#hours-${weekday}-0-closes`).fill('12:00');
    }
    const second = weekdayOf(nextDay);
    const dayName = new Intl.DateTimeFormat('de-DE', { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(`${nextDay}T12:00:00Z`),
    );
    await main(page)
      .getByRole('button', { name: `Zeitraum am ${dayName} hinzufügen` })
      .click();
    await page.locator(`#hours-${second}-1-opens`).fill('13:00');
    await page.locator(`#hours-${second}-1-closes`).fill('11:00');
    await main(page).getByRole('button', { name: TEXT.hoursSave }).click();
    const summary = main(page).locator('.ui-error-summary');
    await summary.getByRole('link', { name: TEXT.closesBeforeOpens }).waitFor();
    expect(await page.title()).toMatch(/^Fehler: /);
    await journey.audit('opening hours with an error');
    await summary.getByRole('link', { name: TEXT.closesBeforeOpens }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`hours-${second}-1-closes`);
    await page.locator(`#hours-${second}-1-closes`).fill('15:00');
    const saved = page.waitForResponse(
      (response) => response.url().endsWith('/opening-hours') && response.request().method() === 'PUT',
    );
    await main(page).getByRole('button', { name: TEXT.hoursSave }).click();
    expect((await saved).status()).toBe(200);
    await main(page).locator('.ui-error-summary').waitFor({ state: 'detached' });
    expect(await page.title()).not.toMatch(/^Fehler: /);

    // the closure: the booked appointment is named before saving
    await page.locator('#closure-date').fill(String(Number(closedDay.slice(8, 10))));
    await page.locator('#closure-date-month').fill(String(Number(closedDay.slice(5, 7))));
    await page.locator('#closure-date-year').fill(closedDay.slice(0, 4));
    await page.locator('#closure-reason').fill('Betriebsausflug');
    await main(page).getByRole('button', { name: TEXT.checkEffect }).click();
    const effect = main(page).getByRole('region', { name: TEXT.oneAffected });
    await effect.waitFor();
    await effect.getByRole('rowheader', { name: booking.reference }).waitFor();
    expect(await effect.innerText()).toContain('10:00');
    // focus moved to the effect's heading, so a screen reader reads it next
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('closure-effect-heading');
    await journey.audit('closure effect');
    await main(page).getByRole('button', { name: TEXT.saveDespite }).click();
    const closures = main(page)
      .locator('table')
      .filter({ has: page.locator('caption', { hasText: '1 Schließtag' }) });
    await closures.getByText('Betriebsausflug').waitFor();
    await journey.audit('closure added');

    // the free times follow: the closed day has none, the next day only the new hours
    expect(await slotsOn(office, closedDay)).toEqual([]);
    const times = (await slotsOn(office, nextDay)).map(cityTime);
    expect(times[0]).toBe('08:00');
    expect(times).toContain('11:55');
    expect(times).toContain('13:00');
    expect(times).toContain('14:55');
    expect(
      times.every((time) => (time >= '08:00' && time < '12:00') || (time >= '13:00' && time < '15:00')),
    ).toBe(true);
    // the booked appointment stays (a closure cancels nothing)
    const kept = await call('GET', `/appointments/${booking.id}`, { token: resident.token });
    expect(kept.json).toMatchObject({ status: 'confirmed' });

    // ... and so does the citizen app (a resident's browser beside the admin's): the closed day offers no
    // times, the next day only those of the new hours
    const citizen = await startJourney({ language: 'de' });
    await residentSeesTheNewHours(citizen, times);
    await citizen.finish();

    // the form: edit the JSON, see the preview, publish
    await page.getByRole('navigation').getByRole('link', { name: TEXT.nav }).click();
    await main(page).getByRole('link', { name: TEXT.services }).click();
    await expectHeading(page, 'Leistungen');
    await journey.audit('services');
    await main(page).getByRole('link', { name: 'Sperrmüll anmelden (Journey)' }).click();
    await expectHeading(page, 'Sperrmüll anmelden (Journey)');
    await journey.audit('service');
    await main(page).getByRole('link', { name: TEXT.editForm }).click();
    await expectHeading(page, /^Online-Formular: /);
    const preview = main(page).locator('.admin-form-preview');
    await preview.getByLabel('Was soll abgeholt werden?').waitFor();
    await journey.audit('form editor');

    // broken JSON: the preview says where, instead of rendering
    await page.locator('#form-schema').fill('{ "type": "object", ');
    await main(page).getByRole('status').filter({ hasText: TEXT.notJson }).waitFor();
    await page.locator('#form-schema').fill(JSON.stringify(FORM_V2.schema, null, 2));
    await page.locator('#form-ui').fill(JSON.stringify(FORM_V2.ui, null, 2));
    await preview.getByLabel(TEXT.newField).waitFor();
    // the preview validates as the citizen app does
    await preview.getByRole('button', { name: 'Eingaben prüfen' }).click();
    await preview.locator('[aria-invalid="true"]').first().waitFor();
    await journey.audit('form preview');
    await main(page).getByRole('button', { name: TEXT.publish }).click();
    const dialog = page.getByRole('dialog', { name: 'Version 2 veröffentlichen?' });
    await dialog.waitFor();
    await journey.audit('publish dialog');
    await dialog.getByRole('button', { name: TEXT.publish }).click();
    await main(page).getByText(TEXT.published).waitFor();

    // the old draft keeps version 1; a new application uses version 2
    const old = await call('GET', `/applications/${oldDraft}`, { token: resident.token });
    expect(old.json).toMatchObject({ formVersion: 1, status: 'draft' });
    const fresh = await call('POST', '/applications', { token: resident.token, body: { serviceId } });
    expectStatus(fresh, 201, 'POST /applications');
    expect(fresh.json).toMatchObject({ formVersion: 2 });
    const form = await call('GET', `/services/${serviceId}/form`);
    expect(form.json).toMatchObject({ version: 2, ui: FORM_V2.ui });

    await journey.finish();
    expect(journey.audited.length).toBeGreaterThanOrEqual(10);
  });
});
