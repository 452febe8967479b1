import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import {
  BASE_URL,
  closeBrowser,
  createAccount,
  type Journey,
  type Language,
  startJourney,
  uniqueEmail,
} from '../support/journey';
import { chooseLanguage, expectHeading, serviceAndOffice, someFreeSlot, INNENSTADT } from './booking-support';

/**
 * A resident's documents and messages, as a person uses them in the browser: uploading a real PDF on
 * "My documents" (with its progress and the announcement), an EXE renamed to `.pdf` refused by the API
 * (it sniffs the content) with a sentence, downloading and deleting; and the in-app inbox: a booking
 * (made through the API, as from another tab) leaves an unread message, the header counts it, the inbox
 * marks it, and marking it read counts down. Every page and state is checked with axe-core.
 */
const TEXT = {
  de: {
    login: { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' },
    account: 'Mein Konto',
    documentsLink: 'Meine Dokumente',
    documentsTitle: 'Meine Dokumente',
    uploadLabel: 'Dokument hochladen',
    limits: 'PDF, JPEG oder PNG, höchstens 20 MB je Datei.',
    uploaded: 'pass.pdf wurde hochgeladen.',
    refused: 'Nicht angenommen: Der Inhalt der Datei ist kein PDF, JPEG oder PNG',
    removeRefused: 'Datei programm.pdf entfernen',
    empty: 'Sie haben noch keine Dokumente.',
    byYou: 'Von Ihnen hochgeladen',
    download: 'pass.pdf herunterladen',
    delete: 'pass.pdf löschen',
    deleteTitle: 'Dokument wirklich löschen?',
    deleteConfirm: 'Ja, endgültig löschen',
    deleted: '„pass.pdf“ wurde gelöscht.',
    inbox: 'Nachrichten',
    inboxUnread: /^Nachrichten\s*,\s*1\s+ungelesen$/,
    inboxTitle: 'Nachrichten',
    unreadSummary: 'Sie haben eine ungelesene Nachricht.',
    newTag: 'Neu',
    markRead: /als gelesen markieren$/,
    noneUnread: 'Sie haben keine ungelesenen Nachrichten.',
    preferences: 'Einstellungen für Benachrichtigungen',
    preferencesTitle: 'Benachrichtigungen',
  },
  en: {
    login: { email: 'Email address', password: 'Password', submit: 'Log in' },
    account: 'My account',
    documentsLink: 'My documents',
    documentsTitle: 'My documents',
    uploadLabel: 'Upload a document',
    limits: 'PDF, JPEG or PNG, up to 20 MB per file.',
    uploaded: 'pass.pdf has been uploaded.',
    refused: 'Not accepted: The content of the file is not a PDF, JPEG or PNG',
    removeRefused: 'Remove file programm.pdf',
    empty: 'You have no documents yet.',
    byYou: 'Uploaded by you',
    download: 'Download pass.pdf',
    delete: 'Delete pass.pdf',
    deleteTitle: 'Delete the document?',
    deleteConfirm: 'Yes, delete it for good',
    deleted: '“pass.pdf” has been deleted.',
    inbox: 'Messages',
    inboxUnread: /^Messages\s*,\s*1\s+unread$/,
    inboxTitle: 'Messages',
    unreadSummary: 'You have one unread message.',
    newTag: 'New',
    markRead: /^Mark as read: /,
    noneUnread: 'You have no unread messages.',
    preferences: 'Notification settings',
    preferencesTitle: 'Notifications',
  },
} as const;

const PASSWORD = 'Akte Laterne Fluss Wolke';

/** A small but real PDF (one empty page). */
const PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
    '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj',
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj',
    'trailer <</Root 1 0 R>>',
    '%%EOF',
    '',
  ].join('\n'),
);
/** A Windows program's first bytes ("MZ" header), named like a PDF. */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00'), Buffer.alloc(2048, 0x41)]);

/**
 * The API's answers the page explains on purpose: 415 for the disguised program (the browser logs every
 * failed request as a console error).
 */
const EXPECTED_CONSOLE = [/status of 415/];

