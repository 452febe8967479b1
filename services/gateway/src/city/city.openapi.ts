import type { JsonObject } from '../docs/openapi-merger';
import { CITY_CACHE_CONTROL } from './http-cache';
import { CITY_PATH } from './city-assets';
import { LANGUAGES, PAGE_SLUG } from './city-config';

/**
 * The city configuration's routes in the merged OpenAPI document (the gateway's own part, next to
 * `/api/v1/health`), with full schemas so that a generated client gets precise types.
 */

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

const problem = (description: string): JsonObject => ({
  description,
  content: { 'application/problem+json': { schema: ref('GatewayProblem') } },
});

const CACHE_HEADERS: JsonObject = {
  ETag: {
    description: 'Strong validator of the body (SHA-256); send it back in If-None-Match',
    schema: { type: 'string' },
  },
  'Cache-Control': { description: CITY_CACHE_CONTROL, schema: { type: 'string' } },
};

const IF_NONE_MATCH: JsonObject = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'The ETag of a copy the client holds: 304 when it is still current',
  schema: { type: 'string' },
};

/** 200 with `content`, 304, the rate limit's 429, and any further responses. */
function cachedOperation(
  operationId: string,
  summary: string,
  description: string,
  content: JsonObject,
  more: { parameters?: JsonObject[]; responses?: JsonObject } = {},
): JsonObject {
  return {
    get: {
      operationId,
      summary,
      description:
        `${description} Public. Computed once at start from CITY_CONFIG_DIR (a restart applies changes); ` +
        `cacheable for 5 minutes, then revalidated with If-None-Match.`,
      tags: ['config'],
      security: [],
      parameters: [...(more.parameters ?? []), IF_NONE_MATCH],
      responses: {
        '200': { description: 'OK', headers: CACHE_HEADERS, content },
        '304': { description: 'Not modified: If-None-Match named the current ETag', headers: CACHE_HEADERS },
        ...(more.responses ?? {}),
        '429': problem('Too many requests'),
      },
    },
  };
}

export const CITY_PATHS: JsonObject = {
  [`${CITY_PATH}/public`]: cachedOperation(
    'gateway_publicConfig',
    "The city's public configuration",
    'Name, app name, logo, colours, contact, popular services and the content pages of the city ' +
      'running this installation, with every text in all `languages`.',
    { 'application/json': { schema: ref('PublicConfig') } },
  ),
  [`${CITY_PATH}/pages/{slug}`]: cachedOperation(
    'gateway_contentPage',
    'A content page (imprint, privacy, accessibility, contact, …)',
    'The title and the Markdown body of one page listed in `PublicConfig.pages`, in all languages.',
    { 'application/json': { schema: ref('ContentPage') } },
    {
      parameters: [
        {
          name: 'slug',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: PAGE_SLUG.source },
        },
      ],
      responses: { '404': problem('No page with this slug') },
    },
  ),
  [`${CITY_PATH}/theme.css`]: cachedOperation(
    'gateway_themeCss',
    "The city's colours as CSS custom properties",
    'A stylesheet with `:root { --color-brand; --color-brand-contrast; --color-brand-dark; --color-link; ' +
      '--color-link-visited }` for the SPAs to link in their index.html.',
    { 'text/css': { schema: { type: 'string' } } },
  ),
  [`${CITY_PATH}/logo.{format}`]: cachedOperation(
    'gateway_logo',
    "The city's logo",
    'The logo file `PublicConfig.logo.url` points to (SVG or PNG). An SVG is sent with a ' +
      "`Content-Security-Policy` of `default-src 'none'; style-src 'unsafe-inline'; sandbox`.",
    {
      'image/svg+xml': { schema: { type: 'string' } },
      'image/png': { schema: { type: 'string', contentMediaType: 'image/png', contentEncoding: 'binary' } },
    },
    {
      parameters: [
        {
          name: 'format',
          in: 'path',
          required: true,
          description: 'The extension of the configured logo; the other one is a 404',
          schema: { type: 'string', enum: ['svg', 'png'] },
        },
      ],
      responses: { '404': problem('The configuration has no logo of this format') },
    },
  ),
};

const localized: JsonObject = ref('LocalizedText');
const colour: JsonObject = { type: 'string', pattern: '^#[0-9a-f]{6}$' };

export const CITY_SCHEMAS: JsonObject = {
  LocalizedText: {
    type: 'object',
    description: 'A text in every language of the platform',
    required: [...LANGUAGES],
    properties: Object.fromEntries(LANGUAGES.map((language) => [language, { type: 'string' }])),
  },
  PublicConfig: {
    type: 'object',
    description: 'The city configuration as the apps use it (GET /api/v1/config/public)',
    required: ['city', 'appName', 'logo', 'colors', 'contact', 'popularServices', 'pages', 'languages'],
    properties: {
      city: {
        type: 'object',
        required: ['name', 'shortName'],
        properties: {
          name: { ...localized, description: 'Full name, e.g. "Stadt Esslingen am Neckar"' },
          shortName: { type: 'string', description: 'e.g. "Esslingen"' },
        },
      },
      appName: { ...localized, description: 'Name of the application, e.g. "Digitales Bürgeramt"' },
      logo: {
        description: 'null when the city configured no logo',
        oneOf: [
          {
            type: 'object',
            required: ['url', 'alt'],
            properties: {
              url: { type: 'string', examples: [`${CITY_PATH}/logo.svg`] },
              alt: { ...localized, description: 'Text alternative of the logo' },
            },
          },
          { type: 'null' },
        ],
      },
      colors: {
        type: 'object',
        description: 'Lower-case #rrggbb; every pair used for text has a contrast of at least 4.5:1',
        required: ['brand', 'brandContrast', 'brandDark', 'link', 'linkVisited'],
        properties: {
          brand: { ...colour, description: 'Buttons, headers; also text on white' },
          brandContrast: { ...colour, description: 'Text on brand and on brandDark' },
          brandDark: { ...colour, description: 'Hover/active of brand; also text on white' },
          link: { ...colour, description: 'Links on white' },
          linkVisited: { ...colour, description: 'Visited links on white (link when not configured)' },
        },
      },
      contact: {
        type: 'object',
        description: "The citizens' office's contact; every field is optional",
        properties: {
          phone: { type: 'string' },
          email: { type: 'string' },
          address: { type: 'string' },
          hours: { ...localized, description: 'Opening hours as text' },
          web: { type: 'string' },
        },
      },
      popularServices: {
        type: 'array',
        description: 'Catalogue slugs (GET /api/v1/services/{idOrSlug}) to show first, in this order',
        items: { type: 'string' },
      },
      pages: {
        type: 'array',
        description: 'The content pages, in order; `footer` ones are linked in the footer',
        items: ref('ContentPageSummary'),
      },
      languages: {
        type: 'array',
        description: 'The languages of every text, the first is the default',
        items: { type: 'string', enum: [...LANGUAGES] },
      },
    },
  },
  ContentPageSummary: {
    type: 'object',
    required: ['slug', 'title', 'footer'],
    properties: {
      slug: { type: 'string', pattern: PAGE_SLUG.source },
      title: localized,
      footer: { type: 'boolean' },
    },
  },
  ContentPage: {
    type: 'object',
    description: 'A content page; the body is Markdown (headings, paragraphs, lists, emphasis, links)',
    required: ['slug', 'title', 'body'],
    properties: {
      slug: { type: 'string', pattern: PAGE_SLUG.source },
      title: localized,
      body: localized,
    },
  },
};
