import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { call, DEMO, expectStatus, newCitizen, type Staff } from '../security/support';
import { closeBrowser, type Journey, startJourney } from '../support/journey';
import {
  adminToken,
  awaitRoomInTheDay,
  bookToday,
  createOffice,
  newClerk,
  type Office,
} from '../support/office';

/**
 * The digitalisation check shows what happened, in the browser: a service of the journey's own (with a
 * cost model: 20 staff minutes at the counter, 8 online, 90 and 10 minutes of the resident's, 60 € an
 * hour) offered at an office of the journey's own. A resident applies for it online and a clerk decides
 * (one online case, no trip to the office); another resident books an appointment for it today, is checked
 * in, called, served (one visit at the counter). The demo admin opens the check filtered by that service
 * and finds exactly those numbers (online share 50 %, 12 € and 0.2 staff hours, 1.3 residents' hours
 * saved, one appointment served, no no-show); downloads the CSV of the cases' chart and finds the same
 * numbers; shows a chart as a table; finds its own office's row in the table of appointments by office
 * (one booking, no no-show, none the period before) and a second case, submitted and not yet decided, in
 * the backlog by service, in the page and in their CSVs; opens the monthly report. axe-core on every page.
 */
const TEXT = {
  login: { email: 'Dienstliche E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' },
  nav: 'Digitalisierungscheck',
  title: 'Digitalisierungscheck',
  casesChart: 'Fälle online und am Schalter',
  showTable: 'Als Tabelle zeigen',
  download: 'CSV herunterladen',
  byOffice: 'Termine und Wartezeiten je Standort',
  backlogByService: 'Rückstand je Leistung',
  serviceName: 'Sperrmüll anmelden (Check)',
  report: 'Monatsbericht für den Gemeinderat',
};

const COST_MODEL = {
  counterStaffMinutes: 20,
  onlineStaffMinutes: 8,
  counterResidentMinutes: 90,
  onlineResidentMinutes: 10,
  staffHourlyRate: 60,
};

const FORM = {
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
        fields: [{ name: 'items', label: { de: 'Was?', en: 'What?' } }],
      },
    ],
  },
};

const main = (page: Page) => page.locator('#main');
const figure = (page: Page, key: string) =>
  main(page).locator(`[data-figure="${key}"] .check-figures__value`).first();

/** A chart's button: its visible text, then (visually hidden) the chart's title. */
const named = (action: string, chart: string): RegExp => new RegExp(`^${action}\\s*: ${chart}$`);

/** Waits until the figures of the chosen service have arrived (one online case). */
const showsOne = (page: Page) =>
  main(page)
    .locator('[data-figure="onlineCases"] .check-figures__value')
    .filter({ hasText: /^1$/ })
    .waitFor();

/** Downloads the CSV of the chart or table titled `title`: its rows, split at ";". */
async function csvOf(page: Page, title: string, fileName: string): Promise<string[][]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    main(page)
      .getByRole('button', { name: named(TEXT.download, title) })
      .click(),
  ]);
  expect(download.suggestedFilename()).toBe(fileName);
  return (await readFile((await download.path()) ?? '', 'utf8'))
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => line.split(';'));
}

let serviceId: string;
let office: Office;
let clerk: Staff;

