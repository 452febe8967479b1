import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { contrastRatio, formatRatio, HEX_COLOUR, MIN_CONTRAST } from './contrast';

/**
 * The city configuration folder (CITY_CONFIG_DIR): the city's name, logo, colours, contact and legal pages,
 * read and validated once at start. Nothing city-specific lives in code; the gateway serves what is here.
 *
 *   city.json              everything but the texts and the logo (shape: `CityFile` below)
 *   logo.svg | logo.png    the file `logo.file` names (optional)
 *   pages/<slug>.de.md     one Markdown file per page and language
 *   pages/<slug>.en.md
 */

/** The languages every text exists in; the SPAs switch between them without asking again. */
export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type LocalizedText = Record<Language, string>;

export interface PageEntry {
  slug: string;
  title: LocalizedText;
  footer: boolean;
}

export interface Colors {
  brand: string;
  brandContrast: string;
  brandDark: string;
  link: string;
  linkVisited: string;
}

export interface Contact {
  phone?: string;
  email?: string;
  address?: string;
  hours?: LocalizedText;
  web?: string;
}

export type LogoType = 'svg' | 'png';

/** A validated configuration with its files read. */
export interface CityConfig {
  /** The folder it was read from (absolute). */
  dir: string;
  city: { name: LocalizedText; shortName: string };
  appName: LocalizedText;
  logo: { type: LogoType; alt: LocalizedText; content: Buffer } | null;
  colors: Colors;
  contact: Contact;
  popularServices: string[];
  pages: PageEntry[];
  /** Markdown of each page by slug and language. */
  bodies: Map<string, LocalizedText>;
}

/** Thrown when the folder does not hold a usable configuration; the message is one line naming each problem. */
export class CityConfigError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: string[],
  ) {
    super(`Invalid city configuration (CITY_CONFIG_DIR=${dir}): ${problems.join('; ')}`);
    this.name = 'CityConfigError';
  }
}

export const PAGE_SLUG = /^[a-z0-9-]{1,40}$/;
/** The catalogue's slug format (applications service): lower-case words joined by single hyphens. */
export const SERVICE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LOGO_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.(svg|png)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const MAX_LOGO_BYTES = 512 * 1024;
const MAX_PAGE_BYTES = 256 * 1024;
const MAX_PAGES = 30;
const MAX_POPULAR_SERVICES = 12;

const CITY_JSON = 'CITY_CONFIG_DIR/city.json';

type Json = { [key: string]: unknown };
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects the problems of one city.json, each as `CITY_CONFIG_DIR/city.json: <path> <what is wrong>`. */
class Checker {
  readonly problems: string[] = [];

  fail(path: string, message: string): undefined {
    this.problems.push(`${CITY_JSON}: ${path} ${message}`);
    return undefined;
  }

  /** Refuses keys the configuration does not know (a misspelt key would otherwise be ignored silently). */
  known(value: Json, path: string, keys: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) {
        this.fail(
          path ? `${path}.${key}` : key,
          `is not a known setting (expected one of: ${keys.join(', ')})`,
        );
      }
    }
  }

  object(value: unknown, path: string): Json | undefined {
    if (value === undefined) return this.fail(path, 'is missing');
    if (!isObject(value)) return this.fail(path, 'must be an object');
    return value;
  }

  text(value: unknown, path: string, max: number): string | undefined {
    if (value === undefined) return this.fail(path, 'is missing');
    if (typeof value !== 'string' || value.trim() === '') return this.fail(path, 'must be a non-empty text');
    if (value.length > max) return this.fail(path, `must be at most ${max} characters long`);
    return value.trim();
  }

  optionalText(value: unknown, path: string, max: number): string | undefined {
    return value === undefined ? undefined : this.text(value, path, max);
  }

  localized(value: unknown, path: string, max: number): LocalizedText | undefined {
    const object = this.object(value, path);
    if (!object) return undefined;
    this.known(object, path, LANGUAGES);
    const de = this.text(object.de, `${path}.de`, max);
    const en = this.text(object.en, `${path}.en`, max);
    return de !== undefined && en !== undefined ? { de, en } : undefined;
  }

  colour(value: unknown, path: string): string | undefined {
    if (value === undefined) return this.fail(path, 'is missing');
    if (typeof value !== 'string' || !HEX_COLOUR.test(value)) {
      return this.fail(path, 'must be a #rrggbb colour');
    }
    return value.toLowerCase();
  }
}

