import { closeBrowser, type Journey, type Language, startJourney } from '../support/journey';

/**
 * A resident arrives: the start page, the catalogue's search (also misspelt), a service page, the city's
 * content pages from its configuration, and a page that does not exist. Keyboard first steps, the
 * language switch, and reflow at 320 CSS pixels (what 400 % zoom of a 1280 px window leaves).
 */
const TEXT = {
  de: {
    home: 'Was möchten Sie erledigen?',
    searchLabel: 'Leistung suchen',
    searchButton: 'Suchen',
    didYouMean: 'Meinten Sie:',
    skipLink: 'Zum Inhalt springen',
    accessibility: 'Barrierefreiheit',
    notFound: 'Diese Seite gibt es nicht',
    fee: 'Gebühr',
    book: 'Termin buchen',
  },
  en: {
    home: 'What do you need to do?',
    searchLabel: 'Search for a service',
    searchButton: 'Search',
    didYouMean: 'Did you mean:',
    skipLink: 'Skip to main content',
    accessibility: 'Accessibility',
    notFound: 'This page does not exist',
    fee: 'Fee',
    book: 'Book an appointment',
  },
} as const;

async function chooseLanguage(journey: Journey, language: Language): Promise<void> {
  if (language === 'de') return;
  await journey.page.getByRole('button', { name: 'English' }).click();
  await journey.page.waitForFunction(() => document.documentElement.lang === 'en');
}

afterAll(closeBrowser);

describe.each(['de', 'en'] as const)('a resident finds a service (%s)', (language) => {
  const text = TEXT[language];

  it('searches, also with a typo, reads the service page and the city’s pages', async () => {
    const journey = await startJourney({ language });
    const { page } = journey;
    await page.goto('/');
    await chooseLanguage(journey, language);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(text.home);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
    expect(await page.title()).toContain(text.home);
    // the city's offices with today's state are there (from GET /locations)
    await page.getByRole('heading', { level: 3, name: /Innenstadt/ }).waitFor();
    await journey.audit('start page');

    // keyboard: the first Tab reaches the skip link, which moves focus into main (after a reload, which
    // also shows that the language chosen is remembered)
    await page.reload();
    await page.getByRole('heading', { level: 1, name: text.home }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(text.skipLink);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // a misspelt search still finds the identity card, and suggests the right word
    await page.getByLabel(text.searchLabel).fill('Persoausweis');
    await page.getByRole('button', { name: text.searchButton, exact: true }).click();
    await page.waitForURL(/\/leistungen\?q=Persoausweis/);
    await page.getByText(text.didYouMean).waitFor();
    await journey.audit('search results');
    // focus moved to the new page's heading
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    await page
      .getByRole('heading', { level: 2 })
      .getByRole('link', { name: /^(Personalausweis beantragen|Apply for an identity card)$/ })
      .click();
    await page.waitForURL(/\/leistungen\/personalausweis$/);
    await page.getByText(text.fee, { exact: true }).waitFor();
    await page.getByRole('link', { name: text.book }).waitFor();
    await journey.audit('service page');

    // what residents type for the driving licence finds its exchange
    await page.goto(`/leistungen?q=${encodeURIComponent('Führerschein')}`);
    await page
      .getByRole('heading', { level: 2 })
      .getByRole('link', { name: /^(Führerschein umtauschen|Exchange a driving licence)$/ })
      .waitFor();

    // the accessibility statement comes from the city's configuration, linked in the footer
    await page.getByRole('contentinfo').getByRole('link', { name: text.accessibility }).click();
    await page.waitForURL(/\/info\/barrierefreiheit$/);
    await page.getByRole('heading', { level: 1, name: text.accessibility }).waitFor();
    await journey.audit('accessibility statement');

    await page.goto('/diese-seite-gibt-es-nicht');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(text.notFound);
    await journey.audit('not found');
    await journey.finish();
  });

  // journey.audit() fails on any sideways scrolling
  it('reflows at 320 CSS pixels without horizontal scrolling', async () => {
    const journey = await startJourney({ language, viewport: { width: 320, height: 800 } });
    const { page } = journey;
    await page.goto('/');
    // on a narrow screen the navigation sits behind the menu button
    if (language === 'en') {
      await chooseLanguage(journey, language);
    }
    await page.getByRole('heading', { level: 3, name: /Innenstadt/ }).waitFor();
    await journey.audit('start page, 320 px');
    for (const path of ['/leistungen', '/leistungen/personalausweis', '/info/datenschutz']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await journey.audit(`${path}, 320 px`);
    }
    await journey.finish();
  });
});
