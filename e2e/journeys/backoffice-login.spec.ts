import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { DEMO_LOCATION_IDS } from '@buergeramt/contracts';
import {
  closeBrowser,
  createAccount,
  linkIn,
  mailTo,
  authenticator,
  type Platform,
  startJourney,
  startPlatform,
  uniqueEmail,
} from '../support/journey';

/**
 * Staff log in to the back office as in production: on a platform of this journey's own with
 * `MFA_REQUIRED=true` (the shared journey platform runs without, as `npm start` does for demos), so a new
 * clerk has to set up TOTP. The demo admin enrolls through the API (its own first log-in) and creates a
 * clerk for two offices; the clerk follows the invitation mail's link, sets a password, logs in, sets up
 * TOTP from the key shown as text, lands on "Heute", chooses office and counter, which the device
 * remembers across a reload and a new log-in (with the code); a session that expires sends the clerk to
 * log-in and back; a resident's account is told the back office is for staff. axe-core on every page.
 */
const ADMIN = { email: 'admin@demo.esslingen.de', password: 'Neckarufer-Admin-2026' };
const CLERK_PASSWORD = 'Schalterhalle am Neckar 2026';
const INNENSTADT = DEMO_LOCATION_IDS['buergeramt-innenstadt'];
const BERKHEIM = DEMO_LOCATION_IDS['buergeramt-berkheim'];
/**
 * identity's 403 that asks a first log-in to set up TOTP, the 401 the app answers by a refresh (the
 * expired session), a wrong first code (422): the browser logs every error answer
 */
const EXPECTED_CONSOLE = [/status of (401|403|422)/];

const TEXT = {
  invitationMail: /Einladung/,
  invitation: {
    title: 'Passwort festlegen',
    password: 'Neues Passwort',
    repeat: 'Neues Passwort wiederholen',
    submit: 'Passwort speichern',
    different: 'Die beiden Passwörter stimmen nicht überein',
  },
  login: {
    title: 'Anmelden',
    email: 'Dienstliche E-Mail-Adresse',
    password: 'Passwort',
    submit: 'Anmelden',
    passwordSet: 'Ihr Passwort ist gespeichert. Melden Sie sich jetzt an.',
    codeTitle: 'Sicherheitscode eingeben',
    code: 'Sicherheitscode',
    loggedOut: 'Sie sind abgemeldet.',
    expired: 'Ihre Sitzung ist abgelaufen',
    citizenTitle: 'Diese Anmeldung ist nur für Mitarbeitende',
    citizenText:
      'Die Verwaltung des Bürgeramts ist nur für Mitarbeitende der Stadtverwaltung. Mit einem Bürgerkonto melden Sie sich im Digitalen Bürgeramt an.',
  },
  enroll: {
    title: 'Zwei-Faktor-Authentisierung einrichten',
    qrAlt: /QR-Code zum Einrichten/,
    submit: 'Einrichten und anmelden',
    codeWrong: 'Der Sicherheitscode stimmt nicht',
  },
  today: {
    title: 'Heute',
    person: 'Angemeldet als Clara Clerk, Sachbearbeitung',
    choose: 'Arbeitsplatz wählen',
    innenstadt: 'Bürgeramt Innenstadt (Demo)',
    berkheim: 'Bürgeramt Berkheim (Demo)',
    counterRequired: 'Wählen Sie einen Schalter',
    submit: 'Arbeitsplatz übernehmen',
    chosen: 'Ihr Arbeitsplatz',
    change: 'Ändern',
    cancel: 'Abbrechen',
  },
  logout: 'Abmelden',
};

const totpFor = (secret: string) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });

const main = (page: Page) => page.locator('#main');

async function expectHeading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await main(page).getByLabel(TEXT.login.email, { exact: true }).fill(email);
  await main(page).getByLabel(TEXT.login.password, { exact: true }).fill(password);
  await main(page).getByRole('button', { name: TEXT.login.submit, exact: true }).click();
}

/** The code step of log-in, with the authenticator's next code (identity accepts each step once). */
async function enterNextCode(page: Page, totp: ReturnType<typeof authenticator>): Promise<void> {
  await expectHeading(page, TEXT.login.codeTitle);
  await main(page)
    .getByLabel(TEXT.login.code, { exact: true })
    .fill(await totp.next());
  await main(page).getByRole('button', { name: TEXT.login.submit, exact: true }).click();
}

/** The workplace section as it shows a chosen workplace: "Standort … Schalter …". */
const workplaceSummary = (page: Page) => main(page).locator('.workplace .ui-summary-list');

let mfa: Platform & { stop: () => Promise<void> };