/** The contrast pairs every configuration must meet: [foreground, background], by their names in city.json. */
const CONTRAST_PAIRS: readonly [keyof Colors | 'white', keyof Colors | 'white'][] = [
  ['brandContrast', 'brand'], // text on buttons and headers
  ['brandContrast', 'brandDark'], // the same text on hover/active
  ['brand', 'white'], // buttons and headers on the white page, brand-coloured text
  ['brandDark', 'white'],
  ['link', 'white'],
  ['linkVisited', 'white'],
];

/** Checks every pair whose two colours are valid (an invalid colour is reported on its own). */
function checkContrast(check: Checker, colors: Partial<Colors>, explicitVisited: boolean): void {
  const value = (name: keyof Colors | 'white'): string | undefined =>
    name === 'white' ? '#ffffff' : colors[name];
  const label = (name: keyof Colors | 'white'): string =>
    name === 'white' ? 'white (#ffffff)' : `colors.${name} (${colors[name]})`;
  for (const [foreground, background] of CONTRAST_PAIRS) {
    if (foreground === 'linkVisited' && !explicitVisited) continue; // it is `link`, checked already
    const [fg, bg] = [value(foreground), value(background)];
    if (!fg || !bg) continue;
    const ratio = contrastRatio(fg, bg);
    if (ratio < MIN_CONTRAST) {
      check.problems.push(
        `${CITY_JSON}: ${label(foreground)} on ${label(background)} has a contrast ratio of ` +
          `${formatRatio(ratio)}, below the ${MIN_CONTRAST}:1 WCAG 2.1 AA requires`,
      );
    }
  }
}

function checkColors(check: Checker, value: unknown): Colors | undefined {
  const object = check.object(value, 'colors');
  if (!object) return undefined;
  check.known(object, 'colors', ['brand', 'brandContrast', 'brandDark', 'link', 'linkVisited']);
  const brand = check.colour(object.brand, 'colors.brand');
  const brandContrast = check.colour(object.brandContrast, 'colors.brandContrast');
  const brandDark = check.colour(object.brandDark, 'colors.brandDark');
  const link = check.colour(object.link, 'colors.link');
  const linkVisited =
    object.linkVisited === undefined ? link : check.colour(object.linkVisited, 'colors.linkVisited');
  checkContrast(
    check,
    { brand, brandContrast, brandDark, link, linkVisited },
    object.linkVisited !== undefined,
  );
  if (!brand || !brandContrast || !brandDark || !link || !linkVisited) return undefined;
  return { brand, brandContrast, brandDark, link, linkVisited };
}

