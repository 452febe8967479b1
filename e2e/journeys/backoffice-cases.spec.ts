import { DEMO_SERVICE_IDS } from '@buergeramt/contracts';
import type { Page } from 'playwright-core';
import {
  call,
  expectStatus,
  newCitizen,
  newStaff,
  PNG_1X1,
  submitOnceScanned,
  uploadDocument,
  type Citizen,
  type Staff,
} from '../security/support';
import { closeBrowser, type Journey, startJourney } from '../support/journey';
import { adminToken } from '../support/office';

/**
 * Case work in the back office (issue 17), in the browser against the whole platform: a resident of the
 * journey's own applies for a Meldebescheinigung through the API; a new clerk logs in, opens "Vorgänge",
 * finds the case under "not assigned", opens it (the answers read with their form's labels), assigns it
 * to herself and asks for what is missing, then writes to the resident with two attachments: the
 * resident's own evidence (chosen from the case's documents) and an image she uploads (its scan state
 * followed until checked); the image is previewed in the page (a loaded `blob:` image). The resident answers through the API (changed data, sent
 * again); the clerk filters for "answer received", sees the badge, opens the case, finds that a
 * supervisor took it into review meanwhile (409, explained, the case shown as it is now), decides
 * (approve, confirmed in a dialog) and sees the letter issued. The resident, logged in to the citizen app
 * in a browser of their own, sees the decision, and the clerk's message with both attachments (and
 * downloads the clerk's image). axe-core on every page and state.
 */
const TEXT = {
  login: { email: 'Dienstliche E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' },
  nav: 'Vorgänge',
  inbox: 'Vorgänge',
  nobody: /^Niemandem/,
  mine: /^Mir/,
  answered: /^Antwort eingegangen/,
  badge: 'Antwort eingegangen',
  next: /Nächste/,
  assignToMe: 'Mir zuweisen',
  inReview: 'In Prüfung',
  missing: 'Was fehlt?',
  requestInfo: 'Rückfrage senden',
  asked: 'Rückfrage offen',
  review: 'Prüfung beginnen',
  conflict: 'Der Vorgang wurde gerade geändert',
  approve: 'Bewilligt',
  reason: 'Begründung',
  decide: 'Entscheiden',
  confirmTitle: 'Entscheidung wirklich treffen?',
  confirm: 'Ja, bewilligen',
  letter: 'Der Bescheid ist erstellt und liegt bei den Dokumenten.',
  purposeLabel: 'Verwendungszweck',
  citizen: { email: 'E-Mail-Adresse', password: 'Passwort', login: 'Anmelden' },
  messageLabel: 'Nachricht an die antragstellende Person',
  uploadChecked: 'Geprüft, wird angehängt',
  send: 'Nachricht senden',
  checked: 'Geprüft',
  preview: /Vorschau anzeigen/,
  download: /Herunterladen/,
};

const NOTE = 'Anbei ein Hinweis zur Abholung; Ihren Nachweis habe ich beigefügt.';
const EVIDENCE = 'nachweis-vorgang.png';
const CLERK_FILE = 'hinweis-amt.png';

const QUESTION = 'Bitte nennen Sie den genauen Verwendungszweck.';
const REASON = 'Alle Angaben sind vollständig.';
const MELDE_DATA = {
  applicant: { givenName: 'Erika', familyName: 'Vorgang', birthDate: '1980-04-12' },
  kind: 'einfach',
  purpose: 'Arbeitgeber',
};

const main = (page: Page) => page.locator('#main');

async function expectHeading(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}

/**
 * The inbox row of `reference`, paging forward (the filter stays in the URL) until it shows. The list of
 * the previous filter stays on screen while the new one loads, so a page is given a moment to show the row.
 */
async function rowOf(page: Page, reference: string) {
  for (let pageNo = 0; pageNo < 40; pageNo += 1) {
    await main(page).locator('.inbox__table, .inbox__empty').first().waitFor();
    const row = main(page).locator('.inbox__table tbody tr', { hasText: reference });
    await row
      .first()
      .waitFor({ timeout: 3000 })
      .catch(() => undefined);
    if ((await row.count()) > 0) return row;
    const next = main(page).getByRole('button', { name: TEXT.next });
    if ((await next.count()) === 0) break;
    const url = page.url();
    await next.click();
    await page.waitForURL((u) => u.href !== url);
  }
  throw new Error(`${reference} is not in the inbox (${page.url()})`);
}

