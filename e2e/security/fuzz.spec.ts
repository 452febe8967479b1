import { defined } from '@buergeramt/testing';
import {
  API,
  type Answer,
  book,
  call,
  type Citizen,
  DEMO,
  expectStatus,
  login,
  multipart,
  newCitizen,
  PNG_1X1,
  pool,
  problemIssues,
  prng,
  randomUuid,
  services,
  uniqueEmail,
  uploadDocument,
} from './support';

/**
 * A fuzzer over the API as it documents itself: it reads the merged OpenAPI document at /api/docs-json
 * and sends every operation a deterministic set of inputs its schema forbids (wrong types, missing
 * required properties, null where not nullable, U+0000 and lone surrogates, 40 levels of nesting, 1e308
 * and 2^63, over-long strings, malformed path ids, unknown and repeated query parameters, broken JSON,
 * wrong content types, garbage tokens). Whatever it sends, the platform must not answer 5xx, and every
 * 4xx is RFC 9457 problem+json with `type`, `title` and `status` (API.md, decisions §7, §21).
 *
 * Citizens' operations run as a citizen of the suite's own, staff and admin operations as the demo
 * admin; mutating requests go to resources this file created (an appointment, a draft, a document, an
 * inactive location with a counter and a closure, a staff account, a machine client, a webhook), never
 * to demo data. The inputs come from a seeded PRNG (FUZZ_SEED), so a failure reproduces; each failure is
 * reported as `METHOD path [role] variant → status: what is wrong`.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5ec_2026);
const CONCURRENCY = 6;
// a bound on the run (the whole fuzz took ~15 s for 3,021 requests on two cores): the API grew past 3,000
// with the back office's part 2 (123 operations); raise it with the API, never by dropping variants
const MAX_REQUESTS = 4000;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  type?: string | string[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  security?: Record<string, unknown>[];
}

interface OpenApi {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, Schema> };
  'x-unavailable-services'?: string[];
}

type Role = 'citizen' | 'admin' | 'anonymous';

interface Case {
  /** `METHOD /api/v1/…` as documented */
  op: string;
  variant: string;
  role: Role;
  method: string;
  /** path and query, relative to the origin */
  url: string;
  body?: { raw: string | Uint8Array<ArrayBuffer>; contentType?: string };
  headers?: Record<string, string>;
}

/** Where the suite's own resources are; filled in beforeAll. */
interface Context {
  serviceId: string;
  onlineServiceId: string;
  demoLocationId: string;
  appointmentId: string;
  applicationId: string;
  documentId: string;
  notificationId: string;
  locationId: string;
  counterId: string;
  closureId: string;
  staffId: string;
  apiClientId: string;
  apiClientClientId: string;
  webhookId: string;
}

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Staff and admin operations are fuzzed as the admin; everything else as a citizen. */
function roleOf(path: string): Role {
  return /^\/api\/v1\/(admin|stats|tickets)\b|\/agenda$|\/call-next$|\/applications\/\{id\}\/(assign|review|request-info|decide)$/.test(
    path,
  )
    ? 'admin'
    : 'citizen';
}

/** Requests never sent with a valid body or parameters: they would end the fuzzing citizen's account. */
const DESTRUCTIVE = new Set(['DELETE /api/v1/me']);

