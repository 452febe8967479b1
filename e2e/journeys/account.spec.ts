import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import {
  closeBrowser,
  createAccount,
  type Journey,
  type Language,
  linkIn,
  mailTo,
  authenticator,
  startJourney,
  uniqueEmail,
} from '../support/journey';

/**
 * A resident's account, as a person uses it in the browser: registering and confirming the address from
 * the mail, logging in, an expired session that returns to the half-filled profile, setting up
 * two-factor authentication and logging in with it; a forgotten password; deleting the account. Every
 * page and state is checked with axe-core; mail links must lead to the app.
 */
const TEXT = {
  de: {
    register: {
      title: 'Konto erstellen',
      submit: 'Konto erstellen',
      givenName: 'Vorname',
      familyName: 'Nachname',
      email: 'E-Mail-Adresse',
      password: 'Passwort',
      common: 'Dieses Passwort wird sehr häufig verwendet',
    },
    errorTitle: 'Fehler: ',
    sentTitle: 'Prüfen Sie Ihr E-Mail-Postfach',
    verifyMail: /Bitte bestätigen Sie Ihre E-Mail-Adresse/,
    verifyTitle: 'E-Mail-Adresse bestätigen',
    verifyButton: 'E-Mail-Adresse bestätigen',
    verified: 'E-Mail-Adresse bestätigt',
    login: {
      title: 'Anmelden',
      submit: 'Anmelden',
      email: 'E-Mail-Adresse',
      password: 'Passwort',
      wrong: 'E-Mail-Adresse oder Passwort sind falsch',
      forgot: 'Passwort vergessen?',
      expired: 'Ihre Sitzung ist abgelaufen',
      codeTitle: 'Sicherheitscode eingeben',
      code: 'Sicherheitscode',
      codeSubmit: 'Weiter',
      codeWrong: 'Der Sicherheitscode stimmt nicht',
    },
    account: 'Mein Konto',
    profile: {
      link: 'Persönliche Daten ändern',
      title: 'Persönliche Daten',
      phone: 'Telefonnummer',
      street: 'Straße und Hausnummer',
      postalCode: 'Postleitzahl',
      city: 'Ort',
      save: 'Speichern',
      partial: 'Geben Sie den Ort ein',
      restored: 'Wir haben Ihre noch nicht gespeicherten Eingaben wiederhergestellt.',
      saved: 'Ihre persönlichen Daten wurden gespeichert.',
    },
    security: {
      link: 'Anmeldung und Sicherheit',
      setUp: 'Zwei-Faktor-Authentisierung einrichten',
      qrAlt: /QR-Code zum Einrichten/,
      turnOn: 'Einschalten',
      on: 'Die Zwei-Faktor-Authentisierung ist eingeschaltet.',
      off: 'Ausgeschaltet',
      turnOff: 'Zwei-Faktor-Authentisierung ausschalten',
      turnOffTitle: 'Zwei-Faktor-Authentisierung ausschalten?',
      turnOffCode: 'Aktueller Sicherheitscode',
      turnOffConfirm: 'Ja, ausschalten',
      turnedOff: 'Die Zwei-Faktor-Authentisierung ist ausgeschaltet.',
    },
    logout: 'Abmelden',
    loggedOut: 'Sie sind abgemeldet.',
    forgot: { title: 'Passwort vergessen', submit: 'Link anfordern' },
    resetMail: /Neues Passwort festlegen/,
    reset: {
      title: 'Neues Passwort festlegen',
      password: 'Neues Passwort',
      repeat: 'Neues Passwort wiederholen',
      submit: 'Passwort speichern',
      different: 'Die beiden Passwörter stimmen nicht überein',
      changed: 'Passwort geändert',
      invalid: 'Dieser Link ist nicht mehr gültig',
    },
    delete: {
      link: 'Konto löschen',
      title: 'Konto löschen',
      confirmMissing: 'Bestätigen Sie, dass Sie Ihr Konto endgültig löschen möchten',
      understood: 'Ich habe verstanden',
      dialog: 'Konto wirklich löschen?',
      confirm: 'Ja, Konto endgültig löschen',
    },
  },
  en: {
    register: {
      title: 'Create an account',
      submit: 'Create account',
      givenName: 'First name',
      familyName: 'Last name',
      email: 'Email address',
      password: 'Password',
      common: 'This password is used very often',
    },
    errorTitle: 'Error: ',
    sentTitle: 'Check your email',
    verifyMail: /Please confirm your e-mail address/,
    verifyTitle: 'Confirm your email address',
    verifyButton: 'Confirm email address',
    verified: 'Email address confirmed',
    login: {
      title: 'Log in',
      submit: 'Log in',
      email: 'Email address',
      password: 'Password',
      wrong: 'Email address or password is wrong',
      forgot: 'Forgotten your password?',
      expired: 'Your session has expired',
      codeTitle: 'Enter your security code',
      code: 'Security code',
      codeSubmit: 'Continue',
      codeWrong: 'The security code is not right',
    },
    account: 'My account',
    profile: {
      link: 'Change personal details',
      title: 'Personal details',
      phone: 'Phone number',
      street: 'Street and house number',
      postalCode: 'Postcode',
      city: 'Town or city',
      save: 'Save',
      partial: 'Enter the town or city',
      restored: 'We have restored the changes you had not saved yet.',
      saved: 'Your personal details have been saved.',
    },
    security: {
      link: 'Login and security',
      setUp: 'Set up two-factor authentication',
      qrAlt: /QR code to set up/,
      turnOn: 'Turn on',
      on: 'Two-factor authentication is on.',
      off: 'Off',
      turnOff: 'Turn off two-factor authentication',
      turnOffTitle: 'Turn off two-factor authentication?',
      turnOffCode: 'Current security code',
      turnOffConfirm: 'Yes, turn it off',
      turnedOff: 'Two-factor authentication is off.',
    },
    logout: 'Log out',
    loggedOut: 'You are logged out.',
    forgot: { title: 'Forgotten your password', submit: 'Send link' },
    resetMail: /Set a new password/,
    reset: {
      title: 'Set a new password',
      password: 'New password',
      repeat: 'Confirm new password',
      submit: 'Save password',
      different: 'The two passwords do not match',
      changed: 'Password changed',
      invalid: 'This link no longer works',
    },
    delete: {
      link: 'Delete account',
      title: 'Delete account',
      confirmMissing: 'Confirm that you want to delete your account for good',
      understood: 'I understand',
      dialog: 'Really delete your account?',
      confirm: 'Yes, delete my account for good',
    },
  },
} as const;

