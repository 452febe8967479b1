// The city configuration (src/city): served from CITY_CONFIG_DIR by the real gateway over HTTP, with
// real upstreams for the merged OpenAPI document and real Redis for the rate limits.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ALL_SERVICES, type ServiceName } from '@buergeramt/contracts';
import Ajv2020 from 'ajv/dist/2020';
import { REDIS_URL, redisPrefix, type RunningGateway, startGateway } from './gateway-harness';
import { startUpstreams, type Upstream } from './upstream';

const REPO = resolve(__dirname, '../../..');
const DEMO_DIR = join(REPO, 'config/city');
const STRICT_IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
/** 1×1 transparent PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

type Json = Record<string, unknown>;

let nextClient = 1;
/** A client address of its own (X-Forwarded-For, trusted by TRUST_PROXY): its own rate-limit window. */
const client = (): Record<string, string> => ({ 'x-forwarded-for': `192.0.2.${nextClient++}` });

async function expectProblem(response: Response, status: number, type: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(await response.json()).toMatchObject({ type, status });
}

describe('city configuration', () => {
  let upstreams: Record<ServiceName, Upstream>;
  /** Serves the demo configuration in config/city (the default CITY_CONFIG_DIR). */
  let gateway: RunningGateway;
  /** Serves a copy with a PNG logo, and RATE_LIMIT_GLOBAL=3. */
  let pngGateway: RunningGateway;
  let pngDir: string;
  const redis = redisPrefix();
  let demo: Json;

  beforeAll(async () => {
    upstreams = await startUpstreams();
    demo = JSON.parse(await readFile(join(DEMO_DIR, 'city.json'), 'utf8')) as Json;
    pngDir = await mkdtemp(join(tmpdir(), 'gateway-city-'));
    await cp(DEMO_DIR, pngDir, { recursive: true });
    await rm(join(pngDir, 'logo.svg'));
    await writeFile(join(pngDir, 'logo.png'), PNG);
    await writeFile(
      join(pngDir, 'city.json'),
      JSON.stringify({ ...demo, logo: { file: 'logo.png', alt: { de: 'Logo', en: 'Logo' } } }),
    );
    const env = {
      ...Object.fromEntries(ALL_SERVICES.map((s) => [`${s.toUpperCase()}_URL`, upstreams[s].url])),
      REDIS_URL,
      RATE_LIMIT_PREFIX: redis.prefix,
      TRUST_PROXY: 'true',
      CITIZEN_DIST: '/nonexistent/citizen',
      BACKOFFICE_DIST: '/nonexistent/backoffice',
    };
    gateway = await startGateway(env);
    pngGateway = await startGateway({ ...env, CITY_CONFIG_DIR: pngDir, RATE_LIMIT_GLOBAL: '3' });
  });

  afterAll(async () => {
    await gateway?.close();
    await pngGateway?.close();
    await Promise.all(Object.values(upstreams ?? {}).map((u) => u.stop()));
    await redis.cleanUp();
    if (pngDir) await rm(pngDir, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}, base = gateway.url): Promise<Response> =>
    fetch(`${base}${path}`, { headers: { ...client(), ...headers } });

  /** The merged OpenAPI document's schemas, compiled (2020-12) to check what is served against them. */
  async function schemaValidator(name: string): Promise<(data: unknown) => boolean> {
    const doc = (await (await get('/api/docs-json')).json()) as Json;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'https://gateway.test/openapi.json', ...doc });
    const validate = ajv.compile({ $ref: `https://gateway.test/openapi.json#/components/schemas/${name}` });
    return (data) => {
      const valid = validate(data);
      if (!valid) throw new Error(`${name}: ${ajv.errorsText(validate.errors)}`);
      return valid;
    };
  }

  describe('GET /api/v1/config/public', () => {
    it('serves city.json for the apps: logo as a URL, pages without files, both languages', async () => {
      const response = await get('/api/v1/config/public');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = (await response.json()) as Json;
      const pages = demo.pages as Json[];
      expect(body).toEqual({
        city: demo.city,
        appName: demo.appName,
        logo: { url: '/api/v1/config/logo.svg', alt: (demo.logo as Json).alt },
        colors: demo.colors,
        contact: demo.contact,
        popularServices: demo.popularServices,
        pages: pages.map((page) => ({ footer: false, ...page })),
        languages: ['de', 'en'],
      });
      expect(JSON.stringify(body)).not.toMatch(/"logo\.svg"|\.md"|"file"/);
      expect((await schemaValidator('PublicConfig'))(body)).toBe(true);
    });

    it('names the PNG logo when the configuration has one', async () => {
      const body = (await (await get('/api/v1/config/public', {}, pngGateway.url)).json()) as Json;
      expect(body.logo).toEqual({ url: '/api/v1/config/logo.png', alt: { de: 'Logo', en: 'Logo' } });
    });

    it('has a strong ETag and max-age=300, and answers 304 to a matching If-None-Match', async () => {
      const first = await get('/api/v1/config/public');
      const etag = first.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      expect(first.headers.get('cache-control')).toBe('public, max-age=300');
      const body = await first.text();

      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const again = await get('/api/v1/config/public', { 'if-none-match': ifNoneMatch });
        expect(again.status).toBe(304);
        expect(again.headers.get('etag')).toBe(etag);
        expect(again.headers.get('cache-control')).toBe('public, max-age=300');
        expect(await again.text()).toBe('');
      }
      const stale = await get('/api/v1/config/public', { 'if-none-match': '"something-else"' });
      expect(stale.status).toBe(200);
      expect(await stale.text()).toBe(body);
    });

    it('counts against the rate limits like everything under /api', async () => {
      const me = client();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await fetch(`${pngGateway.url}/api/v1/config/public`, { headers: me });
        if (i === 0) expect(response.headers.get('x-ratelimit-limit')).toBe('3');
        statuses.push(response.status);
        await response.arrayBuffer();
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    });
  });

  describe('GET /api/v1/config/theme.css', () => {
    it('serves the brand colours as CSS custom properties, with an ETag', async () => {
      const response = await get('/api/v1/config/theme.css');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
      const css = await response.text();
      const colors = demo.colors as Record<string, string>;
      expect(css).toContain(':root {');
      expect(css).toContain(`--color-brand: ${colors.brand};`);
      expect(css).toContain(`--color-brand-contrast: ${colors.brandContrast};`);
      expect(css).toContain(`--color-brand-dark: ${colors.brandDark};`);
      expect(css).toContain(`--color-link: ${colors.link};`);
      expect(css).toContain(`--color-link-visited: ${colors.linkVisited};`);
      // a stylesheet of our own origin: the page CSP's style-src 'self' allows it
      expect(response.headers.get('content-security-policy')).toContain("style-src 'self'");

      const etag = response.headers.get('etag') ?? '';
      expect((await get('/api/v1/config/theme.css', { 'if-none-match': etag })).status).toBe(304);
    });
  });

  describe('GET /api/v1/config/pages/{slug}', () => {
    it('serves every listed page in German and English, as the Markdown files hold them', async () => {
      const validate = await schemaValidator('ContentPage');
      const pages = demo.pages as { slug: string; title: Json }[];
      expect(pages.map((p) => p.slug)).toEqual(['impressum', 'datenschutz', 'barrierefreiheit', 'kontakt']);
      for (const { slug, title } of pages) {
        const response = await get(`/api/v1/config/pages/${slug}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(response.headers.get('etag')).toMatch(/^"/);
        const page = (await response.json()) as Json;
        expect(page).toEqual({
          slug,
          title,
          body: {
            de: await readFile(join(DEMO_DIR, 'pages', `${slug}.de.md`), 'utf8'),
            en: await readFile(join(DEMO_DIR, 'pages', `${slug}.en.md`), 'utf8'),
          },
        });
        expect(validate(page)).toBe(true);
      }
      const imprint = (await (await get('/api/v1/config/pages/impressum')).json()) as {
        body: { de: string; en: string };
      };
      expect(imprint.body.de).toContain('## ');
      expect(imprint.body.de).toMatch(/Demo/);
      expect(imprint.body.en).toMatch(/demo installation/i);
    });

    it('answers 404 problem+json for an unknown page, and nothing outside the folder', async () => {
      await expectProblem(await get('/api/v1/config/pages/agb'), 404, 'not-found');
      await expectProblem(await get('/api/v1/config/pages/IMPRESSUM'), 404, 'not-found');
      await expectProblem(await get('/api/v1/config/pages/..%2Fcity.json'), 404, 'not-found');
      await expectProblem(await get('/api/v1/config/city.json'), 404, 'not-found');
      await expectProblem(await get('/api/v1/config/pages/impressum.de.md'), 404, 'not-found');
    });
  });

  describe('GET /api/v1/config/logo.{svg,png}', () => {
    it('serves the SVG logo under a strict Content-Security-Policy, so it can run nothing', async () => {
      const response = await get('/api/v1/config/logo.svg');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/svg+xml');
      expect(response.headers.get('content-security-policy')).toBe(STRICT_IMAGE_CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
      const svg = await response.text();
      expect(svg).toBe(await readFile(join(DEMO_DIR, 'logo.svg'), 'utf8'));
      expect(svg).toContain('<title');

      const etag = response.headers.get('etag') ?? '';
      const cached = await get('/api/v1/config/logo.svg', { 'if-none-match': etag });
      expect(cached.status).toBe(304);
      expect(cached.headers.get('content-security-policy')).toBe(STRICT_IMAGE_CSP);
      // every other answer keeps the page policy
      const other = await get('/api/v1/config/public');
      expect(other.headers.get('content-security-policy')).toContain("default-src 'self'");
      await other.arrayBuffer();
    });

    it('answers 404 for the extension the configuration does not name', async () => {
      await expectProblem(await get('/api/v1/config/logo.png'), 404, 'not-found');
      await expectProblem(await get('/api/v1/config/logo.svg', {}, pngGateway.url), 404, 'not-found');
      await expectProblem(await get('/api/v1/config/logo.gif'), 404, 'not-found');
    });

    it('serves a PNG logo as image/png, byte for byte', async () => {
      const response = await get('/api/v1/config/logo.png', {}, pngGateway.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(response.headers.get('content-security-policy')).toBe(STRICT_IMAGE_CSP);
      expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true);
    });
  });

  describe('OpenAPI', () => {
    it('documents the four public paths with their operationIds and schemas', async () => {
      const doc = (await (await get('/api/docs-json')).json()) as {
        paths: Record<string, { get: Json }>;
        components: { schemas: Record<string, Json> };
      };
      const operations = {
        '/api/v1/config/public': 'gateway_publicConfig',
        '/api/v1/config/pages/{slug}': 'gateway_contentPage',
        '/api/v1/config/theme.css': 'gateway_themeCss',
        '/api/v1/config/logo.{format}': 'gateway_logo',
      };
      for (const [path, operationId] of Object.entries(operations)) {
        const operation = doc.paths[path]?.get;
        expect(operation).toMatchObject({ operationId, security: [] });
        expect(Object.keys(operation?.responses as Json)).toEqual(
          expect.arrayContaining(['200', '304', '429']),
        );
      }
      expect(doc.paths['/api/v1/config/public']?.get).toMatchObject({
        responses: {
          '200': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/PublicConfig' } } },
          },
        },
      });
      expect(doc.paths['/api/v1/config/pages/{slug}']?.get).toMatchObject({
        responses: {
          '200': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ContentPage' } } },
          },
          '404': expect.any(Object) as unknown,
        },
      });
      expect(doc.components.schemas.LocalizedText).toEqual({
        type: 'object',
        description: 'A text in every language of the platform',
        required: ['de', 'en'],
        properties: { de: { type: 'string' }, en: { type: 'string' } },
      });
      expect(doc.components.schemas.PublicConfig?.required).toEqual([
        'city',
        'appName',
        'logo',
        'colors',
        'contact',
        'popularServices',
        'pages',
        'languages',
      ]);
    });

    it('keeps the merged document valid OpenAPI 3.1', async () => {
      const doc = await (await get('/api/docs-json')).json();
      const dir = await mkdtemp(join(tmpdir(), 'gateway-openapi-'));
      try {
        const file = join(dir, 'openapi.json');
        await writeFile(file, JSON.stringify(doc));
        // @seriousme/openapi-schema-validator is an ES module: run it in a child process
        const script = `import { Validator } from '@seriousme/openapi-schema-validator';
          import { readFileSync } from 'node:fs';
          const result = await new Validator().validate(JSON.parse(readFileSync(process.argv[1], 'utf8')));
          console.log(JSON.stringify({ valid: result.valid, errors: result.errors ?? null }));`;
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ['--input-type=module', '-e', script, file],
          { cwd: REPO, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
        );
        expect(JSON.parse(stdout.trim())).toEqual({ valid: true, errors: null });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it('counts the requests under one metrics label', async () => {
    await (await get('/api/v1/config/theme.css')).text();
    const metrics = await (await fetch(`${gateway.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/gateway_requests_total\{[^}]*prefix="\/api\/v1\/config"[^}]*status="200"/);
    expect(metrics).not.toMatch(/prefix="\/api\/v1\/config\/pages/);
  });

  it('does not start with an invalid configuration, naming the problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gateway-city-bad-'));
    try {
      await cp(DEMO_DIR, dir, { recursive: true });
      const colors = { ...(demo.colors as Json), brand: '#ff9999' };
      await writeFile(join(dir, 'city.json'), JSON.stringify({ ...demo, colors }));
      await expect(
        startGateway({ REDIS_URL, CITY_CONFIG_DIR: dir, CITIZEN_DIST: '/nonexistent' }),
      ).rejects.toThrow(
        /CITY_CONFIG_DIR\/city\.json: colors\.brandContrast \(#ffffff\) on colors\.brand \(#ff9999\) has a contrast ratio of 2\.\d\d:1/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