/** Waits (up to a minute) until the API's check shows what the journey did: the events travel. */
async function awaitFigures(token: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [cases, appointments] = await Promise.all([
      call('GET', `/stats/digitalisation?serviceId=${serviceId}`, { token }),
      call('GET', `/stats/appointments/check?serviceId=${serviceId}&from=${today()}&to=${today()}`, {
        token,
      }),
    ]);
    const totals = (cases.json as { totals?: { onlineCases: number; counterVisits: number } }).totals;
    const booked = (appointments.json as { totals?: { completed: number } }).totals;
    if (totals?.onlineCases === 1 && totals.counterVisits === 1 && booked?.completed === 1) return;
    if (Date.now() > deadline)
      throw new Error(`the check does not show the journey's cases: ${JSON.stringify({ totals, booked })}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const today = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());

beforeAll(async () => {
  // the appointment is booked, checked in and served today (one city day)
  await awaitRoomInTheDay(20);
  const token = await adminToken();

  // the journey's own service, online, with a cost model and a form
  const service = await call('POST', '/admin/services', {
    token,
    body: {
      slug: `sperrmuell-check-${Date.now().toString(36)}`,
      name: { de: TEXT.serviceName, en: 'Book a bulky waste collection (check)' },
      summary: { de: 'Abholung von Sperrmüll', en: 'Collection of bulky waste' },
      description: { de: 'Zweimal im Jahr kostenlos.', en: 'Free twice a year.' },
      synonyms: [],
      feeAmount: 0,
      feeText: { de: 'gebührenfrei', en: 'free' },
      processingDays: 5,
      appointmentRequired: false,
      onlineApplication: true,
      costModel: COST_MODEL,
    },
  });
  expectStatus(service, 201, 'POST /admin/services');
  serviceId = (service.json as { id: string }).id;
  expectStatus(
    await call('POST', `/admin/services/${serviceId}/forms`, { token, body: FORM }),
    201,
    'POST /admin/services/{id}/forms',
  );
  office = await createOffice(token, { counters: 1, services: [serviceId], label: 'Bürgeramt Check' });
  clerk = await newClerk(token, office);

  // one online case, decided: the applicant never comes to the office
  const applicant = await newCitizen('check-online');
  const draft = await call('POST', '/applications', { token: applicant.token, body: { serviceId } });
  expectStatus(draft, 201, 'POST /applications');
  const caseId = (draft.json as { id: string }).id;
  expectStatus(
    await call('PATCH', `/applications/${caseId}`, {
      token: applicant.token,
      body: { data: { items: 'Ein altes Sofa' } },
    }),
    200,
    'PATCH /applications/{id}',
  );
  expectStatus(
    await call('POST', `/applications/${caseId}/submit`, { token: applicant.token }),
    200,
    'POST /applications/{id}/submit',
  );
  expectStatus(
    await call('POST', `/applications/${caseId}/assign`, { token: clerk.token, body: { assigneeId: 'me' } }),
    200,
    'POST /applications/{id}/assign',
  );
  expectStatus(
    await call('POST', `/applications/${caseId}/decide`, {
      token: clerk.token,
      body: { outcome: 'approved', reason: 'Abholung am nächsten Termin.' },
    }),
    200,
    'POST /applications/{id}/decide',
  );

  // a second online case, submitted and not yet decided: the backlog of the service
  const waiting = await newCitizen('check-backlog');
  const open = await call('POST', '/applications', { token: waiting.token, body: { serviceId } });
  expectStatus(open, 201, 'POST /applications');
  const openId = (open.json as { id: string }).id;
  expectStatus(
    await call('PATCH', `/applications/${openId}`, {
      token: waiting.token,
      body: { data: { items: 'Ein alter Schrank' } },
    }),
    200,
    'PATCH /applications/{id}',
  );
  expectStatus(
    await call('POST', `/applications/${openId}/submit`, { token: waiting.token }),
    200,
    'POST /applications/{id}/submit',
  );

  // one visit at the counter: another resident's appointment today, checked in, called and served
  const visitor = await newCitizen('check-visit');
  const booking = await bookToday(office, { token: visitor.token }, serviceId);
  const ticket = await call('POST', '/tickets', { token: clerk.token, body: { appointmentId: booking.id } });
  expectStatus(ticket, 201, 'POST /tickets');
  const called = await call(
    'POST',
    `/locations/${office.id}/counters/${office.counters[0]?.id ?? ''}/call-next`,
    { token: clerk.token },
  );
  expectStatus(called, 200, 'POST call-next');
  const ticketId = (called.json as { id: string }).id;
  expectStatus(await call('POST', `/tickets/${ticketId}/start`, { token: clerk.token }), 200, 'start');
  expectStatus(await call('POST', `/tickets/${ticketId}/complete`, { token: clerk.token }), 200, 'complete');

  await awaitFigures(token);
}, 40 * 60_000);

afterAll(closeBrowser);

describe('the back office: the digitalisation check', () => {
  it('shows what the journey did, filtered by its service; the CSV has the same numbers; the report prints', async () => {
    const journey: Journey = await startJourney({ language: 'de' });
    const { page } = journey;

    await page.goto('/backoffice/');
    await main(page).getByLabel(TEXT.login.email, { exact: true }).fill(DEMO.admin.email);
    await main(page).getByLabel(TEXT.login.password, { exact: true }).fill(DEMO.admin.password);
    await main(page).getByRole('button', { name: TEXT.login.submit, exact: true }).click();
    await page.waitForURL(/\/backoffice\/heute$/);

    // the navigation leads there; the filter (the journey's service) goes into the URL
    await page.getByRole('navigation').getByRole('link', { name: TEXT.nav }).click();
    await page.getByRole('heading', { level: 1, name: TEXT.title }).waitFor();
    await main(page).getByRole('heading', { level: 2, name: 'Online-Anteil' }).waitFor();
    await journey.audit('check');
    await main(page).getByLabel('Leistung', { exact: true }).selectOption(serviceId);
    await main(page).getByRole('button', { name: 'Anzeigen', exact: true }).click();
    await page.waitForURL(new RegExp(`leistung=${serviceId}`));
    await showsOne(page);

    // exactly the journey's figures
    expect(await figure(page, 'onlineShare').textContent()).toBe('50\u00a0%');
    expect(await figure(page, 'counterCases').textContent()).toBe('1');
    expect(await figure(page, 'counterVisits').textContent()).toBe('1');
    expect(await figure(page, 'visitsSaved').textContent()).toBe('1');
    expect(await figure(page, 'staffEuros').textContent()).toBe('12\u00a0€'); // 12 min at 60 €/h
    expect(await figure(page, 'staffHours').textContent()).toBe('0,2 Std.');
    expect(await figure(page, 'residentHours').textContent()).toBe('1,3 Std.'); // 80 min
    expect(await figure(page, 'bookings').textContent()).toBe('1');
    expect(await figure(page, 'noShowRate').textContent()).toBe('0\u00a0%');
    expect(await figure(page, 'open').textContent()).toBe('1'); // the case not yet decided
    expect(await figure(page, 'overdue').textContent()).toBe('0');
    await journey.audit('check filtered by service');

    // a reload shows the same (the filter lives in the URL)
    await page.reload();
    await showsOne(page);

    // the cases' chart as CSV: the same numbers (the month's row: 1 online, 1 at the counter)
    const chart = main(page)
      .locator('.ui-chart')
      .filter({ has: page.locator('title', { hasText: TEXT.casesChart }) });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      chart.getByRole('button', { name: named(TEXT.download, TEXT.casesChart) }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('online-anteil.csv');
    const csv = (await readFile((await download.path()) ?? '', 'utf8')).replace(/^\uFEFF/, '');
    const rows = csv
      .trim()
      .split('\r\n')
      .map((line) => line.split(';'));
    expect(rows[0]).toEqual(['Monat', 'Online', 'Am Schalter']);
    const sum = (column: number) => rows.slice(1).reduce((s, row) => s + Number(row[column]), 0);
    expect([sum(1), sum(2)]).toEqual([1, 1]);
    expect(rows.at(-1)?.slice(1)).toEqual(['1', '1']); // this month, the last row

    // the same chart as a table, with the same numbers
    await chart.getByRole('button', { name: named(TEXT.showTable, TEXT.casesChart) }).click();
    // (the drawing, and with it its title, gives way to the table)
    const table = main(page).getByRole('table', { name: TEXT.casesChart });
    await table.waitFor();
    const lastRow = table.locator('tbody tr').last();
    expect(await lastRow.locator('td').allTextContents()).toEqual(['1', '1']);
    await journey.audit('check with a table');

    // the journey's own office in the table of appointments by office: one booking, nobody missing, and
    // nothing the period before (the office is new); the same in the table's CSV
    const byOffice = main(page).getByRole('table', { name: TEXT.byOffice });
    const officeRow = byOffice.locator('tbody tr').filter({
      has: page.getByRole('rowheader', { name: office.name, exact: true }),
    });
    const officeHead = await byOffice.locator('thead th').allTextContents();
    const officeCells = ['Standort', ...(await officeRow.locator('td').allTextContents())];
    const cell = (heading: string) => officeCells[officeHead.indexOf(heading)];
    expect(cell('Gebuchte Termine')).toBe('1');
    expect(cell('Gebuchte Termine (Vorperiode)')).toBe('0');
    expect(cell('Nicht erschienen')).toBe('0\u00a0%');
    expect(cell('Nicht erschienen (Vorperiode)')).toBe('–');
    const officeCsv = await csvOf(page, TEXT.byOffice, 'termine-je-standort.csv');
    expect(officeCsv[0]).toEqual(officeHead);
    expect(officeCsv.find((row) => row[0] === office.name)).toEqual([office.name, ...officeCells.slice(1)]);

    // the backlog by service: the journey's service with its one open case, none at the end of the period
    // before; the same in the CSV
    const backlog = main(page).getByRole('table', { name: TEXT.backlogByService });
    const backlogRow = backlog.locator('tbody tr');
    expect(await backlogRow.count()).toBe(1); // filtered by the journey's service
    expect(await backlogRow.locator('th').textContent()).toBe(TEXT.serviceName);
    const backlogHead = await backlog.locator('thead th').allTextContents();
    const backlogCells = await backlogRow.locator('td').allTextContents();
    expect(backlogCells[backlogHead.indexOf('Offene Fälle') - 1]).toBe('1');
    expect(backlogCells[backlogHead.indexOf('Offene Fälle (Vorperiode)') - 1]).toBe('0');
    expect(backlogCells[backlogHead.indexOf('Davon überfällig') - 1]).toBe('0');
    const backlogCsv = await csvOf(page, TEXT.backlogByService, 'rueckstand-je-leistung.csv');
    expect(backlogCsv).toEqual([backlogHead, [TEXT.serviceName, ...backlogCells]]);
    await journey.audit('check with the tables by office and service');

    // the monthly report: every chart's table shown, ready to print
    await main(page).getByRole('link', { name: TEXT.report }).click();
    await page.getByRole('heading', { level: 1, name: /Monatsbericht Digitalisierungscheck/ }).waitFor();
    await main(page)
      .getByRole('heading', { level: 2, name: 'Kosten der Bürokratie (Standardkostenmodell)' })
      .waitFor();
    expect(await main(page).locator('.ui-chart__table:not([hidden])').count()).toBeGreaterThan(3);
    await journey.audit('monthly report');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.ui-header').isVisible()).toBe(false);
    expect(
      await main(page)
        .getByRole('button', { name: /Drucken/ })
        .isVisible(),
    ).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    await journey.finish();
  }, 180_000);
});
