import { DEMO_SERVICE_IDS } from '@buergeramt/contracts';
import { bulkyWasteService, ITEMS_FORM } from './support/fixtures';
import { Harness, MELDEBESCHEINIGUNG } from './support/harness';
import { defined } from '@buergeramt/testing';

interface Summary {
  id: string;
  slug: string;
  name: string;
  fee: { amount: number | null; text: string };
  requiredDocuments: string[];
}

const NEW_SERVICE = bulkyWasteService('sperrmuell', ['Möbel']);

const FORM = ITEMS_FORM;

describe('catalogue and forms (real Postgres and Redis)', () => {
  let h: Harness;
  let admin: string;

  beforeAll(async () => {
    h = await Harness.boot();
    admin = h.staff('admin').token;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('seeds the 14 demo services under their fixed ids and announces each through the outbox', async () => {
    const rows = await h.query<{ id: string; demo: boolean }>(`SELECT id, demo FROM services`);
    expect(rows.map((r) => r.id).sort()).toEqual(Object.values(DEMO_SERVICE_IDS).sort());
    expect(rows.every((r) => r.demo)).toBe(true);
    const events = await h.outbox('catalogue.service-changed');
    expect(new Set(events.map((e) => e.data.serviceId))).toEqual(new Set(Object.values(DEMO_SERVICE_IDS)));
  });

  it('GET /services lists with paging, fee and required documents, in the language asked for', async () => {
    const first = await h.inject('/services?limit=5');
    expect(first.statusCode).toBe(200);
    const page = first.json<{ items: Summary[]; nextCursor: string | null }>();
    expect(page.items).toHaveLength(5);
    expect(page.nextCursor).toEqual(expect.any(String));
    const rest = await h.inject(`/services?limit=100&cursor=${page.nextCursor}`);
    const all = [...page.items, ...rest.json<{ items: Summary[] }>().items];
    expect(new Set(all.map((s) => s.id)).size).toBe(Object.keys(DEMO_SERVICE_IDS).length);
    expect(rest.json<{ nextCursor: string | null }>().nextCursor).toBeNull();
    const en = await h.inject({ url: '/services?q=passport', headers: { 'accept-language': 'en' } });
    expect(en.json<{ items: Summary[] }>().items[0]).toMatchObject({
      slug: 'reisepass',
      name: 'Apply for a passport',
      fee: { amount: 70 },
    });
    expect((await h.inject('/services?limit=101')).statusCode).toBe(422);
    expect((await h.inject('/services?cursor=bogus')).json()).toMatchObject({
      errors: [{ field: 'cursor' }],
    });
  });

  it.each([
    ['Perso', 'personalausweis'],
    ['perso', 'personalausweis'],
    ['Reisepässe', 'reisepass'],
    ['Ummeldung', 'wohnsitz-anmelden'],
    ['Hundesteuer', 'hundesteuer-anmeldung'],
    ['Anwohnerparken', 'bewohnerparkausweis'],
    ['ausweis', 'personalausweis'],
    ['Meldebescheinigung', 'meldebescheinigung'],
  ])('search "%s" ranks %s first', async (q, slug) => {
    const res = await h.inject(`/services?q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ items: Summary[] }>().items[0]?.slug).toBe(slug);
  });

  it('search finds nothing for nonsense', async () => {
    expect((await h.inject('/services?q=xylophonkonzert')).json()).toEqual({
      items: [],
      nextCursor: null,
      didYouMean: null,
    });
  });

  it.each([
    ['Personalausweis', 'personalausweis', null],
    ['Perso', 'personalausweis', null],
    ['ummelden', 'wohnsitz-anmelden', null],
    ['Führungszeugnis', 'fuehrungszeugnis', null],
    ['Persoausweis', 'personalausweis', 'Personalausweis'],
    ['Personalauswies', 'personalausweis', 'Personalausweis'],
    ['Persoausweis verloren', 'personalausweis', 'Personalausweis'],
    ['Fuehrungszeugnis', 'fuehrungszeugnis', 'Führungszeugnis'],
    ['Hundesteur', 'hundesteuer-anmeldung', 'Hundesteuer'],
    ['Gewerbe anmeldn', 'gewerbeanmeldung', 'Gewerbe anmelden'],
  ])('search "%s" finds %s first, didYouMean %s', async (q, slug, didYouMean) => {
    const res = await h.inject(`/services?q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
    const page = res.json<{ items: Summary[]; didYouMean: string | null }>();
    expect(page.items[0]?.slug).toBe(slug);
    expect(page.didYouMean).toBe(didYouMean);
  });

  it('suggests in the language asked for, and pages through close matches like any other result', async () => {
    const en = await h.inject({ url: '/services?q=pasport', headers: { 'accept-language': 'en' } });
    const enPage = en.json<{ items: Summary[]; didYouMean: string }>();
    expect(enPage.items[0]).toMatchObject({ slug: 'reisepass', name: 'Apply for a passport' });
    expect(enPage.didYouMean).toBe('passport');
    // closest to the German name: in English, the English name is suggested
    const de = (await h.inject('/services?q=Bewohnerparkausweiss')).json<{
      items: Summary[];
      didYouMean: string;
    }>();
    expect([de.items[0]?.slug, de.didYouMean]).toEqual(['bewohnerparkausweis', 'Bewohnerparkausweis']);
    const inEnglish = (
      await h.inject({ url: '/services?q=Bewohnerparkausweiss', headers: { 'accept-language': 'en' } })
    ).json<{ items: Summary[]; didYouMean: string }>();
    expect([inEnglish.items[0]?.slug, inEnglish.didYouMean]).toEqual([
      'bewohnerparkausweis',
      "Residents' parking permit",
    ]);
    const all = (await h.inject('/services?q=Persoausweis&limit=100')).json<{ items: Summary[] }>().items;
    expect(all.length).toBeGreaterThan(1);
    const first = (await h.inject('/services?q=Persoausweis&limit=1')).json<{
      items: Summary[];
      nextCursor: string;
      didYouMean: string;
    }>();
    expect(first).toMatchObject({ items: [{ slug: 'personalausweis' }], didYouMean: 'Personalausweis' });
    const second = (
      await h.inject(`/services?q=Persoausweis&limit=1&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json<{ items: Summary[] }>();
    expect(second.items.map((s) => s.slug)).toEqual([all[1]?.slug]);
    // a page past the direct matches is empty, not the close matches of a word that was found
    const offset5 = (await h.inject('/services?limit=5')).json<{ nextCursor: string }>().nextCursor;
    expect(
      (await h.inject(`/services?q=Personalausweis&cursor=${encodeURIComponent(offset5)}`)).json(),
    ).toEqual({ items: [], nextCursor: null, didYouMean: null });
  });

  it('suggests nothing far-fetched: xyzzy finds nothing', async () => {
    expect((await h.inject('/services?q=xyzzy')).json()).toEqual({
      items: [],
      nextCursor: null,
      didYouMean: null,
    });
  });

  it('finds the driving licence exchange however residents write it', async () => {
    for (const q of ['Führerschein', 'Fuehrerschein', 'führerschein umtauschen', 'Pflichtumtausch']) {
      const found = (await h.inject(`/services?q=${encodeURIComponent(q)}`)).json<{ items: Summary[] }>();
      expect({ q, first: found.items[0]?.slug }).toEqual({ q, first: 'fuehrerschein-umtausch' });
    }
    // and with a typo, by its similarity
    const typo = (await h.inject('/services?q=F%C3%BChrershein')).json<{ items: Summary[] }>();
    expect(typo.items[0]?.slug).toBe('fuehrerschein-umtausch');
  });

  it('GET /services/{idOrSlug} by slug and by id, 404 for unknown', async () => {
    const bySlug = await h.inject('/services/meldebescheinigung');
    expect(bySlug.statusCode).toBe(200);
    expect(bySlug.json()).toMatchObject({
      id: MELDEBESCHEINIGUNG,
      processingDays: 3,
      onlineApplication: true,
      hasForm: true,
      locations: [],
      typicalProcessingDays: null,
      description: expect.stringContaining('Meldebescheinigung') as string,
    });
    const byId = await h.inject(`/services/${MELDEBESCHEINIGUNG}`);
    expect(byId.json<{ slug: string }>().slug).toBe('meldebescheinigung');
    expect((await h.inject('/services/gibt-es-nicht')).statusCode).toBe(404);
  });

  it('GET /services/{idOrSlug}/form gives schema 2020-12 and ui; 404 no-form without one', async () => {
    const form = await h.inject('/services/bewohnerparkausweis/form');
    expect(form.statusCode).toBe(200);
    expect(form.json()).toMatchObject({
      version: 1,
      schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' },
      ui: { sections: expect.any(Array) as unknown },
    });
    const none = await h.inject('/services/personalausweis/form');
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ type: 'no-form' });
  });

  it('lets browsers and proxies keep the public reads (ETag, public max-age, Vary, 304)', async () => {
    for (const [url, vary] of [
      ['/services?limit=5', 'Accept-Language'],
      ['/services/meldebescheinigung', 'Accept-Language'],
      ['/services/bewohnerparkausweis/form', undefined],
    ] as const) {
      const first = await h.inject(url);
      expect([url, first.statusCode, first.headers['cache-control'], first.headers.vary]).toEqual([
        url,
        200,
        'public, max-age=60',
        vary,
      ]);
      const etag = first.headers.etag as string;
      const again = await h.inject({ url, headers: { 'if-none-match': etag } });
      expect([url, again.statusCode, again.body]).toEqual([url, 304, '']);
      const english = await h.inject({ url, headers: { 'accept-language': 'en', 'if-none-match': etag } });
      expect([url, english.statusCode]).toEqual([url, vary ? 200 : 304]);
    }
    // GET /transparency says when it was computed (generatedAt), so each answer has a new ETag
    const transparency = await h.inject('/transparency');
    expect(transparency.headers['cache-control']).toBe('public, max-age=60');
    expect(transparency.headers.vary).toBe('Accept-Language');
    expect(transparency.headers.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
  });

  it('admin creates and edits services; each change is announced; 409 slug-taken; 422 per field', async () => {
    const created = await h.as(admin, 'POST', '/admin/services', NEW_SERVICE);
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    expect((await h.inject('/services?q=Möbel')).json<{ items: Summary[] }>().items[0]?.id).toBe(id);
    // its names and synonyms are terms of the typo-tolerant search at once
    expect((await h.inject('/services?q=Sperrmuel')).json()).toMatchObject({
      items: [{ id }],
      didYouMean: 'Sperrmüll',
    });
    const patched = await h.as(admin, 'PATCH', `/admin/services/${id}`, { processingDays: 7, active: false });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ processingDays: 7, active: false });
    expect((await h.inject(`/services/${id}`)).statusCode).toBe(404);
    const events = await h.outbox('catalogue.service-changed', id);
    expect(events.map((e) => e.data.active)).toEqual([true, false]);
    expect((await h.as(admin, 'POST', '/admin/services', NEW_SERVICE)).json()).toMatchObject({
      status: 409,
      type: 'slug-taken',
    });
    const invalid = await h.as(admin, 'POST', '/admin/services', {
      ...NEW_SERVICE,
      slug: 'Bad Slug',
      processingDays: -1,
    });
    expect(invalid.statusCode).toBe(422);
    expect(
      invalid
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['processingDays', 'slug']);
    // texts that are missing altogether are refused by the validation, not by the database (500)
    const { name: _name, feeText: _feeText, ...withoutTexts } = NEW_SERVICE;
    const missing = await h.as(admin, 'POST', '/admin/services', {
      ...withoutTexts,
      slug: 'ohne-texte',
      requiredDocuments: [{ uploadForOnline: true }],
    });
    expect(missing.statusCode).toBe(422);
    expect(
      missing
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['feeText', 'name', 'requiredDocuments[0].name']);
    const audit = await h.query(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY at`, [id]);
    expect(audit).toEqual([{ action: 'service.created' }, { action: 'service.updated' }]);
  });

  it('keeps the cost model of the digitalisation check per service: set, checked per field, cleared', async () => {
    const created = await h.as(admin, 'POST', '/admin/services', { ...NEW_SERVICE, slug: 'kosten-test' });
    expect(created.json()).toMatchObject({ costModel: null });
    const id = created.json<{ id: string }>().id;
    const costModel = {
      counterStaffMinutes: 15,
      onlineStaffMinutes: 6,
      counterResidentMinutes: 75,
      onlineResidentMinutes: 15,
      staffHourlyRate: 58.5,
    };
    const set = await h.as(admin, 'PATCH', `/admin/services/${id}`, {
      costModel,
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ costModel });
    expect((await h.as(admin, 'GET', `/admin/services/${id}`)).json()).toMatchObject({ costModel });
    const [stored] = await h.query<{ cost_model: unknown }>('SELECT cost_model FROM services WHERE id = $1', [
      id,
    ]);
    expect(stored?.cost_model).toEqual(costModel);
    const invalid = await h.as(admin, 'PATCH', `/admin/services/${id}`, {
      costModel: {
        ...costModel,
        onlineStaffMinutes: -1,
        staffHourlyRate: 12.345,
        counterResidentMinutes: undefined,
      },
    });
    expect(invalid.statusCode).toBe(422);
    expect(
      invalid
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual([
      'costModel.counterResidentMinutes',
      'costModel.onlineStaffMinutes',
      'costModel.staffHourlyRate',
    ]);
    expect((await h.as(admin, 'GET', `/admin/services/${id}`)).json()).toMatchObject({ costModel });
    const cleared = await h.as(admin, 'PATCH', `/admin/services/${id}`, { costModel: null });
    expect(cleared.json()).toMatchObject({ costModel: null });
    // the demo services residents apply for online carry illustrative values
    const demo = await h.as(admin, 'GET', `/admin/services/${DEMO_SERVICE_IDS.meldebescheinigung}`);
    expect(demo.json<{ costModel: { staffHourlyRate: number } }>().costModel.staffHourlyRate).toBe(58);
  });

  it('admin routes: 401 without a token, 403 for a clerk and for a machine client', async () => {
    expect((await h.as(null, 'POST', '/admin/services', NEW_SERVICE)).statusCode).toBe(401);
    expect(
      (await h.as(h.staff('clerk').token, 'PATCH', `/admin/services/${MELDEBESCHEINIGUNG}`, {})).statusCode,
    ).toBe(403);
    expect(
      (
        await h.as(
          h.client(['applications:write']),
          'POST',
          `/admin/services/${MELDEBESCHEINIGUNG}/forms`,
          FORM,
        )
      ).statusCode,
    ).toBe(403);
  });

  it('publishes form versions immutably; a draft keeps the version it started with', async () => {
    const citizen = h.citizen();
    const created = await h.as(admin, 'POST', '/admin/services', { ...NEW_SERVICE, slug: 'sperrmuell-2' });
    const serviceId = created.json<{ id: string }>().id;
    const v1 = await h.as(admin, 'POST', `/admin/services/${serviceId}/forms`, FORM);
    expect(v1.statusCode).toBe(201);
    expect(v1.json()).toMatchObject({ version: 1 });
    const draft = await h.as(citizen.token, 'POST', '/applications', { serviceId });
    expect(draft.json()).toMatchObject({ formVersion: 1, status: 'draft', data: {}, documentIds: [] });

    const v2Schema = {
      ...FORM.schema,
      required: ['items', 'date'],
      properties: { ...FORM.schema.properties, date: { type: 'string', format: 'date' } },
    };
    const v2 = await h.as(admin, 'POST', `/admin/services/${serviceId}/forms`, {
      schema: v2Schema,
      ui: FORM.ui,
    });
    expect(v2.json()).toMatchObject({ version: 2 });
    expect((await h.inject(`/services/${serviceId}/form`)).json()).toMatchObject({ version: 2 });
    // the app renders a draft with its own version
    const first = await h.inject(`/services/${serviceId}/form?version=1`);
    expect(first.json()).toMatchObject({ version: 1, schema: { required: FORM.schema.required } });
    expect((await h.inject(`/services/${serviceId}/form?version=3`)).json()).toMatchObject({
      type: 'no-form',
    });
    expect((await h.inject(`/services/${serviceId}/form?version=0`)).statusCode).toBe(422);

    // the draft started on version 1 is validated against version 1 (no `date` needed)
    const id = draft.json<{ id: string }>().id;
    await h.as(citizen.token, 'PATCH', `/applications/${id}`, { data: { items: 'Sofa, Schrank' } });
    const submitted = await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ formVersion: 1, status: 'submitted' });

    // published versions cannot be changed, not even by SQL
    await expect(
      h.query(`UPDATE forms SET ui = '{}'::jsonb WHERE service_id = $1`, [serviceId]),
    ).rejects.toThrow(/immutable/);
  });

  it('lists every service and every form version for the configuration; supervisors read, only admins change', async () => {
    const created = await h.as(admin, 'POST', '/admin/services', { ...NEW_SERVICE, slug: 'sperrmuell-list' });
    const serviceId = created.json<{ id: string }>().id;
    await h.as(admin, 'PATCH', `/admin/services/${serviceId}`, { active: false });
    await h.as(admin, 'POST', `/admin/services/${serviceId}/forms`, FORM);
    await h.as(admin, 'POST', `/admin/services/${serviceId}/forms`, FORM);
    const supervisor = h.staff('supervisor').token;

    const list = await h.as(supervisor, 'GET', '/admin/services');
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: { id: string; name: { de: string }; active: boolean }[] }>().items;
    // withdrawn services too (the public list leaves them out), ordered by German name
    expect(items.find((i) => i.id === serviceId)).toMatchObject({ active: false, name: NEW_SERVICE.name });
    const names = items.map((i) => i.name.de);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(items.length).toBeGreaterThanOrEqual(15);

    const forms = await h.as(supervisor, 'GET', `/admin/services/${serviceId}/forms`);
    expect(forms.statusCode).toBe(200);
    expect(forms.json<{ items: { version: number }[] }>().items.map((f) => f.version)).toEqual([2, 1]);
    const newest = { serviceId, schema: FORM.schema, ui: FORM.ui };
    expect(forms.json()).toMatchObject({ items: [newest, newest], nextCursor: null });
    expect((await h.as(supervisor, 'GET', `/admin/services/${serviceId}`)).statusCode).toBe(200);
    expect(
      (await h.as(admin, 'GET', `/admin/services/01939f4e-0000-7000-8000-000000000000/forms`)).statusCode,
    ).toBe(404);

    // reading is not changing
    expect(
      (await h.as(supervisor, 'PATCH', `/admin/services/${serviceId}`, { active: true })).statusCode,
    ).toBe(403);
    expect((await h.as(supervisor, 'POST', `/admin/services/${serviceId}/forms`, FORM)).statusCode).toBe(403);
    expect((await h.as(h.staff('clerk').token, 'GET', '/admin/services')).statusCode).toBe(403);
    expect((await h.as(null, 'GET', '/admin/services')).statusCode).toBe(401);
  });

  it('refuses an invalid form definition with field errors', async () => {
    const res = await h.as(admin, 'POST', `/admin/services/${MELDEBESCHEINIGUNG}/forms`, {
      schema: { type: 'object', properties: { a: { type: 'string' } } },
      ui: {
        sections: [
          { id: 'x', title: { de: 'X', en: 'X' }, fields: [{ name: 'b', label: { de: 'B', en: 'B' } }] },
        ],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ errors: [{ field: 'ui.sections[0].fields[0].name' }] });
    const broken = await h.as(admin, 'POST', `/admin/services/${MELDEBESCHEINIGUNG}/forms`, {
      schema: { type: 'object', properties: { a: { type: 'nonsense' } } },
      ui: FORM.ui,
    });
    expect(broken.statusCode).toBe(422);
  });

  it('publishes option labels for the values of an enum and refuses a label for another value', async () => {
    const schema = {
      ...FORM.schema,
      properties: { ...FORM.schema.properties, size: { enum: ['small', 'large'] } },
    };
    const section = defined(FORM.ui.sections[0], 'the form section');
    const ui = (options: Record<string, { de: string; en: string }>) => ({
      sections: [
        {
          ...section,
          fields: [...section.fields, { name: 'size', label: { de: 'Größe', en: 'Size' }, options }],
        },
      ],
    });
    const created = await h.as(admin, 'POST', '/admin/services', { ...NEW_SERVICE, slug: 'sperrmuell-3' });
    const serviceId = created.json<{ id: string }>().id;
    const wrong = await h.as(admin, 'POST', `/admin/services/${serviceId}/forms`, {
      schema,
      ui: ui({ small: { de: 'Klein', en: 'Small' }, huge: { de: 'Riesig', en: 'Huge' } }),
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({
      errors: [{ field: 'ui.sections[0].fields[1].options', message: expect.stringContaining('"huge"') }],
    });
    const labelled = { small: { de: 'Klein', en: 'Small' }, large: { de: 'Groß', en: 'Large' } };
    const ok = await h.as(admin, 'POST', `/admin/services/${serviceId}/forms`, { schema, ui: ui(labelled) });
    expect(ok.statusCode).toBe(201);
    const form = (await h.inject(`/services/${serviceId}/form`)).json<{ ui: ReturnType<typeof ui> }>();
    expect(form.ui.sections[0]?.fields[1]).toMatchObject({ name: 'size', options: labelled });
  });
});
