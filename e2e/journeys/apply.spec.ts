import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { BASE_URL, closeBrowser, type Journey, startJourney, uniqueEmail } from '../support/journey';
import { PASSWORD, expectHeading, expectHeadingAfterSubmit, registerCitizen } from './booking-support';

/**
 * Applying online as a resident does it in the browser: the Bewohnerparkausweis from its service page,
 * a form of three sections with a task list, a field that appears with an answer, an error summary, a
 * draft left half-way and resumed from "My applications", the evidence uploaded (and an EXE named .pdf
 * refused), check your answers, submit; then the clerk's question (through the API), answered and sent
 * again in the browser; the clerk's decision; the decision and its history on the case page, the letter
 * downloaded and checked on its verification page, a message with an attachment, and feedback. axe-core
 * on every page and state.
 */
const T = {
  service: 'Bewohnerparkausweis',
  apply: 'Online beantragen',
  start: 'Antrag starten',
  login: 'Anmelden',
  email: 'E-Mail-Adresse',
  password: 'Passwort',
  overview: 'Antrag ausfüllen',
  continue: 'Speichern und weiter',
  errorPrefix: 'Fehler: ',
  documentsTitle: 'Nachweise hochladen',
  check: 'Angaben prüfen und absenden',
  submit: 'Antrag verbindlich absenden',
  done: 'Antrag eingereicht',
  mine: 'Meine Anträge',
  question: 'Rückfrage der Sachbearbeitung',
  resubmit: 'Antwort absenden',
  resubmitted: 'Antwort gesendet',
  approved: 'Bewilligt',
} as const;

const CLERK = { email: 'sachbearbeitung@demo.esslingen.de', password: 'Neckarufer-Schalter-2026' };

