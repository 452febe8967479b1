import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BASE_URL,
  closeBrowser,
  createAccount,
  type Journey,
  type Language,
  linkIn,
  mailTo,
  startJourney,
  uniqueEmail,
} from '../support/journey';
import { eventually } from '../security/support';
import { chooseLanguage, expectHeading, heading } from './booking-support';

/**
 * The public pages of the citizen app: "Wie lange dauert es?" (the transparency figures as chart and
 * table), checking a document the city issued (by its code, typed or from the QR code's address, and the
 * file itself against its fingerprint, computed in the browser), and rating a decided application from
 * the feedback mail's link without logging in. The decision letter is a real one: a fresh resident
 * applies, the demo clerk decides, the documents service issues the letter.
 */
const TEXT = {
  de: {
    howLong: 'Wie lange dauert es?',
    offices: 'Wartezeit ohne Termin je Bürgeramt',
    verifyLink: 'Dokument prüfen',
    verifyTitle: 'Dokument prüfen',
    code: 'Prüfcode',
    check: 'Dokument prüfen',
    codeRequired: 'Geben Sie den Prüfcode ein',
    unknownTitle: 'Kein Dokument zu diesem Prüfcode',
    genuineTitle: 'Das Dokument ist echt',
    letter: 'Bescheid',
    file: 'PDF-Datei des Dokuments',
    fileGenuine: 'Echt und unverändert',
    fileDifferent: 'Nicht das Original',
    errorPrefix: 'Fehler: ',
    feedbackMail: /Wie zufrieden waren Sie/,
    feedbackTitle: 'Die Bearbeitung Ihres Antrags bewerten',
    chosenInMail: 'Zufrieden',
    comment: 'Was können wir besser machen?',
    send: 'Bewertung absenden',
    thanks: 'Vielen Dank für Ihre Bewertung',
    already: 'Sie haben schon bewertet',
  },
  en: {
    howLong: 'How long does it take?',
    offices: 'Waiting time without an appointment per citizens’ office',
    verifyLink: 'Check a document',
    verifyTitle: 'Check a document',
    code: 'Verification code',
    check: 'Check the document',
    codeRequired: 'Enter the verification code',
    unknownTitle: 'No document with this verification code',
    genuineTitle: 'The document is genuine',
    letter: 'Decision letter',
    file: 'PDF file of the document',
    fileGenuine: 'Genuine and unchanged',
    fileDifferent: 'Not the original',
    errorPrefix: 'Error: ',
    feedbackMail: /How satisfied were you/,
    feedbackTitle: 'Rate how your application was handled',
    chosenInMail: 'Satisfied',
    comment: 'What could we do better?',
    send: 'Send the rating',
    thanks: 'Thank you for your rating',
    already: 'You have already given a rating',
  },
} as const;

/** The demo clerk (identity's DEMO_SEED accounts; staff log in without TOTP in this stack). */
const CLERK = { email: 'sachbearbeitung@demo.esslingen.de', password: 'Neckarufer-Schalter-2026' };
const PASSWORD = 'Pruefen-am-Neckarufer-2026';

interface Answer<T> {
  status: number;
  json: T;
  bytes: Buffer;
}