function buildCases(doc: OpenApi, ctx: Context, random: () => number): Case[] {
  const schemas = doc.components.schemas;
  const resolve = (schema: Schema | undefined): Schema => {
    let s: Schema = schema ?? {};
    for (let i = 0; i < 20; i++) {
      if (s.$ref) {
        const { $ref, ...rest } = s;
        s = { ...schemas[$ref.replace('#/components/schemas/', '')], ...rest };
      } else if (s.allOf?.length === 1 && !s.properties) {
        const { allOf, ...rest } = s;
        s = { ...resolve(allOf[0]), ...rest };
      } else break;
    }
    return s;
  };
  const typesOf = (s: Schema): string[] => {
    if (Array.isArray(s.type)) return s.type;
    if (s.type) return [s.type];
    if (s.properties) return ['object'];
    if (s.items) return ['array'];
    return [];
  };
  const mainType = (s: Schema): string => typesOf(s).find((t) => t !== 'null') ?? 'any';
  const nullable = (s: Schema): boolean => s.nullable === true || typesOf(s).includes('null');

  /** A plausible value for a property: the documented example, else one made from the schema and name. */
  const sample = (schema: Schema | undefined, name: string, depth = 0): unknown => {
    const s = resolve(schema);
    const contextual: Record<string, unknown> = {
      serviceId: ctx.serviceId,
      locationId: ctx.demoLocationId,
      appointmentId: ctx.appointmentId,
      subjectId: ctx.appointmentId,
      documentIds: [ctx.documentId],
      assigneeId: 'me',
      counterIds: [ctx.counterId],
      locationIds: [ctx.locationId],
      // whatever the fuzzer creates by chance stays out of residents' sight (and clashes with no slug)
      slug: `fuzz-${Math.floor(random() * 1e9).toString(36)}`,
      active: false,
    };
    if (name in contextual) return contextual[name];
    if (s.example !== undefined) return s.example;
    if (s.default !== undefined) return s.default;
    if (s.enum?.length) return s.enum[0];
    switch (mainType(s)) {
      case 'string':
        if (s.format === 'uuid') return randomUuid(random);
        if (s.format === 'date') return day(5);
        if (s.format === 'date-time') return new Date(Date.now() + 5 * 86_400_000).toISOString();
        if (s.format === 'email') return 'fuzz@example.org';
        if (s.format === 'uri' || /url/i.test(name)) return 'https://example.org/';
        if (/^(from|to|date)$/.test(name)) return day(5);
        return 'Fuzz'.padEnd(Math.min(s.minLength ?? 4, 200), 'z');
      case 'number':
      case 'integer':
        return s.minimum ?? 1;
      case 'boolean':
        return true;
      case 'array':
        return depth > 4 ? [] : [sample(s.items, name, depth + 1)];
      case 'object': {
        const result: Record<string, unknown> = {};
        if (depth > 4) return result;
        for (const [key, value] of Object.entries(s.properties ?? {}))
          result[key] = sample(value, key, depth + 1);
        return result;
      }
      default:
        return 'x';
    }
  };

  /** A wrong-typed value for a schema. */
  const wrongType = (s: Schema): unknown => {
    switch (mainType(s)) {
      case 'string':
        return 12345;
      case 'number':
      case 'integer':
        return 'zwölf';
      case 'boolean':
        return 'yes';
      case 'array':
        return { 0: 'not an array' };
      case 'object':
        return 'not an object';
      default:
        return [[{}]];
    }
  };

  /** A value in the right type but wrong form: outside an enum, not a UUID, an impossible date. */
  const badForm = (s: Schema, name: string): unknown => {
    if (s.enum?.length) return 'not-in-enum';
    if (s.format === 'uuid') return '00000000-0000-0000-0000-00000000000g';
    if (s.format === 'email') return 'a@';
    if (s.format === 'date' || /^(from|to|date)$/.test(name)) return '2026-02-30';
    if (/url/i.test(name)) return 'javascript:alert(1)';
    if (s.pattern) return '../../etc/passwd';
    return undefined;
  };

  const overlong = (s: Schema): string => 'x'.repeat(s.maxLength !== undefined ? s.maxLength + 1 : 20_000);

  type Path = (string | number)[];
  const REMOVE = Symbol('remove');
  /** 2^63 is written into the JSON text as it is (a JS number would round it). */
  const HUGE = '__2^63__';
  const withValue = (base: unknown, path: Path, value: unknown): unknown => {
    const copy = structuredClone(base) as Record<string | number, unknown>;
    let target = copy;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
    const last = path.at(-1);
    if (last === undefined) throw new Error('no path into the body to set');
    if (value === REMOVE) delete target[last];
    else target[last] = value;
    return copy;
  };

  /** Every property below an object schema (into nested objects and the first item of arrays). */
  const properties = (
    s: Schema,
    path: Path,
    depth: number,
  ): { path: Path; schema: Schema; required: boolean }[] => {
    if (depth > 2) return [];
    const found: { path: Path; schema: Schema; required: boolean }[] = [];
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      const resolved = resolve(child);
      const childPath = [...path, key];
      found.push({ path: childPath, schema: resolved, required: (s.required ?? []).includes(key) });
      if (mainType(resolved) === 'object') found.push(...properties(resolved, childPath, depth + 1));
      if (mainType(resolved) === 'array' && mainType(resolve(resolved.items)) === 'object')
        found.push(...properties(resolve(resolved.items), [...childPath, 0], depth + 1));
    }
    return found;
  };
  const stringPaths = (value: unknown, path: Path = []): Path[] => {
    if (typeof value === 'string') return [path];
    if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...path, i]));
    if (value && typeof value === 'object')
      return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
    return [];
  };
  const nested = (levels: number, leaf: unknown = 1): unknown => {
    let value: unknown = leaf;
    for (let i = 0; i < levels; i++) value = { a: value };
    return value;
  };
  const randomName = (): string =>
    Array.from({ length: 4 + Math.floor(random() * 8) }, () =>
      'abcdefghijklmnopqrstuvwxyz_0123456789'.charAt(Math.floor(random() * 37)),
    ).join('');
  const RANDOM_VALUES = ['1', '-1', 'true', '%00', '%ED%A0%80', '%FF%FE', '[]', '%7B%7D', 'x'.repeat(300)];
  // 0 ≤ random() < 1: the index is below the length
  const randomValue = (): string => RANDOM_VALUES[Math.floor(random() * RANDOM_VALUES.length)]!;

  /** Path ids of the suite's own resources (or ids that exist nowhere), by path template and name. */
  const pathValue = (template: string, name: string): string => {
    const byName: Record<string, string> = {
      counterId: ctx.counterId,
      closureId: ctx.closureId,
      clientId: ctx.apiClientClientId,
      serviceId: ctx.serviceId,
      provider: 'keycloak',
      slug: 'impressum',
      format: 'svg',
      code: 'ABCD-EFGH-IJKL',
      idOrSlug: 'personalausweis',
    };
    if (name !== 'id') return byName[name] ?? randomUuid(random);
    const byPrefix: [RegExp, string][] = [
      [/^\/api\/v1\/appointments\//, ctx.appointmentId],
      [/^\/api\/v1\/applications\//, ctx.applicationId],
      [/^\/api\/v1\/documents\//, ctx.documentId],
      [/^\/api\/v1\/notifications\//, ctx.notificationId],
      [/^\/api\/v1\/(admin\/)?locations\//, ctx.locationId],
      [/^\/api\/v1\/admin\/users\//, ctx.staffId],
      [/^\/api\/v1\/admin\/api-clients\//, ctx.apiClientId],
      [/^\/api\/v1\/admin\/webhooks\//, ctx.webhookId],
    ];
    // the catalogue, deliveries and tickets: ids that exist nowhere (the demo catalogue stays as it is)
    return byPrefix.find(([pattern]) => pattern.test(template))?.[1] ?? randomUuid(random);
  };
  /** Malformed path segments (already URL-encoded). */
  const MALFORMED_SEGMENTS: [string, () => string][] = [
    ['not-a-uuid', () => 'not-a-uuid'],
    ['nil-uuid', () => '00000000-0000-0000-0000-000000000000'],
    ['unknown-uuid', () => randomUuid(random)],
    ['NUL', () => 'a%00b'],
    ['lone-surrogate', () => '%ED%A0%80'],
    ['traversal', () => '..%2F..%2Fetc%2Fpasswd'],
    ['sql', () => '1%27%20OR%20%271%27%3D%271'],
    ['overlong', () => 'x'.repeat(2000)],
    ['huge-number', () => '9223372036854775808'],
  ];

  const queryValue = (s: Schema, name: string): string => {
    const contextual: Record<string, string> = {
      serviceId: ctx.serviceId,
      locationId: ctx.demoLocationId,
      from: day(3),
      to: day(10),
      date: day(3),
      limit: '5',
    };
    const known = contextual[name];
    if (name in contextual && known !== undefined) return known;
    return encodeURIComponent(String(sample(s, name)));
  };
  const queryString = (entries: [string, string][]): string =>
    entries.length ? `?${entries.map(([k, v]) => `${k}=${v}`).join('&')}` : '';

  const cases: Case[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const op = `${method.toUpperCase()} ${template}`;
      const role = roleOf(template);
      const params = operation.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const headerNames = params.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
      const content = operation.requestBody?.content ?? {};
      const jsonSchema = content['application/json']
        ? resolve(content['application/json'].schema)
        : undefined;
      const isMultipart = 'multipart/form-data' in content;
      const isForm = 'application/x-www-form-urlencoded' in content;
      const needsAuth =
        (operation.security ?? []).some((s) => 'bearer' in s) &&
        !(operation.security ?? []).some((s) => Object.keys(s).length === 0);

      const fill = (overrides: Record<string, string> = {}): string =>
        template.replace(
          /\{(\w+)\}/g,
          (_, name: string) => overrides[name] ?? encodeURIComponent(pathValue(template, name)),
        );
      const baseQuery: [string, string][] = queryParams
        .filter((p) => p.required || template.endsWith('/slots'))
        .map((p) => [p.name, queryValue(resolve(p.schema), p.name)]);
      const baseBody = jsonSchema ? sample(jsonSchema, '') : undefined;
      const add = (variant: string, partial: Partial<Case>): void => {
        cases.push({
          op,
          variant,
          role,
          method: method.toUpperCase(),
          url: fill() + queryString(baseQuery),
          ...partial,
        });
      };
      const json = (value: unknown): Case['body'] => ({
        raw: JSON.stringify(value),
        contentType: 'application/json',
      });
      const baseJson = jsonSchema ? json(baseBody) : undefined;
      const destructive = DESTRUCTIVE.has(`${method.toUpperCase()} ${template}`);

      // path parameters: each one malformed in turn (the others valid)
      for (const p of pathParams) {
        for (const [label, make] of MALFORMED_SEGMENTS) {
          cases.push({
            op,
            variant: `path ${p.name}=${label}`,
            role,
            method: method.toUpperCase(),
            url: fill({ [p.name]: make() }) + queryString(baseQuery),
            body: baseJson,
          });
        }
      }

      // query parameters: wrong type, wrong form, huge, over-long, repeated, empty
      for (const p of queryParams) {
        const s = resolve(p.schema);
        const others = baseQuery.filter(([k]) => k !== p.name);
        const variants: [string, string[]][] = [];
        const type = mainType(s);
        if (type === 'number' || type === 'integer') {
          variants.push(
            ['wrong-type', ['abc']],
            ['huge 1e308', ['1e308']],
            ['huge 2^63', ['9223372036854775808']],
          );
          variants.push(['negative', ['-1']], ['fraction', ['0.5']]);
        } else if (type === 'boolean') variants.push(['wrong-type', ['maybe']]);
        const form = badForm(s, p.name);
        if (typeof form === 'string') variants.push(['bad-form', [encodeURIComponent(form)]]);
        variants.push(
          ['overlong', [overlong(s)]],
          ['repeated', [queryValue(s, p.name), queryValue(s, p.name)]],
          ['empty', ['']],
        );
        for (const [label, values] of variants) {
          add(`query ${p.name} ${label}`, {
            url: fill() + queryString([...others, ...values.map((v): [string, string] => [p.name, v])]),
            body: destructive ? undefined : baseJson,
          });
        }
      }
      if (!destructive) {
        // every query parameter at once with U+0000, then with a lone surrogate (as UTF-8 it cannot be
        // written: its CESU bytes), and unknown parameters with random names and values
        const all = (value: string): [string, string][] => queryParams.map((p) => [p.name, value]);
        add('query NUL in every parameter', { url: fill() + queryString([...all('a%00b'), ['x', '%00']]) });
        add('query lone surrogate in every parameter', {
          url: fill() + queryString([...all('%ED%A0%80'), ['y', '%ED%B0%80']]),
        });
        for (let i = 0; i < 2; i++) {
          const unknown: [string, string][] = Array.from({ length: 1 + Math.floor(random() * 4) }, () => [
            randomName(),
            randomValue(),
          ]);
          add(`query random parameters #${i + 1}`, {
            url: fill() + queryString([...baseQuery, ...unknown]),
            // a mutating request with unknown parameters carries an empty body: it must not act on them
            body: jsonSchema ? json({}) : undefined,
          });
        }
      }

      // headers: a garbage bearer token, no token at all, the Idempotency-Key out of bounds
      add('authorization garbage', { headers: { authorization: 'Bearer not.a.jwt' }, body: baseJson });
      if (method === 'get')
        add('authorization overlong', { headers: { authorization: `Bearer ${'A'.repeat(8000)}` } });
      if (needsAuth) add('no token', { role: 'anonymous', body: baseJson });
      if (headerNames.includes('idempotency-key')) {
        add('idempotency-key overlong', { headers: { 'idempotency-key': 'k'.repeat(256) }, body: json({}) });
        add('idempotency-key empty', { headers: { 'idempotency-key': '' }, body: json({}) });
      }
      if (headerNames.includes('accept-language'))
        add('accept-language garbage', { headers: { 'accept-language': 'xx;q=abc, *;q=2, ;;;' } });
      if (headerNames.includes('if-none-match'))
        add('if-none-match garbage', { headers: { 'if-none-match': `"${'x'.repeat(5000)}", W/` } });

      if (jsonSchema) {
        const raw = (label: string, text: string, contentType = 'application/json'): void =>
          add(`body ${label}`, { body: { raw: text, contentType } });
        raw('array', '[]');
        raw('string', '"text"');
        raw('null', 'null');
        raw('number 1e308', '1e308');
        raw('malformed JSON', '{"a":');
        raw('empty', '');
        raw('text/plain', 'hello', 'text/plain');
        raw(
          'prototype pollution',
          '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}',
        );
        raw('NUL in a key', JSON.stringify({ ...(baseBody as object), 'a\u0000b': 1 }));
        raw('40 levels of arrays', `${'['.repeat(40)}${']'.repeat(40)}`);
        add('body 40 levels of objects', { body: json(nested(40)) });
        add(`body unknown property`, {
          body: json({ ...(baseBody as object), [randomName()]: randomValue() }),
        });
        const strings = stringPaths(baseBody);
        if (strings.length) {
          add('body NUL in every string', {
            body: json(strings.reduce((b, p) => withValue(b, p, 'a\u0000b'), baseBody)),
          });
          add('body lone surrogate in every string', {
            body: json(strings.reduce((b, p, i) => withValue(b, p, i % 2 ? '\udc00x' : 'x\ud800'), baseBody)),
          });
        }
        if ((jsonSchema.required ?? []).length) add('body {}', { body: json({}) });
        for (const { path, schema, required } of properties(jsonSchema, [], 0)) {
          const at = path.join('.');
          if (required) add(`body ${at} missing`, { body: json(withValue(baseBody, path, REMOVE)) });
          add(`body ${at} wrong type`, { body: json(withValue(baseBody, path, wrongType(schema))) });
          if (!nullable(schema)) add(`body ${at} null`, { body: json(withValue(baseBody, path, null)) });
          if (mainType(schema) === 'object' || mainType(schema) === 'array' || mainType(schema) === 'any')
            add(`body ${at} nested 40 levels`, { body: json(withValue(baseBody, path, nested(40))) });
          const form = badForm(schema, String(path[path.length - 1]));
          if (form !== undefined) add(`body ${at} bad form`, { body: json(withValue(baseBody, path, form)) });
          switch (mainType(schema)) {
            case 'string':
              add(`body ${at} overlong`, { body: json(withValue(baseBody, path, overlong(schema))) });
              break;
            case 'number':
            case 'integer':
              add(`body ${at} 1e308`, { body: json(withValue(baseBody, path, 1e308)) });
              add(`body ${at} 2^63`, {
                body: {
                  raw: JSON.stringify(withValue(baseBody, path, HUGE)).replace(
                    `"${HUGE}"`,
                    '9223372036854775808',
                  ),
                  contentType: 'application/json',
                },
              });
              break;
            case 'array': {
              const itemSchema = resolve(schema.items);
              add(`body ${at} [null]`, { body: json(withValue(baseBody, path, [null])) });
              if (mainType(itemSchema) === 'string')
                add(`body ${at} [overlong]`, {
                  body: json(withValue(baseBody, path, [overlong(itemSchema)])),
                });
              add(`body ${at} 1000 items`, {
                body: json(
                  withValue(
                    baseBody,
                    path,
                    Array.from({ length: 1000 }, () => sample(itemSchema, at)),
                  ),
                ),
              });
              break;
            }
            default:
              break;
          }
        }
      }

      if (isMultipart) {
        const parts = (
          label: string,
          body: { body: Uint8Array<ArrayBuffer>; contentType: string } | { raw: string; contentType: string },
        ): void => {
          add(`multipart ${label}`, {
            body: 'raw' in body ? body : { raw: body.body, contentType: body.contentType },
          });
        };
        parts('no file field', multipart([{ name: 'other', content: 'x' }]));
        parts(
          'empty file',
          multipart([{ name: 'file', filename: 'leer.pdf', type: 'application/pdf', content: '' }]),
        );
        parts(
          'html as png',
          multipart([
            { name: 'file', filename: 'x.png', type: 'image/png', content: '<script>alert(1)</script>' },
          ]),
        );
        parts(
          'NUL and surrogate names',
          multipart([{ name: 'file', filename: 'a\u0000\ud800.png', type: 'image/png', content: PNG_1X1 }]),
        );
        parts(
          'unterminated',
          multipart(
            [{ name: 'file', filename: 'x.png', type: 'image/png', content: PNG_1X1 }],
            undefined,
            false,
          ),
        );
        parts('no boundary', { raw: 'garbage', contentType: 'multipart/form-data' });
        parts('json instead', { raw: '{"file":"x"}', contentType: 'application/json' });
        parts(
          'two files',
          multipart([
            { name: 'file', filename: 'a.png', type: 'image/png', content: PNG_1X1 },
            { name: 'file', filename: 'b.png', type: 'image/png', content: PNG_1X1 },
          ]),
        );
      }

      if (isForm) {
        const form = (label: string, text: string, contentType = 'application/x-www-form-urlencoded'): void =>
          add(`form ${label}`, { body: { raw: text, contentType } });
        const base =
          'grant_type=client_credentials&client_id=cl_fuzz&client_secret=s3cr3t&scope=applications%3Aread';
        form('unknown client', base);
        form('NUL', base.replace('cl_fuzz', 'cl%00fuzz'));
        form('lone surrogate', base.replace('cl_fuzz', '%ED%A0%80'));
        form('overlong', base.replace('s3cr3t', 'x'.repeat(20_000)));
        form('repeated grant_type', `${base}&grant_type=password`);
        form('no grant_type', base.replace('grant_type=client_credentials&', ''));
        form('other grant_type', base.replace('client_credentials', 'password'));
        form('unknown scope', base.replace('applications%3Aread', 'admin%20root'));
        form('empty', '');
        form(
          'json with wrong types',
          JSON.stringify({ grant_type: 1, client_id: null, client_secret: [] }),
          'application/json',
        );
        form('malformed percent escapes', 'grant_type=%E0%A4%A&client_id=%');
        add('form basic auth garbage', {
          headers: { authorization: 'Basic !!!notbase64' },
          body: { raw: 'grant_type=client_credentials', contentType: 'application/x-www-form-urlencoded' },
        });
        add('form basic auth broken escapes', {
          headers: { authorization: `Basic ${Buffer.from('%E0%A4%A:%').toString('base64')}` },
          body: { raw: 'grant_type=client_credentials', contentType: 'application/x-www-form-urlencoded' },
        });
      }
    }
  }
  return cases;
}

describe('the API under schema-violating input (a fuzzer over /api/docs-json)', () => {
  let doc: OpenApi;
  let cases: Case[];
  const tokens: Record<Role, string | undefined> = {
    citizen: undefined,
    admin: undefined,
    anonymous: undefined,
  };
  /** Each case's answer, or why none came (an error thrown by fetch lives in another realm: no instanceof). */
  const results = new Map<Case, Answer | { error: string }>();

  beforeAll(async () => {
    const res = await call('GET', '/api/docs-json');
    expectStatus(res, 200, 'GET /api/docs-json');
    doc = res.json as OpenApi;

    const [admin, citizen, catalogue, locations] = await Promise.all([
      login(DEMO.admin),
      newCitizen('fuzz'),
      services(),
      call('GET', '/locations'),
    ]);
    tokens.admin = admin;
    tokens.citizen = citizen.token;
    // a service the browser journeys do not book, so the suite leaves their slots alone
    const bookable =
      catalogue.find((s) => s.slug === 'beglaubigung') ?? catalogue.find((s) => s.appointmentRequired)!;
    const online = catalogue.find((s) => s.onlineApplication)!;
    const demoLocationId = defined(
      (locations.json as { items: { id: string }[] }).items[0],
      'a demo location',
    ).id;

    const ctx = await ownResources(admin, citizen, bookable.id, online.id, demoLocationId);
    const random = prng(SEED);
    cases = buildCases(doc, ctx, random);
  });

  it('reads a complete document (every service contributed its operations)', () => {
    expect(doc['x-unavailable-services']).toEqual([]);
    const operations = Object.values(doc.paths).flatMap((item) => METHODS.filter((m) => item[m]));
    expect(operations.length).toBeGreaterThan(100);
    expect(cases.length).toBeLessThanOrEqual(MAX_REQUESTS);
  });

  it(`answers every bad input without a 5xx, and every 4xx as problem+json (seed ${SEED})`, async () => {
    const answers = await pool(
      CONCURRENCY,
      cases.map((c) => async (): Promise<void> => {
        try {
          const headers: Record<string, string> = { ...(c.headers ?? {}) };
          if (c.body?.contentType) headers['content-type'] = c.body.contentType;
          const token = tokens[c.role];
          if (token && !('authorization' in headers)) headers.authorization = `Bearer ${token}`;
          results.set(
            c,
            await call(c.method, `${new URL(API()).origin}${c.url}`, { raw: c.body?.raw, headers }),
          );
        } catch (error) {
          results.set(c, { error: String(error) });
        }
      }),
    );
    expect(answers).toHaveLength(cases.length);

    const failures: string[] = [];
    for (const c of cases) {
      const answer = results.get(c)!;
      const where = `${c.op} [${c.role}] ${c.variant}`;
      if ('error' in answer) failures.push(`${where} → no answer: ${answer.error}`);
      else if (answer.status >= 500)
        failures.push(`${where} → ${answer.status}: ${answer.text.slice(0, 300)}`);
      else if (answer.status >= 400) {
        const issues = problemIssues(answer);
        if (issues.length) failures.push(`${where} → ${answer.status}: ${issues.join('; ')}`);
      }
    }
    const statuses = new Map<number, number>();
    for (const answer of results.values())
      if ('status' in answer) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    // the summary a reader of the CI log wants: how much was sent and what came back
    console.info(
      `fuzzer: ${cases.length} requests to ${new Set(cases.map((c) => c.op)).size} operations, seed ${SEED}; ` +
        `statuses ${[...statuses]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
    );
    expect(failures).toEqual([]);
  });
});

/** The resources the fuzzer may change: its citizen's own, and the admin's own inactive location etc. */
async function ownResources(
  admin: string,
  citizen: Citizen,
  serviceId: string,
  onlineServiceId: string,
  demoLocationId: string,
): Promise<Context> {
  /** The resource created, with the fields named (`id` by default). */
  const created = async <Field extends string = 'id'>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<Record<Field, string>> => {
    const res = await call(method, path, { token, body });
    if (res.status !== 200 && res.status !== 201) expectStatus(res, 201, `${method} ${path}`);
    return res.json as Record<Field, string>;
  };
  const [appointment, application, documentId, location, client, staff, webhook] = await Promise.all([
    book(serviceId, { token: citizen.token, pick: 7 }),
    created('POST', '/applications', citizen.token, { serviceId: onlineServiceId }),
    uploadDocument(citizen.token),
    created('POST', '/admin/locations', admin, {
      name: 'Fuzz-Amt (Sicherheitstest)',
      address: { street: 'Teststraße 1', postalCode: '73728', city: 'Esslingen am Neckar' },
    }),
    created<'id' | 'clientId'>('POST', '/admin/api-clients', admin, {
      name: 'Fuzz-Client',
      scopes: ['tickets:write'],
    }),
    created('POST', '/admin/users', admin, {
      email: uniqueEmail('fuzz-staff'),
      givenName: 'Fritz',
      familyName: 'Prüfer',
      roles: ['clerk'],
    }),
    created('POST', '/admin/webhooks', admin, {
      url: 'https://fachverfahren.esslingen.example/hooks/fuzz',
      events: ['application.submitted'],
    }),
  ]);
  // hidden from residents at once: the fuzzer's location never shows up in the citizen app
  await created('PATCH', `/admin/locations/${location.id}`, admin, { active: false });
  const [counter, closure] = await Promise.all([
    created('POST', `/admin/locations/${location.id}/counters`, admin, { name: 'Fuzz 1' }),
    created('POST', `/admin/locations/${location.id}/closures`, admin, { date: day(30), reason: 'Fuzz' }),
  ]);
  const inbox = await call('GET', '/notifications', { token: citizen.token });
  const notificationId =
    (inbox.json as { items?: { id: string }[] } | undefined)?.items?.[0]?.id ??
    '0195a000-0000-7000-8000-00000000f022';
  return {
    serviceId,
    onlineServiceId,
    demoLocationId,
    appointmentId: appointment.id,
    applicationId: application.id,
    documentId,
    notificationId,
    locationId: location.id,
    counterId: counter.id,
    closureId: closure.id,
    staffId: staff.id,
    apiClientId: client.id,
    apiClientClientId: client.clientId,
    webhookId: webhook.id,
  };
}