function checkContact(check: Checker, value: unknown): Contact | undefined {
  if (value === undefined || value === null) return {};
  const object = check.object(value, 'contact');
  if (!object) return undefined;
  check.known(object, 'contact', ['phone', 'email', 'address', 'hours', 'web']);
  const contact: Contact = {};
  const phone = check.optionalText(object.phone, 'contact.phone', 40);
  if (phone !== undefined) contact.phone = phone;
  const email = check.optionalText(object.email, 'contact.email', 254);
  if (email !== undefined) {
    if (EMAIL.test(email)) contact.email = email;
    else check.fail('contact.email', 'must be an e-mail address');
  }
  const address = check.optionalText(object.address, 'contact.address', 300);
  if (address !== undefined) contact.address = address;
  if (object.hours !== undefined) {
    const hours = check.localized(object.hours, 'contact.hours', 500);
    if (hours) contact.hours = hours;
  }
  const web = check.optionalText(object.web, 'contact.web', 500);
  if (web !== undefined) {
    if (isHttpUrl(web)) contact.web = web;
    else check.fail('contact.web', 'must be an http(s) URL');
  }
  return contact;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function checkPopularServices(check: Checker, value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return check.fail('popularServices', 'must be a list of service slugs');
  if (value.length > MAX_POPULAR_SERVICES) {
    return check.fail('popularServices', `must list at most ${MAX_POPULAR_SERVICES} services`);
  }
  const slugs: string[] = [];
  value.forEach((slug: unknown, index) => {
    const path = `popularServices[${index}]`;
    if (typeof slug !== 'string' || slug.length > 80 || !SERVICE_SLUG.test(slug)) {
      check.fail(path, 'must be a service slug (lower-case letters and digits joined by single "-")');
    } else if (slugs.includes(slug)) {
      check.fail(path, `repeats "${slug}"`);
    } else {
      slugs.push(slug);
    }
  });
  return slugs;
}

function checkPages(check: Checker, value: unknown): PageEntry[] | undefined {
  if (value === undefined) return check.fail('pages', 'is missing');
  if (!Array.isArray(value)) return check.fail('pages', 'must be a list');
  if (value.length > MAX_PAGES) return check.fail('pages', `must list at most ${MAX_PAGES} pages`);
  const pages: PageEntry[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const path = `pages[${index}]`;
    const object = check.object(entry, path);
    if (!object) return;
    check.known(object, path, ['slug', 'title', 'footer']);
    let slug: string | undefined;
    if (typeof object.slug !== 'string' || !PAGE_SLUG.test(object.slug)) {
      check.fail(`${path}.slug`, 'must be 1-40 characters of a-z, 0-9 and "-"');
    } else if (seen.has(object.slug)) {
      check.fail(`${path}.slug`, `"${object.slug}" is used by an earlier page already`);
    } else {
      slug = object.slug;
      seen.add(slug);
    }
    const title = check.localized(object.title, `${path}.title`, 100);
    if (object.footer !== undefined && typeof object.footer !== 'boolean') {
      check.fail(`${path}.footer`, 'must be true or false');
    }
    if (slug && title) pages.push({ slug, title, footer: object.footer === true });
  });
  return pages;
}

/** A regular file's content, or a problem (`CITY_CONFIG_DIR/<relative> is missing`, too large, …). */
function readFileIn(dir: string, relative: string, maxBytes: number, problems: string[]): Buffer | undefined {
  const name = `CITY_CONFIG_DIR/${relative}`;
  try {
    const stats = statSync(join(dir, relative));
    if (!stats.isFile()) {
      problems.push(`${name} is not a file`);
      return undefined;
    }
    if (stats.size > maxBytes) {
      problems.push(`${name} is larger than ${Math.round(maxBytes / 1024)} KiB`);
      return undefined;
    }
    return readFileSync(join(dir, relative));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push(code === 'ENOENT' ? `${name} is missing` : `${name} cannot be read (${code ?? 'error'})`);
    return undefined;
  }
}