async function call<T = unknown>(
  method: string,
  apiPath: string,
  options: { token?: string; body?: unknown; language?: Language } = {},
): Promise<Answer<T>> {
  const res = await fetch(`${BASE_URL()}/api/v1${apiPath}`, {
    method,
    headers: {
      'accept-language': options.language ?? 'de',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: res.status, json: json as T, bytes };
}

function expectStatus(answer: Answer<unknown>, status: number, what: string): void {
  if (answer.status !== status)
    throw new Error(`${what} answered ${answer.status}: ${answer.bytes.toString('utf8').slice(0, 300)}`);
}

async function login(email: string, password: string): Promise<string> {
  const res = await call<{ accessToken: string }>('POST', '/auth/login', { body: { email, password } });
  expectStatus(res, 200, `login of ${email}`);
  return res.json.accessToken;
}

interface IssuedLetter {
  email: string;
  code: string;
  sha256: string;
  /** the letter's PDF as the resident downloads it */
  file: string;
  /** the same file with one byte more */
  changedFile: string;
}

/**
 * A fresh resident (mails in `language`) applies for a Meldebescheinigung online; the demo clerk takes
 * the case and approves it; the documents service issues the decision letter with its verification code.
 */
async function issuedLetter(language: Language, dir: string): Promise<IssuedLetter> {
  const email = uniqueEmail(`pruefen-${language}`);
  await createAccount({ email, password: PASSWORD, familyName: 'Prüfung', locale: language });
  const citizen = await login(email, PASSWORD);
  const services = await call<{ items: { id: string; slug: string }[] }>('GET', '/services?limit=100');
  const service = services.json.items.find((s) => s.slug === 'meldebescheinigung');
  if (!service) throw new Error('the demo catalogue has no meldebescheinigung');

  const created = await call<{ id: string }>('POST', '/applications', {
    token: citizen,
    body: { serviceId: service.id },
  });
  expectStatus(created, 201, 'POST /applications');
  const id = created.json.id;
  const data = {
    applicant: { givenName: 'Erika', familyName: 'Prüfung', birthDate: '1980-04-01' },
    kind: 'einfach',
    purpose: 'Vorlage beim Arbeitgeber',
  };
  expectStatus(await call('PATCH', `/applications/${id}`, { token: citizen, body: { data } }), 200, 'PATCH');
  expectStatus(await call('POST', `/applications/${id}/submit`, { token: citizen }), 200, 'submit');

  const clerk = await login(CLERK.email, CLERK.password);
  const assigned = await call<{ status: string }>('POST', `/applications/${id}/assign`, {
    token: clerk,
    body: { assigneeId: 'me' },
  });
  expectStatus(assigned, 200, 'assign');
  // taking a submitted case starts its review; a case still only submitted is taken into review
  if (assigned.json.status === 'submitted')
    expectStatus(await call('POST', `/applications/${id}/review`, { token: clerk }), 200, 'review');
  expectStatus(
    await call('POST', `/applications/${id}/decide`, {
      token: clerk,
      body: { outcome: 'approved', reason: 'Alle Voraussetzungen sind erfüllt.' },
    }),
    200,
    'decide',
  );

  // the letter is issued a moment later (an event, a queue, a PDF)
  const letter = await eventually('the decision letter', async () => {
    const documents = await call<{
      items: {
        id: string;
        kind?: string;
        applicationId?: string;
        verificationCode?: string;
        sha256: string;
      }[];
    }>('GET', '/documents', { token: citizen });
    return documents.json.items?.find(
      (d) => d.kind === 'issued' && d.applicationId === id && d.verificationCode,
    );
  });
  const content = await call('GET', `/documents/${letter.id}/content`, { token: citizen });
  expectStatus(content, 200, 'GET /documents/{id}/content');
  const file = path.join(dir, `Bescheid-${language}.pdf`);
  const changedFile = path.join(dir, `Bescheid-${language}-bearbeitet.pdf`);
  await writeFile(file, content.bytes);
  await writeFile(changedFile, Buffer.concat([content.bytes, Buffer.from('\n')]));
  return { email, code: letter.verificationCode!, sha256: letter.sha256, file, changedFile };
}

/** The footer's link to a page, followed as a person would. */
async function followFooterLink(journey: Journey, name: string): Promise<void> {
  await journey.page.getByRole('contentinfo').getByRole('link', { name, exact: true }).click();
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'verify-feedback-'));
});
afterAll(async () => {
  await closeBrowser();
  await rm(dir, { recursive: true, force: true });
});

