import type { Page } from 'playwright-core';
import { DEMO_LOCATION_IDS } from '@buergeramt/contracts';
import { startSmtpServer, type TestSmtpServer } from '@buergeramt/testing';
import { call, DEMO, expectStatus } from '../security/support';
import { closeBrowser, type Platform, startJourney, startPlatform, uniqueEmail } from '../support/journey';

/**
 * A mail that really fails, sent again from the mail log (issue 17). A platform of this journey's own
 * sends its mails to an SMTP server of this test (SMTP_URL), which answers 451 to every recipient while
 * it is told to; the try right after the invitation's commit and two attempts of the mail job with a
 * short backoff (MAIL_ATTEMPTS, MAIL_BACKOFF_MS) make the delivery fail quickly. The demo admin invites a staff member (API); the mail log shows the invitation failed
 * with the server's answer. The server then accepts again, the admin clicks "Erneut senden", the mail
 * arrives at the test's server and the log says sent. axe-core on every page and state visited.
 */
const TEXT = {
  login: { email: 'Dienstliche E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' },
  nav: 'Einstellungen',
  mails: 'E-Mail-Protokoll',
  failed: 'Fehlgeschlagen',
  sent: 'Gesendet',
  retry: 'Erneut senden',
};
const ATTEMPTS = 2;

const main = (page: Page) => page.locator('#main');

async function expectHeading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}

let smtp: TestSmtpServer;
let platform: Platform & { stop: () => Promise<void> };

beforeAll(async () => {
  smtp = await startSmtpServer();
  smtp.setFailure('temporary', 'rcpt');
  platform = await startPlatform({
    SMTP_URL: smtp.url,
    MAIL_ATTEMPTS: String(ATTEMPTS),
    MAIL_BACKOFF_MS: '200',
  });
}, 240_000);

afterAll(async () => {
  await closeBrowser();
  await platform?.stop();
  await smtp?.stop();
});

/** The mail log's state of one delivery, through the API (as the page loads it). */
async function deliveryOf(
  token: string,
  email: string,
): Promise<{ id: string; status: string; lastError: string | null } | undefined> {
  const answer = await call(
    'GET',
    `${platform.base}/api/v1/admin/notifications/deliveries?kind=staff-invitation`,
    { token },
  );
  expectStatus(answer, 200, 'GET /admin/notifications/deliveries');
  const { items } = answer.json as {
    items: { id: string; recipient: string | null; status: string; lastError: string | null }[];
  };
  return items.find((item) => item.recipient === email);
}

describe('the back office: a mail that failed is sent again from the mail log', () => {
  it('shows the failed invitation with the server answer, sends it again, and it arrives', async () => {
    // the admin invites a staff member: the mail server refuses the recipient (451) on every try (the one
    // right after the commit, then the job's MAIL_ATTEMPTS)
    const login = await call('POST', `${platform.base}/api/v1/auth/login`, { body: DEMO.admin });
    expectStatus(login, 200, 'login of the demo admin');
    const token = (login.json as { accessToken: string }).accessToken;
    const email = uniqueEmail('einladung-scheitert');
    const invited = await call('POST', `${platform.base}/api/v1/admin/users`, {
      token,
      body: {
        email,
        givenName: 'Paula',
        familyName: 'Postfach',
        roles: ['clerk'],
        locationIds: [DEMO_LOCATION_IDS['buergeramt-innenstadt']],
        locale: 'de',
      },
    });
    expectStatus(invited, 201, 'POST /admin/users');
    for (let tries = 0; (await deliveryOf(token, email))?.status !== 'failed'; tries += 1) {
      if (tries > 120)
        throw new Error(`the invitation did not fail: ${JSON.stringify(await deliveryOf(token, email))}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const refused = smtp.rejections.filter((r) => r.recipients.includes(email));
    expect(refused.map((r) => r.code)).toEqual(Array.from({ length: 1 + ATTEMPTS }, () => 451));
    expect(smtp.messages.some((m) => m.to.includes(email))).toBe(false);

    // the admin finds it in the mail log: failed, with the server's answer
    const journey = await startJourney({ language: 'de', platform });
    const { page } = journey;
    await page.goto('/backoffice/');
    await main(page).getByLabel(TEXT.login.email, { exact: true }).fill(DEMO.admin.email);
    await main(page).getByLabel(TEXT.login.password, { exact: true }).fill(DEMO.admin.password);
    await main(page).getByRole('button', { name: TEXT.login.submit, exact: true }).click();
    await page.waitForURL(/\/backoffice\/heute$/);
    await page.getByRole('navigation').getByRole('link', { name: TEXT.nav }).click();
    await expectHeading(page, 'Einstellungen');
    await main(page).getByRole('link', { name: TEXT.mails, exact: true }).click();
    await expectHeading(page, TEXT.mails);
    await main(page).getByLabel('Zustand', { exact: true }).selectOption({ label: TEXT.failed });
    await page.waitForURL(/[?&]status=failed\b/);
    const row = main(page).locator('tbody tr', { hasText: email });
    await row.waitFor();
    expect(await row.innerText()).toContain(TEXT.failed);
    expect(await row.innerText()).toContain('Einladung');
    expect(await row.innerText()).toMatch(/451/);
    await journey.audit('mail log: failed');

    // the server accepts again; "Erneut senden" (its name says which mail)
    smtp.setFailure('none');
    const escaped = email.replace(/[.+]/g, '\\$&');
    await row
      .getByRole('button', { name: new RegExp(`^${TEXT.retry}\\s*:\\s*Einladung, ${escaped}$`) })
      .click();
    // said politely to screen readers (the live region), and the row leaves "Fehlgeschlagen"
    await page.getByText(`Die E-Mail an ${email} wird erneut gesendet.`).waitFor();
    await row.waitFor({ state: 'detached' });
    await journey.audit('mail log: sent again');
    const mail = await smtp.waitFor((received) => received.to.includes(email), 30_000);
    expect(mail.headers.subject ?? '').toMatch(/Einladung|=\?UTF-8\?/i);
    // the invitation's link (quoted-printable: soft line breaks joined)
    expect(mail.raw.replace(/=\r?\n/g, '')).toMatch(/\/backoffice\/einladung\?/);

    // the log says sent (the page shows it after a reload, as a person would look again)
    await main(page).getByLabel('Zustand', { exact: true }).selectOption({ label: TEXT.sent });
    await page.waitForURL(/[?&]status=sent\b/);
    for (
      let tries = 0;
      (await main(page).locator('tbody tr', { hasText: email }).count()) === 0;
      tries += 1
    ) {
      if (tries > 20)
        throw new Error(`the log does not say sent: ${JSON.stringify(await deliveryOf(token, email))}`);
      await page.waitForTimeout(500);
      await page.reload();
      await expectHeading(page, TEXT.mails);
      await main(page).locator('table caption').or(main(page).getByText('Keine E-Mails')).waitFor();
    }
    const sentRow = main(page).locator('tbody tr', { hasText: email });
    expect(await sentRow.innerText()).toContain(TEXT.sent);
    expect(await sentRow.getByRole('button').count()).toBe(0);
    await journey.audit('mail log: sent');
    expect(await deliveryOf(token, email)).toMatchObject({ status: 'sent' });

    await journey.finish();
  });
});