/** A call to the API of this journey's platform; the answer's JSON (or null) and status. */
async function call(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: Record<string, unknown> | null }> {
  const res = await fetch(`${mfa.base}/api/v1${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/**
 * The demo admin's first log-in through the API, as any client of identity makes it: the password, the
 * enrollment of TOTP, and the first code, which answers with a session (`startSession`).
 */
async function adminToken(): Promise<string> {
  const login = await call('POST', '/auth/login', ADMIN);
  expect(login).toMatchObject({ status: 403, json: { type: 'mfa-enrollment-required' } });
  const enrollmentToken = login.json?.enrollmentToken as string;
  const setup = await call('POST', '/auth/mfa/enroll', { enrollmentToken });
  expect(setup.status).toBe(200);
  const code = totpFor(setup.json?.secret as string).generate();
  const confirmed = await call('POST', '/auth/mfa/enroll/confirm', {
    enrollmentToken,
    code,
    startSession: true,
  });
  expect(confirmed).toMatchObject({ status: 200, json: { user: { roles: ['admin'] } } });
  return confirmed.json?.accessToken as string;
}

beforeAll(async () => {
  mfa = await startPlatform({ MFA_REQUIRED: 'true' });
}, 240_000);

afterAll(async () => {
  await closeBrowser();
  await mfa?.stop();
});

describe('the back office: staff log-in with two factors', () => {
  it('a new clerk sets a password from the invitation, sets up TOTP, chooses a workplace, logs in again with the code; a resident is refused', async () => {
    // the admin creates a clerk of two offices; the invitation mail goes out
    const email = uniqueEmail('sachbearbeitung');
    const created = await call(
      'POST',
      '/admin/users',
      {
        email,
        givenName: 'Clara',
        familyName: 'Clerk',
        roles: ['clerk'],
        locationIds: [INNENSTADT, BERKHEIM],
        locale: 'de',
      },
      await adminToken(),
    );
    expect(created.status).toBe(201);

    const journey = await startJourney({ language: 'de', platform: mfa, allowConsole: EXPECTED_CONSOLE });
    const { page } = journey;

    // the invitation: set a password (the rules are shown; a mismatch is explained)
    const invitation = linkIn(
      await mailTo(email, TEXT.invitationMail, 30_000, mfa),
      /^\/backoffice\/einladung$/,
      mfa,
    );
    await page.goto(invitation);
    await expectHeading(page, TEXT.invitation.title);
    await journey.audit('invitation');
    await main(page).getByLabel(TEXT.invitation.password, { exact: true }).fill(CLERK_PASSWORD);
    await main(page).getByLabel(TEXT.invitation.repeat, { exact: true }).fill('etwas anderes');
    await main(page).getByRole('button', { name: TEXT.invitation.submit }).click();
    await page.locator('.ui-error-summary', { hasText: TEXT.invitation.different }).waitFor();
    expect(await page.title()).toMatch(/^Fehler: Passwort festlegen – Bürgeramt – Verwaltung$/);
    await journey.audit('invitation: errors');
    await main(page).getByLabel(TEXT.invitation.repeat, { exact: true }).fill(CLERK_PASSWORD);
    await main(page).getByRole('button', { name: TEXT.invitation.submit }).click();
    await page.waitForURL(/\/backoffice\/anmelden\?passwort=gesetzt$/);
    await page.getByText(TEXT.login.passwordSet).waitFor();
    await expectHeading(page, TEXT.login.title);
    await journey.audit('log in: password set');

    // the first log-in: identity wants TOTP set up; the key is read from the page as a person types it
    await logIn(page, email, CLERK_PASSWORD);
    await page.waitForURL(/\/backoffice\/anmelden\/zwei-faktor-einrichten$/);
    await expectHeading(page, TEXT.enroll.title);
    const qr = main(page).getByRole('img', { name: TEXT.enroll.qrAlt });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await qr.getAttribute('alt')).toContain(email);
    await journey.audit('TOTP enrollment');
    const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const totp = authenticator(totpFor(secret));
    await main(page).getByLabel(TEXT.login.code, { exact: true }).fill('000000');
    await main(page).getByRole('button', { name: TEXT.enroll.submit }).click();
    await page.locator('.ui-error-summary', { hasText: TEXT.enroll.codeWrong }).waitFor();
    await journey.audit('TOTP enrollment: wrong code');
    await main(page)
      .getByLabel(TEXT.login.code, { exact: true })
      .fill(await totp.next());
    await main(page).getByRole('button', { name: TEXT.enroll.submit }).click();

    // logged in at once: "Heute", with the person and role in the header
    await page.waitForURL(/\/backoffice\/heute$/);
    await expectHeading(page, TEXT.today.title);
    await page.getByRole('banner').getByText(TEXT.today.person).waitFor();
    expect(await page.title()).toBe('Heute – Bürgeramt – Verwaltung');
    await main(page).getByRole('heading', { level: 2, name: TEXT.today.choose }).waitFor();
    await journey.audit('today: choose a workplace');

    // choose office and counter (the counter is missing first)
    await main(page).getByRole('radio', { name: TEXT.today.innenstadt }).check();
    await main(page).getByRole('radio', { name: 'Schalter 2' }).waitFor();
    await main(page).getByRole('button', { name: TEXT.today.submit }).click();
    await page.locator('.ui-error-summary', { hasText: TEXT.today.counterRequired }).waitFor();
    await journey.audit('today: counter missing');
    await main(page).getByRole('radio', { name: 'Schalter 2' }).check();
    await main(page).getByRole('button', { name: TEXT.today.submit }).click();
    await main(page).getByRole('heading', { level: 2, name: TEXT.today.chosen }).waitFor();
    expect(await workplaceSummary(page).textContent()).toContain('Schalter 2');
    expect(await workplaceSummary(page).textContent()).toContain(TEXT.today.innenstadt);
    await journey.audit('today: workplace chosen');

    // a reload keeps the session (refresh cookie) and the workplace (this device)
    await page.reload();
    await expectHeading(page, TEXT.today.title);
    await main(page).getByRole('heading', { level: 2, name: TEXT.today.chosen }).waitFor();
    expect(await workplaceSummary(page).textContent()).toContain('Schalter 2');

    // log out, and in again: now with the code
    await page.getByRole('banner').getByRole('button', { name: TEXT.logout }).click();
    await page.waitForURL(/\/backoffice\/anmelden\?abgemeldet=1$/);
    await page.getByText(TEXT.login.loggedOut).waitFor();
    await journey.audit('logged out');
    await logIn(page, email, CLERK_PASSWORD);
    await expectHeading(page, TEXT.login.codeTitle);
    await journey.audit('log in: code');
    await enterNextCode(page, totp);
    await page.waitForURL(/\/backoffice\/heute$/);
    await main(page).getByRole('heading', { level: 2, name: TEXT.today.chosen }).waitFor();
    expect(await workplaceSummary(page).textContent()).toContain('Schalter 2');

    // the session expires (the refresh cookie is gone, the access token refused): to log-in and back
    await main(page).getByRole('button', { name: TEXT.today.change }).click();
    await main(page).getByRole('heading', { level: 2, name: TEXT.today.choose }).waitFor();
    expect(await main(page).getByRole('radio', { name: 'Schalter 2' }).isChecked()).toBe(true);
    await page.context().clearCookies();
    await page.route(
      `**/api/v1/locations/${BERKHEIM}/counters`,
      (route) =>
        route.fulfill({
          status: 401,
          contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'unauthorized', title: 'Unauthorized', status: 401 }),
        }),
      { times: 1 },
    );
    await main(page).getByRole('radio', { name: TEXT.today.berkheim }).check();
    await page.waitForURL(/\/backoffice\/anmelden\?weiter=(%2F|\/)heute&abgelaufen=1$/);
    await page.getByText(TEXT.login.expired).waitFor();
    await journey.audit('log in: session expired');
    await logIn(page, email, CLERK_PASSWORD);
    await enterNextCode(page, totp);
    await page.waitForURL(/\/backoffice\/heute$/);
    expect(await workplaceSummary(page).textContent()).toContain('Schalter 2');
    await page.getByRole('banner').getByRole('button', { name: TEXT.logout }).click();
    await page.waitForURL(/\/backoffice\/anmelden\?abgemeldet=1$/);

    // a resident's account: told the back office is for staff, and nothing is kept
    const resident = uniqueEmail('buergerin');
    await createAccount({ email: resident, password: 'Kerze Fahrrad Nebel Tulpe' }, mfa);
    await logIn(page, resident, 'Kerze Fahrrad Nebel Tulpe');
    const refused = main(page).getByRole('alert').filter({ hasText: TEXT.login.citizenTitle });
    await refused.waitFor();
    expect(await refused.textContent()).toContain(TEXT.login.citizenText);
    expect(await page.getByText(TEXT.login.loggedOut).count()).toBe(0);
    await journey.audit('log in: a resident is refused');
    await page.goto('/backoffice/heute');
    await page.waitForURL(/\/backoffice\/anmelden\?weiter=(%2F|\/)heute$/);
    await journey.finish();
  });

  it('speaks English on the log-in page when a person chooses it (on a phone)', async () => {
    const journey = await startJourney({
      language: 'en',
      platform: mfa,
      viewport: { width: 390, height: 844 },
    });
    const { page } = journey;
    await page.goto('/backoffice/');
    await page.waitForURL(/\/backoffice\/anmelden\?weiter=(%2F|\/)heute$/);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await expectHeading(page, 'Log in');
    expect(await page.title()).toBe('Log in – Back office');
    await main(page).getByLabel('Work email address', { exact: true }).waitFor();
    await main(page).getByRole('button', { name: 'Log in', exact: true }).click();
    await page.locator('.ui-error-summary', { hasText: 'Enter your email address' }).waitFor();
    await journey.audit('log in (English): errors');
    await journey.finish();
  });
});
