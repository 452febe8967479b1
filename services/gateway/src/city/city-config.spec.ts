import { mkdtempSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { contrastRatio } from './contrast';
import { CityConfigError, loadCityConfig, loadCityConfigOrExit } from './city-config';

const DEMO_DIR = resolve(__dirname, '../../../../config/city');
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>T</title></svg>';
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('rest of a png'),
]);

type Json = Record<string, unknown>;

/** A minimal valid city.json; tests change one thing at a time. */
function validCity(): Json {
  return {
    city: { name: { de: 'Stadt Musterstadt', en: 'City of Musterstadt' }, shortName: 'Musterstadt' },
    appName: { de: 'Digitales Bürgeramt', en: "Digital Citizens' Office" },
    logo: { file: 'logo.svg', alt: { de: 'Logo', en: 'Logo' } },
    colors: { brand: '#a6192e', brandContrast: '#ffffff', brandDark: '#7a1222', link: '#8c1526' },
    contact: { phone: '+49 711 0000000', email: 'amt@example.org', web: 'https://example.org' },
    popularServices: ['personalausweis', 'wohnsitz-anmelden'],
    pages: [
      { slug: 'impressum', title: { de: 'Impressum', en: 'Imprint' }, footer: true },
      { slug: 'kontakt', title: { de: 'Kontakt', en: 'Contact' } },
    ],
  };
}

let dir: string;

/** Writes a configuration folder: city.json (as given), logo.svg and both languages of every page. */
function writeConfig(city: unknown, pages = ['impressum', 'kontakt']): void {
  writeFileSync(join(dir, 'city.json'), typeof city === 'string' ? city : JSON.stringify(city));
  writeFileSync(join(dir, 'logo.svg'), SVG);
  mkdirSync(join(dir, 'pages'), { recursive: true });
  for (const slug of pages) {
    writeFileSync(join(dir, 'pages', `${slug}.de.md`), `## ${slug}\n\nText.\n`);
    writeFileSync(join(dir, 'pages', `${slug}.en.md`), `## ${slug}\n\nText.\n`);
  }
}