function checkLogo(check: Checker, dir: string, value: unknown): CityConfig['logo'] | undefined {
  if (value === undefined || value === null) return null;
  const object = check.object(value, 'logo');
  if (!object) return undefined;
  check.known(object, 'logo', ['file', 'alt']);
  const alt = check.localized(object.alt, 'logo.alt', 200);
  const file = object.file;
  if (typeof file !== 'string' || !LOGO_FILE.exec(file)) {
    return check.fail('logo.file', 'must name a .svg or .png file in CITY_CONFIG_DIR (e.g. "logo.svg")');
  }
  const type: LogoType = file.endsWith('.svg') ? 'svg' : 'png';
  const content = readFileIn(dir, file, MAX_LOGO_BYTES, check.problems);
  if (!content) return undefined;
  if (type === 'png' && !content.subarray(0, 8).equals(PNG_SIGNATURE)) {
    check.problems.push(`CITY_CONFIG_DIR/${file} is not a PNG image`);
    return undefined;
  }
  if (type === 'svg') {
    const text = content.toString('utf8');
    if (!/<svg[\s>]/.test(text)) {
      check.problems.push(`CITY_CONFIG_DIR/${file} is not an SVG image`);
      return undefined;
    }
    if (/<script[\s>]|\son[a-z]+\s*=|javascript:/i.test(text)) {
      check.problems.push(`CITY_CONFIG_DIR/${file} must not contain scripts or event handlers`);
      return undefined;
    }
  }
  return alt ? { type, alt, content } : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readPages(dir: string, pages: PageEntry[], problems: string[]): Map<string, LocalizedText> {
  const bodies = new Map<string, LocalizedText>();
  for (const { slug } of pages) {
    const body: Partial<LocalizedText> = {};
    for (const language of LANGUAGES) {
      const relative = `pages/${slug}.${language}.md`;
      const content = readFileIn(dir, relative, MAX_PAGE_BYTES, problems);
      if (!content) continue;
      let text: string;
      try {
        text = utf8.decode(content).replace(/^\uFEFF/, '');
      } catch {
        problems.push(`CITY_CONFIG_DIR/${relative} is not UTF-8 text`);
        continue;
      }
      if (text.trim() === '') problems.push(`CITY_CONFIG_DIR/${relative} is empty`);
      else body[language] = text;
    }
    if (body.de !== undefined && body.en !== undefined) bodies.set(slug, { de: body.de, en: body.en });
  }
  return bodies;
}

/**
 * Reads and validates the city configuration in `dir`. Throws a `CityConfigError` naming every problem
 * found (JSON paths in city.json, missing or unusable files, colour pairs below 4.5:1 with their ratio).
 */
export function loadCityConfig(dir: string): CityConfig {
  const root = resolve(dir);
  try {
    if (!statSync(root).isDirectory()) throw new CityConfigError(root, ['CITY_CONFIG_DIR is not a folder']);
  } catch (error) {
    if (error instanceof CityConfigError) throw error;
    throw new CityConfigError(root, ['CITY_CONFIG_DIR does not exist']);
  }
  const problems: string[] = [];
  const raw = readFileIn(root, 'city.json', 1024 * 1024, problems);
  if (!raw) throw new CityConfigError(root, problems);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = (error as Error).message.replace(/\s+/g, ' ');
    throw new CityConfigError(root, [`${CITY_JSON} is not valid JSON (${reason})`]);
  }
  if (!isObject(json)) throw new CityConfigError(root, [`${CITY_JSON} must hold a JSON object`]);

  const check = new Checker();
  check.known(json, '', ['city', 'appName', 'logo', 'colors', 'contact', 'popularServices', 'pages']);
  const cityObject = check.object(json.city, 'city');
  let city: CityConfig['city'] | undefined;
  if (cityObject) {
    check.known(cityObject, 'city', ['name', 'shortName']);
    const name = check.localized(cityObject.name, 'city.name', 200);
    const shortName = check.text(cityObject.shortName, 'city.shortName', 60);
    if (name && shortName) city = { name, shortName };
  }
  const appName = check.localized(json.appName, 'appName', 100);
  const logo = checkLogo(check, root, json.logo);
  const colors = checkColors(check, json.colors);
  const contact = checkContact(check, json.contact);
  const popularServices = checkPopularServices(check, json.popularServices);
  const pages = checkPages(check, json.pages);
  const bodies = pages ? readPages(root, pages, check.problems) : new Map<string, LocalizedText>();

  if (
    check.problems.length > 0 ||
    !city ||
    !appName ||
    logo === undefined ||
    !colors ||
    !contact ||
    !popularServices ||
    !pages
  ) {
    throw new CityConfigError(root, check.problems.length > 0 ? check.problems : [`${CITY_JSON} is invalid`]);
  }
  return { dir: root, city, appName, logo, colors, contact, popularServices, pages, bodies };
}

/** For main.ts: load the configuration, or print the one-line reason and stop, like `loadConfigOrExit`. */
export function loadCityConfigOrExit(dir: string): CityConfig {
  try {
    return loadCityConfig(dir);
  } catch (error) {
    if (error instanceof CityConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
