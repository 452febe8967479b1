import { closeBrowser, linkIn, mailTo, startJourney, uniqueEmail, type Language } from '../support/journey';
import {
  BERKHEIM,
  INNENSTADT,
  PASSWORD,
  TEXT,
  bookAsGuest,
  chooseLanguage,
  chooseSomeTime,
  confirmByApi,
  personalausweisId,
  takeAllCounters,
  downloadCalendar,
  expectHeading,
  expectHeadingAfterSubmit,
  freeStarts,
  heading,
  randomIndex,
  referenceOnPage,
  registerCitizen,
  serviceAndOffice,
  someFreeSlot,
} from './booking-support';

/**
 * Booking journeys of the citizen app as residents make them, each once in German and once in English,
 * against the whole platform; axe-core checks every page and state they reach.
 */
afterAll(closeBrowser);

describe.each<Language>(['de', 'en'])('booking (%s)', (language) => {
  const T = TEXT[language];

  it('a logged-in resident finds the service, books, saves the .ics and cancels', async () => {
    const email = uniqueEmail(`booking-${language}`);
    const person = await registerCitizen(email, language);
    const journey = await startJourney({ language });
    const { page } = journey;

    // search → service page
    await page.goto('/');
    await chooseLanguage(journey);
    await journey.audit('start page');
    await page
      .getByLabel(T.searchLabel)
      .first()
      .fill(language === 'de' ? 'Personalausweis' : 'identity card');
    await page.getByRole('button', { name: T.search, exact: true }).first().click();
    await page.getByRole('link', { name: T.service, exact: true }).click();
    await expectHeading(page, T.service);
    await journey.audit('service page');

    // office: one thing per page, the question is the h1 (the radios' legend)
    await page.getByRole('link', { name: T.book }).click();
    await page.locator('legend h1').waitFor();
    await journey.audit('office step');
    // continuing without a choice shows the error summary, the inline error and "Fehler: " in the title
    await page.getByRole('button', { name: T.continue }).click();
    await page.getByRole('heading', { name: T.errorSummary }).waitFor();
    expect(await page.title()).toMatch(new RegExp(`^${T.errorTitlePrefix}`));
    await journey.audit('office step with error');
    await page.getByLabel(INNENSTADT).check();
    await page.getByRole('button', { name: T.continue }).click();

    // day: the calendar by keyboard (roving tab stop, arrows, Enter)
    await page.locator('button.slot-calendar__day--free').first().waitFor();
    await journey.audit('day step');
    const start = page.locator('table[role="grid"] button[tabindex="0"]');
    const first = await start.getAttribute('data-day');
    await start.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('button[data-day]:focus').getAttribute('data-day')).not.toBe(first);
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('button[data-day]:focus').getAttribute('data-day')).toBe(first);
    await page.keyboard.press('Enter');

    // time
    await page.locator('input[type="radio"][name="time"]').first().waitFor();
    await journey.audit('time step');
    const { label: time } = await chooseSomeTime(page);
    await page.getByRole('button', { name: T.continue }).click();

    // contact: log in instead, and come back here
    await page.getByRole('link', { name: T.loginInstead }).waitFor();
    await journey.audit('contact step (guest)');
    await page.getByRole('link', { name: T.loginInstead }).click();
    await page.waitForURL(/\/konto\/anmelden\?weiter=/);
    await expectHeading(page, T.login);
    await page.getByLabel(T.email).fill(email);
    await page.getByLabel(T.password, { exact: true }).fill(PASSWORD);
    await journey.audit('log-in page');
    await page.getByRole('button', { name: T.login, exact: true }).click();
    await page.getByText(T.bookingAs).waitFor();
    expect(await page.getByText(T.bookingAs).innerText()).toContain(
      `${person.givenName} ${person.familyName}`,
    );
    expect(await page.getByText(T.bookingAs).innerText()).toContain(email);
    await journey.audit('contact step (logged in)');
    await page.getByRole('link', { name: T.continue }).click();

    // check your answers → book
    await page.getByRole('button', { name: T.submitBooking }).waitFor();
    expect(await page.locator('.ui-summary-list').innerText()).toContain(time);
    await journey.audit('check page');
    await page.getByRole('button', { name: T.submitBooking }).click();

    // done: reference, details, .ics
    await expectHeadingAfterSubmit(page, T.booked);
    const reference = await referenceOnPage(page);
    expect(await page.locator('main').innerText()).toContain(time);
    await journey.audit('done page');
    const ics = await downloadCalendar(page, T.addToCalendar);
    expect(ics.filename).toBe(`termin-${reference}.ics`);
    expect(ics.text).toContain('BEGIN:VCALENDAR');
    expect(ics.text).toContain(reference);
    expect(ics.text.replace(/\r\n /g, '')).toContain(T.service);

    // a reload of the done page still shows the booking (loaded by its id)
    await page.reload();
    await expectHeading(page, T.booked);
    expect(await referenceOnPage(page)).toBe(reference);

    // the appointment → cancel, after a confirmation dialog
    await page.getByRole('link', { name: T.manage }).click();
    await page.getByRole('button', { name: T.cancel }).waitFor();
    await journey.audit('appointment page');
    await page.getByRole('button', { name: T.cancel }).click();
    await page.getByRole('dialog', { name: T.cancelDialog }).waitFor();
    await journey.audit('cancel dialog');
    await page.getByRole('button', { name: T.cancelConfirm }).click();
    await page.getByText(T.cancelled).waitFor();
    await page.locator('.ui-tag', { hasText: T.statusCancelled }).waitFor();
    await journey.audit('appointment cancelled');

    // my appointments: the cancelled one is listed among the past and cancelled ones
    await page.goto('/termine');
    await expectHeading(page, T.myAppointments);
    await page.getByRole('heading', { name: T.pastAppointments }).waitFor();
    expect(await page.locator('main').innerText()).toContain(reference);
    await journey.audit('my appointments');

    await journey.finish();
  });

  it('a guest books with the e-mail address, and confirms with the mailed link', async () => {
    const email = uniqueEmail(`guest-${language}`);
    // the 409 of the taken time is logged by the browser; the page explains it
    const journey = await startJourney({ language, allowConsole: [/status of 409/] });
    const { page } = journey;

    await page.goto('/leistungen/personalausweis');
    await chooseLanguage(journey);
    await expectHeading(page, T.service);
    await page.getByRole('link', { name: T.book }).click();

    // any office, earliest first
    await page.getByLabel(T.anyOffice).check();
    await page.getByRole('button', { name: T.continue }).click();

    // day from the plain list of the next days with free times
    const days = page.locator('.day-picker__days a');
    await days.first().waitFor();
    await journey.audit('day step, any office');
    await days.nth(1 + randomIndex(Math.min(4, (await days.count()) - 1))).click();

    // time, grouped by office
    await page.locator('.time-picker fieldset legend').first().waitFor();
    await journey.audit('time step, grouped by office');
    const taken = await chooseSomeTime(page);
    await page.getByRole('button', { name: T.continue }).click();

    // contact: the form checks before it sends
    await page.getByLabel(T.name).waitFor();
    await page.getByRole('button', { name: T.continue }).click();
    await page.getByRole('link', { name: T.nameRequired }).waitFor();
    expect(await page.title()).toMatch(new RegExp(`^${T.errorTitlePrefix}`));
    expect(await page.getByLabel(T.name).getAttribute('aria-invalid')).toBe('true');
    await journey.audit('contact step with errors');
    await page.getByLabel(T.name).fill('Max Gast');
    await page.getByLabel(T.email).fill(email);
    await page.getByRole('button', { name: T.continue }).click();

    // check: meanwhile others take that time → back to the day's times, which say so
    await page.getByRole('button', { name: T.submitBooking }).waitFor();
    expect(await page.locator('.ui-summary-list').innerText()).toContain(email);
    await journey.audit('check page, guest');
    await takeAllCounters(await personalausweisId(), taken);
    await page.getByRole('button', { name: T.submitBooking }).click();
    await page.getByRole('heading', { name: T.slotTaken }).waitFor();
    expect(await page.locator(`input[value="${taken.locationId}|${taken.start}"]`).count()).toBe(0);
    await journey.audit('time step after the time was taken');
    const { label: time } = await chooseSomeTime(page);
    await page.getByRole('button', { name: T.continue }).click();
    // the contact details are kept (sessionStorage)
    await page.getByLabel(T.name).waitFor();
    expect(await page.getByLabel(T.name).inputValue()).toBe('Max Gast');
    await page.getByRole('button', { name: T.continue }).click();

    // book: pending until confirmed
    await page.getByRole('button', { name: T.submitBooking }).click();
    await expectHeadingAfterSubmit(page, T.pending);
    const reference = await referenceOnPage(page);
    expect(await page.locator('main').innerText()).toContain(email);
    expect(await page.getByRole('button', { name: T.addToCalendar }).count()).toBe(0);
    await journey.audit('done page, guest');
    // a reload shows no one's booking without the mailed link, but says where to find it
    await page.reload();
    await expectHeading(page, T.guestReload);
    await journey.audit('done page reloaded, guest');

    // the confirmation link from the mail: shows the booking, confirms on the button (not on GET)
    const mail = await mailTo(email, T.guestMail);
    expect(mail.text).toContain(reference);
    await page.goto(linkIn(mail, /^\/termine\/[^/]+\/bestaetigen$/));
    await expectHeading(page, T.confirmTitle);
    expect(await page.locator('main').innerText()).toContain(time);
    await journey.audit('confirmation page');
    await page.getByRole('button', { name: T.confirmTitle }).click();
    await expectHeading(page, T.confirmed);
    expect(await referenceOnPage(page)).toBe(reference);
    await journey.audit('confirmed');
    const ics = await downloadCalendar(page, T.addToCalendar);
    expect(ics.text).toContain('BEGIN:VCALENDAR');
    expect(ics.text).toContain(reference);

    await journey.finish();
  });

  it('a guest moves the appointment through the manage link; the old time is free again', async () => {
    // a confirmed guest booking at an office with two counters, whose time is then fully booked
    const email = uniqueEmail(`move-${language}`);
    const { serviceId, locationId } = await serviceAndOffice(BERKHEIM);
    const slot = await someFreeSlot(serviceId, locationId);
    const booked = await bookAsGuest(slot, serviceId, { name: 'Mia Umzug', email }, language);
    expect(booked.status).toBe(201);
    await bookAsGuest(slot, serviceId, { name: 'Noah Andere', email: uniqueEmail('filler') }, language);
    // the API's times carry the city's offset: their date part is the city's date
    const oldDay = slot.start.slice(0, 10);
    expect(await freeStarts(serviceId, locationId, oldDay)).not.toContain(Date.parse(slot.start));

    const confirmLink = linkIn(await mailTo(email, T.guestMail), /^\/termine\/[^/]+\/bestaetigen$/);
    await confirmByApi(booked.id!, new URL(confirmLink).searchParams.get('token')!);
    const manageLink = linkIn(await mailTo(email, T.confirmedMail), /^\/termine\/[^/]+$/);

    const journey = await startJourney({ language, viewport: { width: 390, height: 844 } });
    const { page } = journey;
    await page.goto(manageLink);
    await chooseLanguage(journey);
    await page.getByRole('link', { name: T.move }).waitFor();
    await journey.audit('appointment page via manage link');
    await page.getByRole('link', { name: T.move }).click();

    // the same day picker as booking, at the appointment's office
    await expectHeading(page, T.moveDayTitle);
    await page.locator('button.slot-calendar__day--free').first().waitFor();
    await journey.audit('move: day');
    const free = page.locator('button.slot-calendar__day--free');
    await free.nth(randomIndex(Math.min(5, await free.count()))).click();

    await page.locator('input[type="radio"][name="time"]').first().waitFor();
    await journey.audit('move: time');
    const { label: time } = await chooseSomeTime(page);
    await page.getByRole('button', { name: T.continue }).click();

    await expectHeading(page, T.moveCheckTitle);
    await journey.audit('move: check');
    await page.getByRole('button', { name: T.move }).click();

    // back on the appointment: moved, the new time shown
    await page.getByText(T.moved).waitFor();
    expect(await heading(page)).toBeTruthy();
    expect(await page.locator('.ui-summary-list').innerText()).toContain(time);
    await journey.audit('appointment moved');
    expect(await freeStarts(serviceId, locationId, oldDay)).toContain(Date.parse(slot.start));

    await journey.finish();
  });
});