describe('case work in the back office', () => {
  let citizen: Citizen;
  let clerk: Staff;
  let supervisorToken: string;
  let id: string;
  let reference: string;

  beforeAll(async () => {
    const admin = await adminToken();
    supervisorToken = admin;
    [citizen, clerk] = await Promise.all([newCitizen('vorgang'), newStaff(admin, ['clerk'])]);
    // the resident applies through the API
    const created = await call('POST', '/applications', {
      token: citizen.token,
      body: { serviceId: DEMO_SERVICE_IDS.meldebescheinigung },
    });
    expectStatus(created, 201, 'POST /applications');
    id = (created.json as { id: string }).id;
    // with a piece of evidence of the resident's (the clerk attaches it to her message later)
    const evidence = await uploadDocument(citizen.token, EVIDENCE);
    expectStatus(
      await call('PATCH', `/applications/${id}`, {
        token: citizen.token,
        body: { data: MELDE_DATA, documentIds: [evidence] },
      }),
      200,
      'PATCH /applications/{id}',
    );
    const submitted = await submitOnceScanned(citizen.token, id);
    expectStatus(submitted, 200, 'submit');
    reference = (submitted.json as { reference: string }).reference;
  });

  afterAll(async () => {
    await closeBrowser();
  });

  it('finds, assigns, asks, sees the answer, decides; the resident sees the decision', async () => {
    // the 409 of the step a supervisor took first: the browser logs every error answer
    const journey: Journey = await startJourney({ language: 'de', allowConsole: [/status of 409/] });
    const { page } = journey;

    await page.goto('/backoffice/');
    await main(page).getByLabel(TEXT.login.email, { exact: true }).fill(clerk.email);
    await main(page).getByLabel(TEXT.login.password, { exact: true }).fill(clerk.password);
    await main(page).getByRole('button', { name: TEXT.login.submit, exact: true }).click();
    await page.waitForURL(/\/backoffice\/heute$/);

    // the inbox: open cases by due date; "not assigned" narrows it, and the URL keeps the filter
    await page.getByRole('navigation').getByRole('link', { name: TEXT.nav, exact: true }).click();
    await expectHeading(page, TEXT.inbox);
    await main(page).locator('.inbox__table').waitFor();
    await journey.audit('inbox');
    await main(page).getByRole('radio', { name: TEXT.nobody }).check();
    await page.waitForURL(/zustaendig=niemand/);
    let row = await rowOf(page, reference);
    expect(await row.innerText()).toContain('Niemand');
    await journey.audit('inbox, not assigned');
    // a reload shows the same filter
    await page.reload();
    await expect(main(page).getByRole('radio', { name: TEXT.nobody }).isChecked()).resolves.toBe(true);

    // the case: the answers with their form's labels, assigned to the clerk, a question asked
    await (await rowOf(page, reference)).getByRole('link', { name: reference }).click();
    await expectHeading(page, `Vorgang ${reference}`);
    await main(page).getByText(TEXT.purposeLabel).first().waitFor();
    expect(await main(page).innerText()).not.toContain('"purpose"');
    await journey.audit('case, submitted');
    await main(page).getByRole('button', { name: TEXT.assignToMe }).click();
    await main(page).locator('.case__status').getByText(TEXT.inReview).waitFor();
    await main(page).getByLabel(TEXT.missing).fill(QUESTION);
    await main(page).getByRole('button', { name: TEXT.requestInfo }).click();
    await main(page).locator('.case__status').getByText(TEXT.asked).waitFor();
    await main(page).locator('.case-messages').getByText(QUESTION).waitFor();
    await journey.audit('case, information requested');

    // a message with attachments: the resident's evidence (a document of the case) and a new image,
    // followed through the virus scan before it is sent
    const thread = main(page).locator('.case-messages');
    await thread.getByLabel(TEXT.messageLabel).fill(NOTE);
    await thread.getByRole('checkbox', { name: new RegExp(EVIDENCE.replace('.', '\\.')) }).check();
    await main(page)
      .locator('#case-message-upload')
      .setInputFiles({ name: CLERK_FILE, mimeType: 'image/png', buffer: PNG_1X1 });
    const upload = thread.locator('.attachment-upload__item', { hasText: CLERK_FILE });
    try {
      await upload.getByText(TEXT.uploadChecked).waitFor({ timeout: 60_000 });
    } catch (error) {
      throw new Error(`the upload: ${await upload.innerText()}`, { cause: error });
    }
    await journey.audit('case, a message with attachments');
    await thread.getByRole('button', { name: TEXT.send }).click();
    const sent = thread.locator('.case-messages__item', { hasText: NOTE });
    await sent.getByText(CLERK_FILE).waitFor();
    await sent.getByText(EVIDENCE).waitFor();
    expect(await thread.locator('.attachment-upload__item').count()).toBe(0);
    // the clerk's image among the case's documents, previewed in the page: an image from a blob: URL
    const attachment = main(page).locator('.case-documents__item', { hasText: CLERK_FILE });
    await attachment.getByText(TEXT.checked, { exact: true }).waitFor();
    expect(await attachment.innerText()).toContain('Anhang einer Nachricht');
    await attachment.getByRole('button', { name: TEXT.preview }).click();
    const image = attachment.locator('img');
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    await image.evaluate((img: HTMLImageElement) =>
      img.complete
        ? undefined
        : new Promise((resolve) => img.addEventListener('load', resolve, { once: true })),
    );
    expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await journey.audit('case, the attached image previewed');

    // the resident answers through the API: changed data, sent again
    expectStatus(
      await call('PATCH', `/applications/${id}`, {
        token: citizen.token,
        body: { data: { ...MELDE_DATA, purpose: 'Arbeitgeber (Einstellung)' } },
      }),
      200,
      'PATCH (answer)',
    );
    expectStatus(await call('POST', `/applications/${id}/submit`, { token: citizen.token }), 200, 'resubmit');

    // "answer received": the filter finds it, the badge says it
    await main(page).getByRole('link', { name: 'Zurück zu den Vorgängen' }).click();
    await expectHeading(page, TEXT.inbox);
    // the filter chosen before is still there; the case is now the clerk's
    expect(page.url()).toContain('zustaendig=niemand');
    await main(page).getByRole('radio', { name: TEXT.mine }).check();
    await page.waitForURL(/zustaendig=ich/);
    await main(page).getByRole('checkbox', { name: TEXT.answered }).check();
    await page.waitForURL(/antwort=1/);
    row = await rowOf(page, reference);
    await row.getByText(TEXT.badge).waitFor();
    await journey.audit('inbox, answer received');

    // meanwhile a supervisor takes the resubmission into review: the clerk's own click is a 409,
    // explained, and the case shown as it is now
    await row.getByRole('link', { name: reference }).click();
    await expectHeading(page, `Vorgang ${reference}`);
    await main(page).locator('.case__status').getByText(TEXT.badge).waitFor();
    expectStatus(
      await call('POST', `/applications/${id}/review`, { token: supervisorToken }),
      200,
      'review by the supervisor',
    );
    await main(page).getByRole('button', { name: TEXT.review }).click();
    await main(page).getByRole('alert').getByText(TEXT.conflict).waitFor();
    await main(page).locator('.case__status').getByText(TEXT.inReview).waitFor();
    await journey.audit('case, conflict explained');

    // the decision, confirmed in a dialog (it cannot be undone)
    await main(page).getByRole('radio', { name: TEXT.approve }).check();
    await main(page).getByLabel(TEXT.reason, { exact: true }).fill(REASON);
    await main(page).getByRole('button', { name: TEXT.decide, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: TEXT.confirmTitle });
    await dialog.waitFor();
    await journey.audit('decision, confirmation');
    await dialog.getByRole('button', { name: TEXT.confirm }).click();
    await main(page).locator('.case__status').getByText(TEXT.approve).waitFor();
    await main(page).getByText(TEXT.letter).waitFor({ timeout: 90_000 });
    // the letter among the documents, checked, and shown in the page (a PDF from a blob: URL)
    const letter = main(page).locator('.case-documents__item', { hasText: 'Bescheid' });
    await letter.waitFor();
    try {
      await letter.getByText('Geprüft').waitFor({ timeout: 30_000 });
    } catch (error) {
      throw new Error(`the letter: ${await letter.innerText()}`, { cause: error });
    }
    await letter.getByRole('button', { name: /Vorschau anzeigen/ }).click();
    const frame = letter.locator('iframe');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    await journey.audit('case, decided, the letter previewed');
    await journey.finish();

    // the resident sees the decision in the citizen app
    const resident: Journey = await startJourney({ language: 'de' });
    const rp = resident.page;
    await rp.goto('/konto/anmelden');
    await rp.getByLabel(TEXT.citizen.email).fill(citizen.email);
    await rp.getByLabel(TEXT.citizen.password, { exact: true }).fill(citizen.password);
    await rp.getByRole('button', { name: TEXT.citizen.login, exact: true }).click();
    await rp.waitForURL((url) => !url.pathname.startsWith('/konto/anmelden'));
    await rp.goto(`/antraege/${id}`);
    await rp.getByText(REASON).waitFor();
    await rp.locator('#main').getByText('Bewilligt').first().waitFor();
    await resident.audit('the resident sees the decision');
    // and the clerk's message with both attachments; the clerk's image downloads
    const message = rp.locator('.case-messages__message', { hasText: NOTE });
    await message.getByText(CLERK_FILE, { exact: true }).waitFor();
    await message.getByText(EVIDENCE, { exact: true }).waitFor();
    const clerkFile = message.locator('.message-attachments__item', { hasText: CLERK_FILE });
    const [download] = await Promise.all([
      rp.waitForEvent('download'),
      clerkFile.getByRole('button', { name: TEXT.download }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(CLERK_FILE);
    await resident.audit('the resident sees the clerk message and its attachments');
    await resident.finish();
  });
});
