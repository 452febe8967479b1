import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  BASE_URL,
  closeBrowser,
  type Journey,
  type Language,
  startJourney,
  uniqueEmail,
} from '../support/journey';
import {
  PASSWORD,
  chooseLanguage,
  expectHeading,
  expectHeadingAfterSubmit,
  registerCitizen,
} from './booking-support';

/**
 * Applying online as a resident does it in the browser, in German and in English: the Bewohnerparkausweis from its service page,
 * a form of three sections with a task list, a field that appears with an answer, an error summary, a
 * draft left half-way and resumed from "My applications", the evidence uploaded (and an EXE named .pdf
 * refused), check your answers, submit; then the clerk's question (through the API), answered and sent
 * again in the browser; the clerk's decision; the decision and its history on the case page, the letter
 * downloaded and checked on its verification page, a message with an attachment, and feedback. axe-core
 * on every page and state.
 */
const TEXT = {
  de: {
    service: 'Bewohnerparkausweis',
    apply: 'Online beantragen',
    start: 'Antrag starten',
    login: 'Anmelden',
    email: 'E-Mail-Adresse',
    password: 'Passwort',
    noneDone: '0 von 3 Abschnitten erledigt.',
    oneDone: '1 von 3 Abschnitten erledigt.',
    continue: 'Speichern und weiter',
    errorPrefix: 'Fehler: ',
    saved: /Gespeichert um/,
    person: 'Angaben zur Person',
    givenName: 'Vorname(n)',
    familyName: 'Familienname',
    birthDate: 'Geburtsdatum',
    address: 'Anschrift in der Zone',
    street: 'Straße',
    houseNumber: 'Hausnummer',
    postalCode: 'Postleitzahl',
    city: 'Ort',
    vehicle: 'Fahrzeug',
    zone: 'Bewohnerparkzone',
    plate: 'Kennzeichen',
    keeper: 'Halter des Fahrzeugs',
    keeperName: 'Name des Halters bzw. der Firma',
    myself: 'Ich selbst',
    company: 'Eine Firma',
    documentsTitle: 'Nachweise hochladen',
    refused: 'Der Inhalt der Datei ist kein PDF, JPEG oder PNG',
    uploaded: 'Hochgeladen',
    next: 'Weiter',
    check: 'Angaben prüfen und absenden',
    submit: 'Antrag verbindlich absenden',
    done: 'Antrag eingereicht',
    mine: 'Meine Anträge',
    resume: /Weiter ausfüllen/,
    questionTag: 'Rückfrage – bitte antworten',
    resubmit: 'Antwort absenden',
    resubmitted: 'Antwort gesendet',
    history: 'Verlauf',
    sentAgain: 'Erneut eingereicht',
    letter: /Bescheid herunterladen/,
    verifyLink: 'Echtheit prüfen',
    genuine: 'Das Dokument ist echt',
    file: 'PDF-Datei des Dokuments',
    unchanged: 'Echt und unverändert',
    message: 'Ihre Nachricht',
    send: 'Nachricht senden',
    sent: 'Ihre Nachricht wurde gesendet.',
    attachments: 'Anhänge',
    fromMine: 'Aus „Meine Dokumente“ anhängen',
    feedbackLink: /Geben Sie uns eine Rückmeldung/,
    feedbackTitle: 'Die Bearbeitung Ihres Antrags bewerten',
    rate: 'Bewertung absenden',
    thanks: 'Vielen Dank für Ihre Bewertung',
    deleteDraft: 'Entwurf löschen',
    deleted: 'Der Entwurf wurde gelöscht.',
  },
  en: {
    service: "Residents' parking permit",
    apply: 'Apply online',
    start: 'Start application',
    login: 'Log in',
    email: 'Email address',
    password: 'Password',
    noneDone: '0 of 3 sections completed.',
    oneDone: '1 of 3 sections completed.',
    continue: 'Save and continue',
    errorPrefix: 'Error: ',
    saved: /Saved at/,
    person: 'About you',
    givenName: 'Given name(s)',
    familyName: 'Family name',
    birthDate: 'Date of birth',
    address: 'Address in the zone',
    street: 'Street',
    houseNumber: 'House number',
    postalCode: 'Postcode',
    city: 'Town',
    vehicle: 'Vehicle',
    zone: "Residents' parking zone",
    plate: 'Licence plate',
    keeper: 'Registered keeper',
    keeperName: 'Name of the keeper or company',
    myself: 'Myself',
    company: 'A company',
    documentsTitle: 'Upload evidence',
    refused: 'The content of the file is not a PDF, JPEG or PNG',
    uploaded: 'Uploaded',
    next: 'Continue',
    check: 'Check your answers and send',
    submit: 'Send application',
    done: 'Application sent',
    mine: 'My applications',
    resume: /Continue/,
    questionTag: 'Question – please answer',
    resubmit: 'Send answer',
    resubmitted: 'Answer sent',
    history: 'History',
    sentAgain: 'Sent again',
    letter: /Download the decision letter/,
    verifyLink: 'Check that it is genuine',
    genuine: 'The document is genuine',
    file: 'PDF file of the document',
    unchanged: 'Genuine and unchanged',
    message: 'Your message',
    send: 'Send message',
    sent: 'Your message was sent.',
    attachments: 'Attachments',
    fromMine: 'Attach from “My documents”',
    feedbackLink: /Give us feedback/,
    feedbackTitle: 'Rate how your application was handled',
    rate: 'Send the rating',
    thanks: 'Thank you for your rating',
    deleteDraft: 'Delete draft',
    deleted: 'The draft was deleted.',
  },
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

  it.each(['de', 'en'] as const)(
    'applies with sections and an upload, resumes the draft, answers the question and sees the decision (%s)',
    async (language: Language) => {
      const T = TEXT[language];
      const email = uniqueEmail(`antrag-${language}`);
      await registerCitizen(email, language);
      const journey: Journey = await startJourney({ language, allowConsole: [/status of 4\d\d/] });
      const { page } = journey;

      // from the service page to the start of the application, logging in on the way
      await page.goto('/leistungen/bewohnerparkausweis');
      await chooseLanguage(journey);
      await expectHeading(page, T.service);
      await page.getByRole('link', { name: T.apply }).click();
      await expectHeading(page, T.login);
      await page.getByLabel(T.email).fill(email);
      await page.getByLabel(T.password, { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: T.login, exact: true }).click();
      await expectHeading(page, new RegExp(T.service));
      await journey.audit('start of the application');
      await page.getByRole('button', { name: T.start }).click();

      // the task list: three sections, none done
      await page.getByText(T.noneDone).waitFor();
      await journey.audit('task list (new draft)');
      const applicationUrl = page.url();

      // section 1, with the error summary first
      await page.getByRole('link', { name: T.person }).click();
      await expectHeading(page, T.person);
      await page.getByRole('button', { name: T.continue }).click();
      await page.locator('.ui-error-summary').waitFor();
      expect(await page.title()).toMatch(new RegExp(`^${T.errorPrefix}`));
      await journey.audit('section with errors');
      await page.getByLabel(T.givenName).fill('Erika');
      await page.getByLabel(T.familyName).fill('Mustermann');
      await fillDate(page, T.birthDate, '1', '4', '1980');
      await page.getByText(T.saved).waitFor();
      await page.getByRole('button', { name: T.continue }).click();

      // section 2, then leave half-way: the draft keeps what was typed
      await expectHeading(page, T.address);
      await page.getByLabel(T.street).fill('Marktplatz');
      await page.getByText(T.saved).waitFor();
      await page.getByRole('link', { name: T.mine }).first().click();
      await expectHeading(page, T.mine);
      await journey.audit('my applications with a draft');
      await page.getByRole('link', { name: T.resume }).click();
      await page.getByText(T.oneDone).waitFor();
      await page.getByRole('link', { name: T.address }).click();
      expect(await page.getByLabel(T.street).inputValue()).toBe('Marktplatz');
      await page.getByLabel(T.houseNumber).fill('1');
      await page.getByLabel(T.postalCode).fill('73728');
      await page.getByLabel(T.city).fill('Esslingen am Neckar');
      await page.getByRole('button', { name: T.continue }).click();

      // section 3: the keeper's name appears only for a company; choices read as words
      await expectHeading(page, T.vehicle);
      await page.getByLabel(T.zone).selectOption({ index: 1 });
      await page.getByLabel(T.plate).fill('ES-AB 1234');
      expect(await page.getByLabel(T.keeperName).count()).toBe(0);
      await page.getByRole('group', { name: T.keeper }).getByLabel(T.company).check();
      await page.getByLabel(T.keeperName).waitFor();
      await journey.audit('section with a conditional field');
      await page.getByRole('group', { name: T.keeper }).getByLabel(T.myself).check();
      await page.getByLabel(T.keeperName).waitFor({ state: 'detached' });
      await page.getByRole('button', { name: T.continue }).click();

      // the evidence: an EXE named .pdf is refused, the real PDF is taken
      await expectHeading(page, T.documentsTitle);
      const fake = path.join(dir, `fahrzeugschein-${language}.pdf`);
      await writeFile(fake, Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(2000)]));
      const real = path.join(dir, `zulassung-${language}.pdf`);
      await writeFile(
        real,
        '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
      );
      await page.locator('input[type="file"]').setInputFiles(fake);
      await page.getByText(T.refused).waitFor();
      await journey.audit('evidence with a refused file');
      await page.locator('input[type="file"]').setInputFiles(real);
      await page
        .locator('li', { hasText: path.basename(real) })
        .getByText(T.uploaded)
        .waitFor({ timeout: 60_000 });
      await page.getByText(T.saved).waitFor();
      await page.getByRole('button', { name: T.next }).click();

      // check your answers (the keeper as a word) and submit
      await expectHeadingAfterSubmit(page, T.check);
      const answers = await page.locator('main').innerText();
      expect(answers).toContain('ES-AB 1234');
      expect(answers).toContain(T.myself);
      await journey.audit('check your answers');
      await page.getByRole('button', { name: T.submit }).click();
      await expectHeadingAfterSubmit(page, T.done);
      const reference = (await page.locator('.application-done__reference').innerText()).trim();
      expect(reference).toMatch(/^ESS-\d{4}-\d+$/);
      await journey.audit('confirmation');

      // the clerk asks a question (API); the start page puts it first; the resident answers and sends again
      const id = new URL(applicationUrl).pathname.split('/').pop() as string;
      const clerk = await clerkToken();
      const assigned = await api<{ status: string }>('POST', `/applications/${id}/assign`, clerk, {
        assigneeId: 'me',
      });
      if (assigned.status === 'submitted') await api('POST', `/applications/${id}/review`, clerk);
      const questionText = 'Bitte prüfen Sie das Kennzeichen.';
      await api('POST', `/applications/${id}/request-info`, clerk, { message: questionText });
      await page.goto('/');
      const question = page.locator('.personal-timeline__item').first();
      await question.getByText(T.questionTag).waitFor();
      expect(await question.innerText()).toContain(questionText);
      await journey.audit('start page with the question first');
      await question.getByRole('link', { name: T.service }).click();
      await page.locator('.application-page__question', { hasText: questionText }).waitFor();
      await journey.audit('case with a question');
      await page.getByRole('link', { name: T.vehicle }).click();
      await page.getByLabel(T.plate).fill('ES-AB 4321');
      await page.getByRole('button', { name: T.continue }).click();
      await expectHeading(page, T.documentsTitle);
      await page.getByRole('button', { name: T.next }).click();
      await expectHeading(page, T.check);
      await page.getByRole('button', { name: T.resubmit }).click();
      await expectHeadingAfterSubmit(page, T.resubmitted);

      // the clerk decides; the case shows the decision, its history and (once issued) the letter
      await api('POST', `/applications/${id}/review`, clerk);
      await api('POST', `/applications/${id}/decide`, clerk, {
        outcome: 'approved',
        reason: 'Alles in Ordnung.',
      });
      await page.goto(applicationUrl);
      await page.getByText('Alles in Ordnung.').waitFor();
      await page.getByRole('heading', { name: T.history }).waitFor();
      expect(await page.locator('.case-timeline').innerText()).toContain(T.sentAgain);
      await page
        .getByRole('button', { name: T.letter })
        .waitFor({ timeout: 20_000 })
        .catch(async () => {
          await page.reload();
          await page.getByRole('button', { name: T.letter }).waitFor({ timeout: 60_000 });
        });
      await journey.audit('decided case');

      // the letter: downloaded, then checked on the verification page its code leads to
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: T.letter }).click(),
      ]);
      const letterFile = path.join(dir, `bescheid-${language}.pdf`);
      await download.saveAs(letterFile);
      await page.getByRole('link', { name: T.verifyLink }).click();
      await expectHeading(page, T.genuine);
      await page.getByLabel(T.file).setInputFiles(letterFile);
      await page.getByText(T.unchanged).waitFor();
      await journey.audit('verification of the downloaded letter');

      // a message with an attachment to the office, then feedback on the decided case
      await page.goto(applicationUrl);
      await page.getByLabel(T.message).fill('Vielen Dank, anbei die Zulassung.');
      // one document from "My documents" (the evidence uploaded before) and one new upload
      await page.getByRole('group', { name: T.fromMine }).getByLabel(path.basename(real)).check();
      await page.locator('.case-messages input[type="file"]').setInputFiles(real);
      await page
        .locator('.case-messages li', { hasText: path.basename(real) })
        .getByText(T.uploaded)
        .waitFor();
      await page.getByRole('button', { name: T.send }).click();
      await page.getByText(T.sent).waitFor();
      // the message lists both attachments by name
      const sentMessage = page.locator('.case-messages__message').last();
      await sentMessage.locator('.message-attachments__name').nth(1).waitFor();
      expect(await sentMessage.locator('.message-attachments__name').allInnerTexts()).toEqual([
        path.basename(real),
        path.basename(real),
      ]);
      expect(await sentMessage.innerText()).toContain(T.attachments);
      await page.getByRole('link', { name: T.feedbackLink }).click();
      await expectHeading(page, T.feedbackTitle);
      await page.getByRole('radio').first().check();
      await page.getByRole('button', { name: T.rate }).click();
      await page.getByText(T.thanks).first().waitFor();
      await journey.audit('feedback sent');

      // a second draft, deleted after its confirmation
      await page.goto('/antrag/bewohnerparkausweis');
      await page.getByRole('button', { name: T.start }).click();
      await page.getByText(T.noneDone).waitFor();
      await page.getByRole('button', { name: T.deleteDraft }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await journey.audit('delete confirmation');
      await dialog.getByRole('button', { name: T.deleteDraft }).click();
      await page.getByText(T.deleted).waitFor();
      await journey.finish();
    },
  );
});
