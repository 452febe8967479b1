import { createHash } from 'node:crypto';
import { API_PREFIX } from '../routing/route-table';
import {
  type CityConfig,
  type Colors,
  type Contact,
  LANGUAGES,
  type LocalizedText,
  type LogoType,
  type PageEntry,
} from './city-config';

/** Where the city configuration is served, below the public API prefix. */
export const CITY_PATH = `${API_PREFIX}/config`;

/** `GET /api/v1/config/public`: the configuration as the SPAs use it (both languages at once). */
export interface PublicConfig {
  city: { name: LocalizedText; shortName: string };
  appName: LocalizedText;
  logo: { url: string; alt: LocalizedText } | null;
  colors: Colors;
  contact: Contact;
  popularServices: string[];
  pages: PageEntry[];
  languages: string[];
}

/** `GET /api/v1/config/pages/{slug}`: one page's title and Markdown body in both languages. */
export interface ContentPage {
  slug: string;
  title: LocalizedText;
  body: LocalizedText;
}

/** A response body computed once, with its content type and strong ETag. */
export interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

export const LOGO_CONTENT_TYPES: Readonly<Record<LogoType, string>> = {
  svg: 'image/svg+xml',
  png: 'image/png',
};

export const logoPath = (type: LogoType): string => `${CITY_PATH}/logo.${type}`;

/** A strong validator: the SHA-256 of the exact bytes sent. */
export function strongEtag(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

function asset(body: Buffer | string, contentType: string): Asset {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return { body: bytes, contentType, etag: strongEtag(bytes) };
}

const json = (value: unknown): Asset => asset(JSON.stringify(value), 'application/json; charset=utf-8');

export function publicConfig(config: CityConfig): PublicConfig {
  return {
    city: config.city,
    appName: config.appName,
    logo: config.logo ? { url: logoPath(config.logo.type), alt: config.logo.alt } : null,
    colors: config.colors,
    contact: config.contact,
    popularServices: config.popularServices,
    pages: config.pages,
    languages: [...LANGUAGES],
  };
}

/** The brand colours as CSS custom properties; the SPAs link it in index.html, before any script runs. */
export function themeCss(colors: Colors): string {
  return [
    "/* The city's colours (CITY_CONFIG_DIR/city.json), served by the gateway. */",
    ':root {',
    `  --color-brand: ${colors.brand};`,
    `  --color-brand-contrast: ${colors.brandContrast};`,
    `  --color-brand-dark: ${colors.brandDark};`,
    `  --color-link: ${colors.link};`,
    `  --color-link-visited: ${colors.linkVisited};`,
    '}',
    '',
  ].join('\n');
}

/**
 * Every response of the city configuration, computed once at start: the files do not change while the
 * gateway runs (a restart applies a changed folder).
 */
export class CityAssets {
  readonly publicConfig: Asset;
  readonly theme: Asset;
  readonly logo: (Asset & { type: LogoType }) | null;
  private readonly pages = new Map<string, Asset>();

  constructor(readonly config: CityConfig) {
    this.publicConfig = json(publicConfig(config));
    this.theme = asset(themeCss(config.colors), 'text/css; charset=utf-8');
    this.logo = config.logo
      ? { ...asset(config.logo.content, LOGO_CONTENT_TYPES[config.logo.type]), type: config.logo.type }
      : null;
    for (const { slug, title } of config.pages) {
      const body = config.bodies.get(slug);
      if (!body) continue; // cannot happen: loadCityConfig refuses pages without both files
      const page: ContentPage = { slug, title, body };
      this.pages.set(slug, json(page));
    }
  }

  page(slug: string): Asset | undefined {
    return this.pages.get(slug);
  }
}