describe.each<Language>(['de', 'en'])('public pages (%s)', (language) => {
  const T = TEXT[language];

  it('“How long does it take?”: the figures as a chart and as a table, reached from the footer', async () => {
    const journey = await startJourney({ language });
    const { page } = journey;
    await page.goto('/');
    await chooseLanguage(journey);
    await followFooterLink(journey, T.howLong);
    await page.waitForURL(/\/wie-lange-dauert-es$/);
    await expectHeading(page, T.howLong);
    // the offices' table: a caption, column headers and one row header per office
    const table = page.locator('table', { has: page.locator('caption', { hasText: T.offices }) });
    await table.waitFor();
    expect(await table.locator('th[scope="col"]').count()).toBe(4);
    expect(await table.locator('tbody th[scope="row"]').count()).toBeGreaterThan(0);
    expect(await page.title()).toContain(T.howLong);
    await journey.audit('transparency');

    // reflow at 320 CSS pixels (400 % zoom): the table and the chart fit without sideways scrolling
    await page.setViewportSize({ width: 320, height: 800 });
    await journey.audit('transparency, 320 px');
    await journey.finish();
  });

  it('an unknown verification code is an answer, not an error; the QR code’s address works', async () => {
    const journey = await startJourney({
      language,
      // the API's 404 for the unknown code is what the page explains
      allowConsole: [/status of 404.*\/api\/v1\/verify\//],
    });
    const { page } = journey;
    await page.goto('/');
    await chooseLanguage(journey);
    await followFooterLink(journey, T.verifyLink);
    await page.waitForURL(/\/pruefen$/);
    await expectHeading(page, T.verifyTitle);
    await journey.audit('verify');

    // nothing typed: the error summary, "Fehler: " in the title
    await page.getByRole('button', { name: T.check }).click();
    await page.locator('.ui-error-summary', { hasText: T.codeRequired }).waitFor();
    expect(await page.title()).toMatch(new RegExp(`^${T.errorPrefix}`));
    await journey.audit('verify with error');

    // typed as a person would, lower case with spaces: read as the code it is
    await page.getByLabel(T.code).fill('aaaa bbbb cccc');
    await page.getByRole('button', { name: T.check }).click();
    await page.waitForURL(/\/pruefen\/AAAA-BBBB-CCCC$/);
    await expectHeading(page, T.unknownTitle);
    expect(await page.getByRole('alert').innerText()).toContain('AAAA-BBBB-CCCC');
    expect(await page.locator('.ui-problem').count()).toBe(0);
    await journey.audit('verify, unknown code');

    // the address the QR code of a decision letter carries
    await page.goto('/verify/ZZZZ-ZZZZ-ZZZZ');
    await page.waitForURL(/\/pruefen\/ZZZZ-ZZZZ-ZZZZ$/);
    await expectHeading(page, T.unknownTitle);
    await journey.finish();
  });

  describe('with a decision letter the city issued', () => {
    let letter: IssuedLetter;
    beforeAll(async () => {
      letter = await issuedLetter(language, dir);
    });

    it('the QR code’s address shows the genuine document; the file is checked in the browser', async () => {
      const journey = await startJourney({ language });
      const { page } = journey;
      await page.goto('/pruefen');
      await chooseLanguage(journey);
      await page.goto(`/verify/${letter.code}`);
      await page.waitForURL(new RegExp(`/pruefen/${letter.code}$`));
      await expectHeading(page, T.genuineTitle);
      // from here on, the page sends nothing: the file check happens in the browser
      const sent: string[] = [];
      page.on('request', (request) => {
        if (request.method() !== 'GET' && !new URL(request.url()).pathname.startsWith('/api/v1/auth/'))
          sent.push(`${request.method()} ${request.url()}`);
      });
      const facts = await page.locator('.ui-summary-list').innerText();
      expect(facts).toContain(T.letter);
      expect(facts).toContain(letter.code);
      expect(facts).toContain(letter.sha256);
      // nothing about the person
      expect(await page.locator('main').innerText()).not.toMatch(/Prüfung|Erika|@example\.org/);
      await journey.audit('verify, genuine document');

      await page.getByLabel(T.file).setInputFiles(letter.file);
      await page.getByRole('status').filter({ hasText: T.fileGenuine }).waitFor();
      await journey.audit('verify, genuine file');

      await page.getByLabel(T.file).setInputFiles(letter.changedFile);
      await page.getByRole('alert').filter({ hasText: T.fileDifferent }).waitFor();
      await journey.audit('verify, changed file');
      // the files were compared in the browser: nothing was sent anywhere
      expect(sent).toEqual([]);
      await journey.finish();
    });

    it('the feedback mail’s link rates the decided application without logging in, once', async () => {
      const mail = await mailTo(letter.email, T.feedbackMail, 60_000);
      // five links, one per rating: "4 – zufrieden" is the second best
      const link = new URL(linkIn(mail, /^\/feedback$/));
      const satisfied = new URL(link);
      satisfied.searchParams.set('rating', '4');
      expect(satisfied.searchParams.get('subjectType')).toBe('application');
      expect(satisfied.searchParams.get('token')).toBeTruthy();

      const journey = await startJourney({
        language,
        // the second visit's 409 feedback-exists is what the page explains
        allowConsole: [/status of 409.*\/api\/v1\/feedback/],
      });
      const { page } = journey;
      await page.goto(`${satisfied.pathname}${satisfied.search}`);
      await chooseLanguage(journey);
      await expectHeading(page, T.feedbackTitle);
      expect(await page.getByLabel(T.chosenInMail, { exact: true }).isChecked()).toBe(true);
      await journey.audit('feedback from the mail');

      await page
        .getByLabel(T.comment)
        .fill(language === 'de' ? 'Schnell und freundlich.' : 'Quick and kind.');
      await page.getByRole('button', { name: T.send }).click();
      await expectHeading(page, T.thanks);
      await journey.audit('feedback sent');

      // the same link again: rated once, said kindly
      await page.goto(`${satisfied.pathname}${satisfied.search}`);
      await expectHeading(page, T.feedbackTitle);
      await page.getByRole('button', { name: T.send }).click();
      await expectHeading(page, T.already);
      expect(await heading(page)).toBe(T.already);
      await journey.audit('feedback given before');
      await journey.finish();
    });
  });
});