/** The problems loadCityConfig reports for the folder (fails the test when it loads). */
function problems(): string[] {
  try {
    loadCityConfig(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(CityConfigError);
    const message = (error as CityConfigError).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(`CITY_CONFIG_DIR=${dir}`);
    return (error as CityConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

/** The single problem reported. */
function problem(): string {
  const found = problems();
  expect(found).toHaveLength(1);
  return found[0] ?? '';
}

const withColors = (colors: Json): Json => {
  const city = validCity();
  return { ...city, colors: { ...(city.colors as Json), ...colors } };
};

describe('loadCityConfig', () => {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'city-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a valid folder with its texts and logo', () => {
    writeConfig(validCity());
    const config = loadCityConfig(dir);
    expect(config.city.shortName).toBe('Musterstadt');
    expect(config.logo?.type).toBe('svg');
    expect(config.logo?.content.toString()).toBe(SVG);
    expect(config.colors.linkVisited).toBe('#8c1526'); // defaults to link
    expect(config.pages).toEqual([
      { slug: 'impressum', title: { de: 'Impressum', en: 'Imprint' }, footer: true },
      { slug: 'kontakt', title: { de: 'Kontakt', en: 'Contact' }, footer: false },
    ]);
    expect(config.bodies.get('kontakt')).toEqual({
      de: '## kontakt\n\nText.\n',
      en: '## kontakt\n\nText.\n',
    });
  });

  it('accepts the demo configuration shipped in config/city, whose colours pass 4.5:1', () => {
    const config = loadCityConfig(DEMO_DIR);
    expect(config.city.shortName).toBe('Esslingen');
    expect(config.pages.map((p) => p.slug)).toEqual([
      'impressum',
      'datenschutz',
      'barrierefreiheit',
      'kontakt',
    ]);
    expect(config.logo?.type).toBe('svg');
    const { brand, brandContrast, brandDark, link, linkVisited } = config.colors;
    expect(contrastRatio(brandContrast, brand)).toBeGreaterThanOrEqual(4.5);
    for (const colour of [brand, brandDark, link, linkVisited]) {
      expect(contrastRatio(colour, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('needs no logo and no contact', () => {
    const city = validCity();
    delete city.contact;
    writeConfig({ ...city, logo: null });
    const config = loadCityConfig(dir);
    expect(config.logo).toBeNull();
    expect(config.contact).toEqual({});
  });

  it('refuses a missing field, naming its JSON path', () => {
    const city = validCity();
    delete city.appName;
    writeConfig(city);
    expect(problem()).toBe('CITY_CONFIG_DIR/city.json: appName is missing');
  });

  it('refuses a missing text of one language', () => {
    const city = validCity();
    writeConfig({ ...city, city: { name: { de: 'Musterstadt' }, shortName: 'M' } });
    expect(problem()).toBe('CITY_CONFIG_DIR/city.json: city.name.en is missing');
  });

  it('refuses a colour that is not #rrggbb', () => {
    writeConfig(withColors({ brand: 'red' }));
    expect(problem()).toBe('CITY_CONFIG_DIR/city.json: colors.brand must be a #rrggbb colour');
  });

  it('refuses white text on a light brand colour, naming the pair and the ratio', () => {
    writeConfig(withColors({ brand: '#ff6666' }));
    const found = problems();
    expect(found).toContain(
      'CITY_CONFIG_DIR/city.json: colors.brandContrast (#ffffff) on colors.brand (#ff6666) has a contrast ' +
        'ratio of 2.85:1, below the 4.5:1 WCAG 2.1 AA requires',
    );
    // the same colour as text on the white page fails too
    expect(found).toContain(
      'CITY_CONFIG_DIR/city.json: colors.brand (#ff6666) on white (#ffffff) has a contrast ratio of 2.85:1, ' +
        'below the 4.5:1 WCAG 2.1 AA requires',
    );
  });

  it('draws the line at 4.5:1 for links: #767676 passes, #777777 (4.47:1) does not', () => {
    writeConfig(withColors({ link: '#767676' }));
    expect(loadCityConfig(dir).colors.link).toBe('#767676');
    writeConfig(withColors({ link: '#777777' }));
    expect(problem()).toBe(
      'CITY_CONFIG_DIR/city.json: colors.link (#777777) on white (#ffffff) has a contrast ratio of 4.47:1, ' +
        'below the 4.5:1 WCAG 2.1 AA requires',
    );
  });

  it('checks brandDark and an explicit linkVisited on white', () => {
    writeConfig(withColors({ brandDark: '#aaaaaa', linkVisited: '#bbbbbb' }));
    const found = problems().join('\n');
    expect(found).toMatch(
      /colors\.brandDark \(#aaaaaa\) on white \(#ffffff\) has a contrast ratio of 2\.32:1/,
    );
    expect(found).toMatch(/colors\.linkVisited \(#bbbbbb\) on white/);
  });

  it('refuses a page whose file is missing', () => {
    writeConfig(validCity());
    unlinkSync(join(dir, 'pages', 'kontakt.en.md'));
    expect(problem()).toBe('CITY_CONFIG_DIR/pages/kontakt.en.md is missing');
  });

  it('refuses an empty page', () => {
    writeConfig(validCity());
    writeFileSync(join(dir, 'pages', 'impressum.de.md'), ' \n');
    expect(problem()).toBe('CITY_CONFIG_DIR/pages/impressum.de.md is empty');
  });

  it('refuses a slug used twice, and a slug of the wrong form', () => {
    const city = validCity();
    const pages = city.pages as Json[];
    writeConfig({ ...city, pages: [...pages, { ...pages[0] }] });
    expect(problem()).toBe(
      'CITY_CONFIG_DIR/city.json: pages[2].slug "impressum" is used by an earlier page already',
    );
    writeConfig({ ...city, pages: [{ ...pages[0], slug: '../etc' }] });
    expect(problem()).toBe(
      'CITY_CONFIG_DIR/city.json: pages[0].slug must be 1-40 characters of a-z, 0-9 and "-"',
    );
  });

  it('refuses popular services that are not catalogue slugs', () => {
    writeConfig({ ...validCity(), popularServices: ['personalausweis', 'Reise Pass', 'personalausweis'] });
    expect(problems()).toEqual([
      'CITY_CONFIG_DIR/city.json: popularServices[1] must be a service slug (lower-case letters and digits joined by single "-")',
      'CITY_CONFIG_DIR/city.json: popularServices[2] repeats "personalausweis"',
    ]);
  });

  it('refuses a logo that is missing, neither .svg nor .png, or not what its name says', () => {
    const city = validCity();
    writeConfig({ ...city, logo: { file: 'wappen.svg', alt: { de: 'W', en: 'W' } } });
    expect(problem()).toBe('CITY_CONFIG_DIR/wappen.svg is missing');

    writeConfig({ ...city, logo: { file: 'logo.gif', alt: { de: 'W', en: 'W' } } });
    expect(problem()).toMatch(/^CITY_CONFIG_DIR\/city\.json: logo\.file must name a \.svg or \.png file/);

    writeConfig({ ...city, logo: { file: '../logo.svg', alt: { de: 'W', en: 'W' } } });
    expect(problem()).toMatch(/^CITY_CONFIG_DIR\/city\.json: logo\.file must name/);

    writeConfig({ ...city, logo: { file: 'logo.png', alt: { de: 'W', en: 'W' } } });
    writeFileSync(join(dir, 'logo.png'), SVG);
    expect(problem()).toBe('CITY_CONFIG_DIR/logo.png is not a PNG image');
    writeFileSync(join(dir, 'logo.png'), PNG);
    expect(loadCityConfig(dir).logo?.type).toBe('png');

    writeConfig(city);
    writeFileSync(join(dir, 'logo.svg'), '<svg><script>alert(1)</script></svg>');
    expect(problem()).toBe('CITY_CONFIG_DIR/logo.svg must not contain scripts or event handlers');
  });

  it('refuses unknown keys (a misspelt setting would otherwise be ignored)', () => {
    writeConfig({ ...validCity(), colours: {} });
    expect(problem()).toMatch(
      /^CITY_CONFIG_DIR\/city\.json: colours is not a known setting \(expected one of: /,
    );
  });

  it('refuses contact details that are not what they claim', () => {
    writeConfig({ ...validCity(), contact: { email: 'not-an-address', web: 'javascript:alert(1)' } });
    expect(problems()).toEqual([
      'CITY_CONFIG_DIR/city.json: contact.email must be an e-mail address',
      'CITY_CONFIG_DIR/city.json: contact.web must be an http(s) URL',
    ]);
  });

  it('still checks the contrast of the valid colours when another one is invalid', () => {
    writeConfig(withColors({ brand: '#ff6666', link: 'blue' }));
    const found = problems();
    expect(found[0]).toBe('CITY_CONFIG_DIR/city.json: colors.link must be a #rrggbb colour');
    expect(found.slice(1).join('\n')).toMatch(
      /colors\.brandContrast \(#ffffff\) on colors\.brand \(#ff6666\)/,
    );
  });

  it('names every problem at once, on one line', () => {
    const city = withColors({ brand: '#12345', link: '#ffff00' });
    delete city.city;
    writeConfig(city, ['impressum']);
    expect(problems()).toEqual([
      'CITY_CONFIG_DIR/city.json: city is missing',
      'CITY_CONFIG_DIR/city.json: colors.brand must be a #rrggbb colour',
      'CITY_CONFIG_DIR/city.json: colors.link (#ffff00) on white (#ffffff) has a contrast ratio of 1.07:1, ' +
        'below the 4.5:1 WCAG 2.1 AA requires',
      'CITY_CONFIG_DIR/pages/kontakt.de.md is missing',
      'CITY_CONFIG_DIR/pages/kontakt.en.md is missing',
    ]);
  });

  it('refuses a city.json that is not JSON, and a folder that does not exist', () => {
    writeConfig('{ "city": ');
    expect(problem()).toMatch(/^CITY_CONFIG_DIR\/city\.json is not valid JSON \(/);
    unlinkSync(join(dir, 'city.json'));
    expect(problem()).toBe('CITY_CONFIG_DIR/city.json is missing');
    expect(() => loadCityConfig(join(dir, 'nope'))).toThrow(/CITY_CONFIG_DIR does not exist/);
  });

  it('stops the process with the one-line reason for main.ts', () => {
    writeConfig(withColors({ brand: 'red' }));
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => {
      throw new Error('exit');
    });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => loadCityConfigOrExit(dir)).toThrow('exit');
      expect(exit).toHaveBeenCalledWith(1);
      expect(stderr).toHaveBeenCalledWith(
        `Invalid city configuration (CITY_CONFIG_DIR=${dir}): CITY_CONFIG_DIR/city.json: colors.brand must be a #rrggbb colour\n`,
      );
    } finally {
      exit.mockRestore();
      stderr.mockRestore();
    }
  });
});