async function api<T>(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; data: T }> {
  const res = await fetch(`${BASE_URL()}/api/v1${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, data: (text ? JSON.parse(text) : undefined) as T };
}

/**
 * The resident books an appointment (through the API, as from another tab) and the booking confirmation
 * reaches the inbox: waits until the inbox counts it unread.
 */
async function bookAndAwaitNotification(email: string): Promise<void> {
  const login = await api<{ accessToken: string }>('POST', '/auth/login', {
    body: { email, password: PASSWORD },
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  const token = login.data.accessToken;
  const { serviceId, locationId } = await serviceAndOffice(INNENSTADT);
  let booked = 0;
  for (let attempt = 0; attempt < 5 && booked !== 201; attempt += 1) {
    const slot = await someFreeSlot(serviceId, locationId);
    ({ status: booked } = await api('POST', '/appointments', {
      token,
      body: { serviceId, locationId, start: slot.start },
      headers: { 'idempotency-key': `documents-journey-${Date.now()}-${attempt}` },
    }));
  }
  if (booked !== 201) throw new Error(`booking answered ${booked}`);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const inbox = await api<{ unreadCount: number }>('GET', '/notifications?limit=1', { token });
    if (inbox.status === 200 && inbox.data.unreadCount > 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the booking confirmation did not reach the inbox within 30 s');
}

const main = (page: Page) => page.locator('#main');
const header = (page: Page) => page.locator('header');

async function logIn(journey: Journey, email: string): Promise<void> {
  const { page } = journey;
  const text = TEXT[journey.language].login;
  await page.goto('/konto/anmelden');
  await chooseLanguage(journey);
  await main(page).getByLabel(text.email, { exact: true }).fill(email);
  await main(page).getByLabel(text.password, { exact: true }).fill(PASSWORD);
  await main(page).getByRole('button', { name: text.submit, exact: true }).click();
  await expectHeading(page, TEXT[journey.language].account);
}

afterAll(closeBrowser);

describe.each<Language>(['de', 'en'])('documents and messages (%s)', (language) => {
  const text = TEXT[language];

  it('uploads a PDF, is refused a disguised program, downloads and deletes; reads the unread message', async () => {
    const email = uniqueEmail(`dokumente-${language}`);
    await createAccount({ email, password: PASSWORD, locale: language });
    await bookAndAwaitNotification(email);

    const journey = await startJourney({ language, allowConsole: EXPECTED_CONSOLE });
    const { page } = journey;
    await logIn(journey, email);

    // the header counts the unread message, by words as well as the number
    const inboxLink = header(page).getByRole('link', { name: text.inboxUnread });
    await inboxLink.waitFor();
    await journey.audit('account, with an unread message');

    // My documents, from the account page
    await main(page).getByRole('link', { name: text.documentsLink, exact: true }).click();
    await expectHeading(page, text.documentsTitle);
    await main(page).getByText(text.empty).waitFor();
    expect(await main(page).textContent()).toContain(text.limits);
    await journey.audit('my documents, empty');

    // a real PDF: uploaded, announced, listed
    const input = main(page).getByLabel(text.uploadLabel);
    await input.setInputFiles({ name: 'pass.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page
      .locator('[data-politeness="polite"]', { hasText: text.uploaded })
      .waitFor({ state: 'attached' });
    const card = main(page).locator('.document-card', { has: page.locator('h3', { hasText: 'pass.pdf' }) });
    await card.waitFor();
    expect(await card.textContent()).toContain(text.byYou);
    await journey.audit('my documents, one uploaded');

    // a program renamed to .pdf: the API looks at the content and refuses it, the page says why
    await input.setInputFiles({ name: 'programm.pdf', mimeType: 'application/pdf', buffer: EXE });
    const refusal = main(page).locator('.document-upload__item', { hasText: 'programm.pdf' });
    await refusal.getByText(text.refused).waitFor();
    expect(await main(page).locator('.document-card').count()).toBe(1);
    await journey.audit('my documents, a file refused');
    await main(page).getByRole('button', { name: text.removeRefused }).click();
    await refusal.waitFor({ state: 'detached' });
    // focus goes back to the file input
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('file');

    // download: the file as uploaded, under its name
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('button', { name: text.download }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('pass.pdf');
    expect((await readFile(await download.path())).subarray(0, 8).toString()).toBe('%PDF-1.4');

    // delete, after a confirmation
    await card.getByRole('button', { name: text.delete }).click();
    const dialog = page.getByRole('dialog', { name: text.deleteTitle });
    await dialog.waitFor();
    await journey.audit('delete confirmation');
    await dialog.getByRole('button', { name: text.deleteConfirm }).click();
    await main(page).getByText(text.deleted).waitFor();
    await card.waitFor({ state: 'detached' });
    await main(page).getByText(text.empty).waitFor();
    await journey.audit('my documents, deleted');

    // the inbox: the unread message is marked with a word; marking it read counts down in the header
    await inboxLink.click();
    await expectHeading(page, text.inboxTitle);
    await main(page).getByText(text.unreadSummary).waitFor();
    const item = main(page).locator('.inbox-item').first();
    expect((await item.locator('h2').innerText()).trim()).toMatch(new RegExp(`^${text.newTag}`));
    await journey.audit('inbox, one unread');
    await item.getByRole('button', { name: text.markRead }).click();
    await main(page).getByText(text.noneUnread).waitFor();
    await item.locator('.ui-tag').waitFor({ state: 'detached' });
    await header(page).getByRole('link', { name: text.inbox, exact: true }).waitFor();
    await journey.audit('inbox, all read');

    // the preferences are one link away
    await main(page).getByRole('link', { name: text.preferences }).click();
    await expectHeading(page, text.preferencesTitle);
    await journey.finish();
  });
});