async function api<T>(method: string, apiPath: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${BASE_URL()}/api/v1${apiPath}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${apiPath} answered ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function clerkToken(): Promise<string> {
  const res = await fetch(`${BASE_URL()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(CLERK),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Fills a date field of three inputs (day, month, year) inside the group named `legend`. */
async function fillDate(page: Page, legend: string, day: string, month: string, year: string): Promise<void> {
  const group = page.getByRole('group', { name: legend });
  const inputs = group.locator('input');
  await inputs.nth(0).fill(day);
  await inputs.nth(1).fill(month);
  await inputs.nth(2).fill(year);
}

describe('applying online (Bewohnerparkausweis)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'apply-'));
  });
  afterAll(async () => {
    await closeBrowser();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies with sections and an upload, resumes the draft, answers the question and sees the decision', async () => {
    const email = uniqueEmail('antrag');
    await registerCitizen(email, 'de');
    const journey: Journey = await startJourney({ language: 'de', allowConsole: [/status of 4\d\d/] });
    const { page } = journey;

    // from the service page to the start of the application, logging in on the way
    await page.goto('/leistungen/bewohnerparkausweis');
    await expectHeading(page, T.service);
    await page.getByRole('link', { name: T.apply }).click();
    await expectHeading(page, T.login);
    await page.getByLabel(T.email).fill(email);
    await page.getByLabel(T.password, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: T.login, exact: true }).click();
    await expectHeading(page, /Bewohnerparkausweis/);
    await journey.audit('start of the application');
    await page.getByRole('button', { name: T.start }).click();

    // the task list: three sections, none done
    await expectHeadingAfterSubmit(page, 'Bewohnerparkausweis');
    await page.getByText('0 von 3 Abschnitten erledigt.').waitFor();
    await journey.audit('task list (new draft)');
    const applicationUrl = page.url();

    // section 1, with the error summary first
    await page.getByRole('link', { name: 'Angaben zur Person' }).click();
    await expectHeading(page, 'Angaben zur Person');
    await page.getByRole('button', { name: T.continue }).click();
    await page.locator('.ui-error-summary').waitFor();
    expect(await page.title()).toMatch(new RegExp(`^${T.errorPrefix}`));
    await journey.audit('section with errors');
    await page.getByLabel('Vorname(n)').fill('Erika');
    await page.getByLabel('Familienname').fill('Mustermann');
    await fillDate(page, 'Geburtsdatum', '1', '4', '1980');
    await page.getByText(/Gespeichert um/).waitFor();
    await page.getByRole('button', { name: T.continue }).click();

    // section 2, then leave half-way: the draft keeps what was typed
    await expectHeading(page, 'Anschrift in der Zone');
    await page.getByLabel('Straße').fill('Marktplatz');
    await page.getByText(/Gespeichert um/).waitFor();
    await page.getByRole('link', { name: T.mine }).first().click();
    await expectHeading(page, T.mine).catch(async (e: unknown) => {
      await page.screenshot({ path: '/tmp/shots/fail.png', fullPage: true });
      console.log(page.url());
      throw e;
    });
    await journey.audit('my applications with a draft');
    await page.getByRole('link', { name: /Weiter ausfüllen/ }).click();
    await expectHeading(page, /Bewohnerparkausweis/);
    await page.getByText('1 von 3 Abschnitten erledigt.').waitFor();
    await page.getByRole('link', { name: 'Anschrift in der Zone' }).click();
    expect(await page.getByLabel('Straße').inputValue()).toBe('Marktplatz');
    await page.getByLabel('Hausnummer').fill('1');
    await page.getByLabel('Postleitzahl').fill('73728');
    await page.getByLabel('Ort').fill('Esslingen am Neckar');
    await page.getByRole('button', { name: T.continue }).click();

    // section 3: the keeper's name appears only for a company
    await expectHeading(page, 'Fahrzeug');
    await page.getByLabel('Bewohnerparkzone').selectOption({ index: 1 });
    await page.getByLabel('Kennzeichen').fill('ES-AB 1234');
    expect(await page.getByLabel('Name des Halters bzw. der Firma').count()).toBe(0);
    await page.getByRole('group', { name: 'Halter des Fahrzeugs' }).getByRole('radio').nth(1).check();
    await page.getByLabel('Name des Halters bzw. der Firma').waitFor();
    await journey.audit('section with a conditional field');
    await page.getByRole('group', { name: 'Halter des Fahrzeugs' }).getByRole('radio').first().check();
    await page.getByLabel('Name des Halters bzw. der Firma').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: T.continue }).click();

    // the evidence: an EXE named .pdf is refused, the real PDF is taken
    await expectHeading(page, T.documentsTitle);
    const fake = path.join(dir, 'fahrzeugschein.pdf');
    await writeFile(fake, Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(2000)]));
    const real = path.join(dir, 'zulassung.pdf');
    await writeFile(
      real,
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    );
    await page.locator('input[type="file"]').setInputFiles(fake);
    await page.getByText('Der Inhalt der Datei ist kein PDF, JPEG oder PNG').waitFor();
    await journey.audit('evidence with a refused file');
    await page.locator('input[type="file"]').setInputFiles(real);
    await page
      .locator('li', { hasText: 'zulassung.pdf' })
      .getByText('Hochgeladen')
      .waitFor({ timeout: 60_000 });
    await page.getByText('Gespeichert um').waitFor();
    await page.getByRole('button', { name: 'Weiter' }).click();

    // check your answers and submit
    await expectHeadingAfterSubmit(page, T.check);
    expect(await page.locator('main').innerText()).toContain('ES-AB 1234');
    await journey.audit('check your answers');
    await page.getByRole('button', { name: T.submit }).click();
    await expectHeadingAfterSubmit(page, T.done);
    const reference = (await page.locator('.application-done__reference').innerText()).trim();
    expect(reference).toMatch(/^ESS-\d{4}-\d+$/);
    await journey.audit('confirmation');

    // the clerk asks a question (API); the resident answers in the browser and sends it again
    const id = new URL(applicationUrl).pathname.split('/').pop() as string;
    const clerk = await clerkToken();
    const assigned = await api<{ status: string }>('POST', `/applications/${id}/assign`, clerk, {
      assigneeId: 'me',
    });
    if (assigned.status === 'submitted') await api('POST', `/applications/${id}/review`, clerk);
    await api('POST', `/applications/${id}/request-info`, clerk, {
      message: 'Bitte prüfen Sie das Kennzeichen.',
    });
    await page.goto(applicationUrl);
    await page
      .locator('.application-page__question', { hasText: 'Bitte prüfen Sie das Kennzeichen.' })
      .waitFor();
    await page.getByText(T.question).waitFor();
    await journey.audit('case with a question');
    await page.getByRole('link', { name: 'Fahrzeug' }).click();
    await page.getByLabel('Kennzeichen').fill('ES-AB 4321');
    await page.getByRole('button', { name: T.continue }).click();
    await expectHeading(page, T.documentsTitle);
    await page.getByRole('button', { name: 'Weiter' }).click();
    await expectHeading(page, T.check);
    await page.getByRole('button', { name: T.resubmit }).click();
    await expectHeadingAfterSubmit(page, T.resubmitted);

    // the clerk decides; the case shows the decision and its history
    await api('POST', `/applications/${id}/review`, clerk);
    await api('POST', `/applications/${id}/decide`, clerk, {
      outcome: 'approved',
      reason: 'Alles in Ordnung.',
    });
    await page.goto(applicationUrl);
    await page.getByText('Alles in Ordnung.').waitFor();
    await page.getByRole('heading', { name: 'Verlauf' }).waitFor();
    expect(await page.locator('.case-timeline').innerText()).toContain('Erneut eingereicht');
    await page
      .getByRole('button', { name: /Bescheid herunterladen/ })
      .waitFor({ timeout: 60_000 })
      .catch(async () => {
        await page.reload();
        await page.getByRole('button', { name: /Bescheid herunterladen/ }).waitFor({ timeout: 60_000 });
      });
    await journey.audit('decided case');

    // the letter: downloaded, then checked on the verification page its code leads to
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Bescheid herunterladen/ }).click(),
    ]);
    const letterFile = path.join(dir, 'bescheid.pdf');
    await download.saveAs(letterFile);
    await page.getByRole('link', { name: 'Echtheit prüfen' }).click();
    await expectHeading(page, 'Das Dokument ist echt');
    await page.getByLabel('PDF-Datei des Dokuments').setInputFiles(letterFile);
    await page.getByText('Echt und unverändert').waitFor();
    await journey.audit('verification of the downloaded letter');

    // a message with an attachment to the office, then feedback on the decided case
    await page.goto(applicationUrl);
    await page.getByLabel('Ihre Nachricht').fill('Vielen Dank, anbei die Zulassung.');
    await page.locator('.case-messages input[type="file"]').setInputFiles(real);
    await page.locator('.case-messages li', { hasText: 'zulassung.pdf' }).getByText('Hochgeladen').waitFor();
    await page.getByRole('button', { name: 'Nachricht senden' }).click();
    await page.getByText('Ihre Nachricht wurde gesendet.').waitFor();
    expect(await page.locator('.case-messages__list').innerText()).toContain('Anhänge: 1');
    await page.getByRole('link', { name: /Geben Sie uns eine Rückmeldung/ }).click();
    await expectHeading(page, 'Die Bearbeitung Ihres Antrags bewerten');
    await page.getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Bewertung absenden' }).click();
    await page.getByText('Vielen Dank für Ihre Bewertung').first().waitFor();
    await journey.audit('feedback sent');
    await journey.finish();
  });
});