/** Answers the app explains on purpose (wrong password, a common one, an expired session, a wrong code). */
const EXPECTED_CONSOLE = [/status of (400|401|422)/];

async function chooseLanguage(journey: Journey, language: Language): Promise<void> {
  if (language === 'de') return;
  await journey.page.getByRole('button', { name: 'English' }).click();
  await journey.page.waitForFunction(() => document.documentElement.lang === 'en');
}

const heading = async (page: Page): Promise<string> =>
  ((await page.getByRole('heading', { level: 1 }).first().textContent()) ?? '').trim();

async function expectHeading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}

const main = (page: Page) => page.locator('#main');

async function logIn(page: Page, language: Language, email: string, password: string): Promise<void> {
  const text = TEXT[language].login;
  await main(page).getByLabel(text.email, { exact: true }).fill(email);
  await main(page).getByLabel(text.password, { exact: true }).fill(password);
  await main(page).getByRole('button', { name: text.submit, exact: true }).click();
}

const totpFor = (secret: string) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });

afterAll(closeBrowser);

describe.each(['de', 'en'] as const)('a resident’s account (%s)', (language) => {
  const text = TEXT[language];

  it('registers, confirms the mailed link, logs in, survives an expired session, sets up TOTP and logs in with it', async () => {
    const journey = await startJourney({ language, allowConsole: EXPECTED_CONSOLE });
    const { page } = journey;
    const email = uniqueEmail(`konto-${language}`);
    const password = 'Kerze Fahrrad Nebel Tulpe';

    // register: the rules are visible before sending; an empty form is explained
    await page.goto('/konto/registrieren');
    await chooseLanguage(journey, language);
    await expectHeading(page, text.register.title);
    await journey.audit('register');
    await main(page).getByRole('button', { name: text.register.submit }).click();
    await page.locator('.ui-error-summary').waitFor();
    expect(await page.title()).toMatch(new RegExp(`^${text.errorTitle}`));
    expect(await page.evaluate(() => document.activeElement?.classList.contains('ui-error-summary'))).toBe(
      true,
    );
    await journey.audit('register: errors');

    await main(page).getByLabel(text.register.givenName).fill('Erika');
    await main(page).getByLabel(text.register.familyName).fill('Mustermann');
    await main(page).getByLabel(text.register.email).fill(email);
    // a common password: identity refuses it, the page says why at the field
    await main(page).getByLabel(text.register.password, { exact: true }).fill('Password123');
    await main(page).getByRole('button', { name: text.register.submit }).click();
    await page.locator('.ui-error-summary', { hasText: text.register.common }).waitFor();
    expect(await page.locator('#register-password').getAttribute('aria-invalid')).toBe('true');
    await journey.audit('register: common password');

    await main(page).getByLabel(text.register.password, { exact: true }).fill(password);
    await main(page).getByRole('button', { name: text.register.submit }).click();
    await page.waitForURL(/\/konto\/registrieren\/gesendet$/);
    await expectHeading(page, text.sentTitle);
    expect(await main(page).textContent()).toContain(email);
    await journey.audit('check your mail');

    // the mailed link: opening it uses nothing up (mail scanners); the button confirms
    const link = linkIn(await mailTo(email, text.verifyMail), /^\/konto\/bestaetigen$/);
    await page.goto(link);
    await expectHeading(page, text.verifyTitle);
    await journey.audit('verify e-mail');
    await main(page).getByRole('button', { name: text.verifyButton }).click();
    await page.waitForURL(/\/konto\/bestaetigen\/fertig$/);
    await expectHeading(page, text.verified);
    await journey.audit('e-mail confirmed');

    // log in (a wrong password first: said without naming which part was wrong)
    await main(page).getByRole('link', { name: text.login.submit }).click();
    await page.waitForURL(/\/konto\/anmelden$/);
    await expectHeading(page, text.login.title);
    await journey.audit('log in');
    await logIn(page, language, email, 'Nicht-das-Passwort-1');
    await page.locator('.ui-error-summary', { hasText: text.login.wrong }).waitFor();
    await journey.audit('log in: wrong password');
    await logIn(page, language, email, password);
    await page.waitForURL(/\/konto$/);
    await expectHeading(page, text.account);
    await main(page).getByText('Erika Mustermann').first().waitFor();
    await journey.audit('account overview');

    // the profile: a half-typed address is refused as a whole-or-nothing
    await main(page).getByRole('link', { name: text.profile.link }).click();
    await page.waitForURL(/\/konto\/profil$/);
    await expectHeading(page, text.profile.title);
    await journey.audit('profile');
    await main(page).getByLabel(text.profile.phone).fill('0711 3512-0');
    await main(page).getByLabel(text.profile.street).fill('Rathausplatz 2');
    await main(page).getByLabel(text.profile.postalCode).fill('73728');
    await main(page).getByRole('button', { name: text.profile.save }).click();
    await page.locator('.ui-error-summary', { hasText: text.profile.partial }).waitFor();
    await journey.audit('profile: partial address');
    await main(page).getByLabel(text.profile.city, { exact: true }).fill('Esslingen am Neckar');

    // the session expires meanwhile (the refresh cookie is gone, the access token refused): on saving,
    // the person logs in again and comes back to the form with what they typed
    await page.context().clearCookies();
    await page.route(
      '**/api/v1/me',
      (route) =>
        route.request().method() === 'PATCH'
          ? route.fulfill({
              status: 401,
              contentType: 'application/problem+json',
              body: JSON.stringify({ type: 'unauthorized', title: 'Unauthorized', status: 401 }),
            })
          : route.fallback(),
      { times: 1 },
    );
    await main(page).getByRole('button', { name: text.profile.save }).click();
    await page.waitForURL(/\/konto\/anmelden\?weiter=(%2F|\/)konto(%2F|\/)profil&abgelaufen=1$/);
    await page.getByText(text.login.expired).waitFor();
    await journey.audit('log in: session expired');
    await logIn(page, language, email, password);
    await page.waitForURL(/\/konto\/profil$/);
    await page.getByText(text.profile.restored).waitFor();
    expect(await main(page).getByLabel(text.profile.phone).inputValue()).toBe('0711 3512-0');
    expect(await main(page).getByLabel(text.profile.city, { exact: true }).inputValue()).toBe(
      'Esslingen am Neckar',
    );
    await journey.audit('profile: input restored');
    await main(page).getByRole('button', { name: text.profile.save }).click();
    await page.waitForURL(/\/konto\?gespeichert=profil$/);
    await page.getByText(text.profile.saved).waitFor();
    await main(page).getByText('73728 Esslingen am Neckar').waitFor();
    await journey.audit('account overview: saved');

    // two-factor authentication: the key is read from the page as a person would type it
    await main(page).getByRole('link', { name: text.security.link }).click();
    await page.waitForURL(/\/konto\/sicherheit$/);
    await journey.audit('security');
    await main(page).getByRole('link', { name: text.security.setUp }).click();
    await page.waitForURL(/\/konto\/sicherheit\/einrichten$/);
    const qr = main(page).getByRole('img', { name: text.security.qrAlt });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await journey.audit('TOTP set-up');
    const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const totp = authenticator(totpFor(secret));
    await main(page).getByLabel(text.login.code).fill('000000');
    await main(page).getByRole('button', { name: text.security.turnOn }).click();
    await page.locator('.ui-error-summary').waitFor();
    await journey.audit('TOTP set-up: wrong code');
    await main(page)
      .getByLabel(text.login.code)
      .fill(await totp.next());
    await main(page).getByRole('button', { name: text.security.turnOn }).click();
    await page.waitForURL(/\/konto\/sicherheit\?zweiFaktor=an$/);
    await page.getByText(text.security.on).waitFor();
    await journey.audit('TOTP on');

    // log out, and in again: now with the code
    await page.getByRole('banner').getByRole('button', { name: text.logout }).click();
    await page.waitForURL(/\/\?abgemeldet=1$/);
    await page.getByText(text.loggedOut).waitFor();
    await page.goto('/konto/anmelden');
    await logIn(page, language, email, password);
    await expectHeading(page, text.login.codeTitle);
    const codeField = main(page).getByLabel(text.login.code);
    expect(await codeField.getAttribute('inputmode')).toBe('numeric');
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
    await journey.audit('log in: code');
    await codeField.fill('000000');
    await main(page).getByRole('button', { name: text.login.codeSubmit }).click();
    await page.locator('.ui-error-summary', { hasText: text.login.codeWrong }).waitFor();
    await journey.audit('log in: wrong code');
    await codeField.fill(await totp.next());
    await main(page).getByRole('button', { name: text.login.codeSubmit }).click();
    await page.waitForURL(/\/konto$/);
    expect(await heading(page)).toBe(text.account);

    // turning it off again asks for the current code, so a borrowed session alone cannot
    await main(page).getByRole('link', { name: text.security.link }).click();
    await page.waitForURL(/\/konto\/sicherheit$/);
    await main(page).getByRole('button', { name: text.security.turnOff }).click();
    const dialog = page.getByRole('dialog', { name: text.security.turnOffTitle });
    await dialog.waitFor();
    const offCode = dialog.getByLabel(text.security.turnOffCode);
    await offCode.fill('000000');
    await dialog.getByRole('button', { name: text.security.turnOffConfirm }).click();
    await page.locator('#turn-off-code[aria-invalid="true"]').waitFor();
    await journey.audit('TOTP off: wrong code');
    await offCode.fill(await totp.next());
    await dialog.getByRole('button', { name: text.security.turnOffConfirm }).click();
    await page.waitForURL(/\/konto\/sicherheit\?zweiFaktor=aus$/);
    await page.getByText(text.security.turnedOff).waitFor();
    await journey.audit('TOTP off');
    await journey.finish();
  });

  it('sets a new password from the mailed link; the old one stops working', async () => {
    const journey = await startJourney({ language, allowConsole: EXPECTED_CONSOLE });
    const { page } = journey;
    const email = uniqueEmail(`passwort-${language}`);
    const oldPassword = 'Alte Kerze Fahrrad Nebel';
    const newPassword = 'Neue Tulpe Brücke Regen';
    await createAccount({ email, password: oldPassword, locale: language });

    await page.goto('/konto/anmelden');
    await chooseLanguage(journey, language);
    await main(page).getByRole('link', { name: text.login.forgot }).click();
    await page.waitForURL(/\/konto\/passwort-vergessen$/);
    await expectHeading(page, text.forgot.title);
    await journey.audit('forgot password');
    await main(page).getByRole('button', { name: text.forgot.submit }).click();
    await page.locator('.ui-error-summary').waitFor();
    await journey.audit('forgot password: errors');
    await main(page).getByLabel(text.login.email).fill(email);
    await main(page).getByRole('button', { name: text.forgot.submit }).click();
    await page.waitForURL(/\/konto\/passwort-vergessen\/gesendet$/);
    await expectHeading(page, text.sentTitle);
    await journey.audit('forgot password: check your mail');

    const link = linkIn(await mailTo(email, text.resetMail), /^\/konto\/passwort-neu$/);
    await page.goto(link);
    await expectHeading(page, text.reset.title);
    await journey.audit('new password');
    await main(page).getByLabel(text.reset.password, { exact: true }).fill(newPassword);
    await main(page).getByLabel(text.reset.repeat, { exact: true }).fill('something else');
    await main(page).getByRole('button', { name: text.reset.submit }).click();
    await page.locator('.ui-error-summary', { hasText: text.reset.different }).waitFor();
    await journey.audit('new password: errors');
    await main(page).getByLabel(text.reset.password, { exact: true }).fill('Password123');
    await main(page).getByLabel(text.reset.repeat, { exact: true }).fill('Password123');
    await main(page).getByRole('button', { name: text.reset.submit }).click();
    await page.locator('.ui-error-summary', { hasText: text.register.common }).waitFor();
    await journey.audit('new password: common');
    await main(page).getByLabel(text.reset.password, { exact: true }).fill(newPassword);
    await main(page).getByLabel(text.reset.repeat, { exact: true }).fill(newPassword);
    await main(page).getByRole('button', { name: text.reset.submit }).click();
    await page.waitForURL(/\/konto\/passwort-neu\/fertig$/);
    await expectHeading(page, text.reset.changed);
    await journey.audit('password changed');

    // the link works once (opening it changes nothing; sending says so)
    await page.goto(link);
    await main(page).getByLabel(text.reset.password, { exact: true }).fill(newPassword);
    await main(page).getByLabel(text.reset.repeat, { exact: true }).fill(newPassword);
    await main(page).getByRole('button', { name: text.reset.submit }).click();
    await page.getByText(text.reset.invalid).waitFor();
    await journey.audit('new password: used link');

    await page.goto('/konto/anmelden');
    await logIn(page, language, email, oldPassword);
    await page.locator('.ui-error-summary', { hasText: text.login.wrong }).waitFor();
    await logIn(page, language, email, newPassword);
    await page.waitForURL(/\/konto$/);
    expect(await heading(page)).toBe(text.account);
    await journey.audit('account after the new password');
    await journey.finish();
  });

  it('deletes the account after a warning and a confirmation; logging in fails afterwards', async () => {
    const journey = await startJourney({ language, allowConsole: EXPECTED_CONSOLE });
    const { page } = journey;
    const email = uniqueEmail(`loeschen-${language}`);
    const password = 'Kerze Fahrrad Nebel Tulpe';
    await createAccount({ email, password, locale: language });

    await page.goto('/konto/anmelden');
    await chooseLanguage(journey, language);
    await logIn(page, language, email, password);
    await page.waitForURL(/\/konto$/);
    await main(page).getByRole('link', { name: text.delete.link }).click();
    await page.waitForURL(/\/konto\/loeschen$/);
    await expectHeading(page, text.delete.title);
    await journey.audit('delete account');
    await main(page).getByRole('button', { name: text.delete.link, exact: true }).click();
    await page.locator('.ui-error-summary', { hasText: text.delete.confirmMissing }).waitFor();
    await journey.audit('delete account: not confirmed');
    await main(page).getByLabel(text.delete.understood).check();
    await main(page).getByRole('button', { name: text.delete.link, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: text.delete.dialog });
    await dialog.waitFor();
    await journey.audit('delete account: dialog');
    await dialog.getByRole('button', { name: text.delete.confirm }).click();
    await page.waitForURL(/\/\?konto=geloescht$/);
    await page.getByRole('banner').getByRole('link', { name: text.login.title }).waitFor();
    await journey.audit('start page after deletion');

    await page.goto('/konto/anmelden');
    await logIn(page, language, email, password);
    await page.locator('.ui-error-summary', { hasText: text.login.wrong }).waitFor();
    await journey.audit('log in after deletion');
    await journey.finish();
  });
});
