import { DEMO_SERVICE_IDS } from '@buergeramt/contracts';
import { v4 as uuidv4 } from 'uuid';
import { conditionalRequirements, shownFor } from '../src/catalogue/form-validator';
import { DEMO_FORMS } from '../src/seed/demo-forms';
import { SeedService } from '../src/seed/seed.service';
import { Harness, PARKAUSWEIS } from './support/harness';
import { defined } from '@buergeramt/testing';

interface Form {
  version: number;
  schema: Record<string, unknown>;
  ui: {
    sections: { fields: { name: string; showIf?: { field: string; equals?: unknown; in?: unknown[] } }[] }[];
  };
}

const PARK_DATA = {
  applicant: { givenName: 'Max', familyName: 'Muster', birthDate: '1975-01-31' },
  address: { street: 'Ritterstraße', houseNumber: '17', postalCode: '73728', city: 'Esslingen am Neckar' },
  zone: 'Innenstadt A',
  licencePlate: 'ES-AB 1234',
};

const uiFields = (form: Pick<Form, 'ui'>) => form.ui.sections.flatMap((s) => s.fields);

describe('demo forms: what the UI shows is what the schema requires (real Postgres and Redis)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.boot();
  });

  afterAll(async () => {
    await h?.close();
  });

  it.each(Object.entries(DEMO_FORMS))(
    'the %s form shows every conditionally required field for exactly the values that require it',
    (_slug, form) => {
      const fields = uiFields(form as unknown as Form);
      for (const need of conditionalRequirements(form.schema)) {
        const field = fields.find((f) => f.name === need.field);
        // the condition holds only once its field is filled in (else no showIf could show the field)
        expect(need.whileEmpty).toBe(false);
        expect(field?.showIf?.field).toBe(need.when);
        expect(new Set(shownFor(field!.showIf!))).toEqual(new Set(need.values));
      }
    },
  );

  it('Bewohnerparkausweis: holderName is shown and required for the holders "company" and "other"', async () => {
    const form = (await h.inject(`/services/bewohnerparkausweis/form`)).json<Form>();
    const holderName = uiFields(form).find((f) => f.name === 'holderName');
    expect(holderName?.showIf).toEqual({ field: 'vehicleHolder', in: ['company', 'other'] });
    expect(form.schema).toMatchObject({
      if: { properties: { vehicleHolder: { enum: ['company', 'other'] } } },
      then: { required: ['holderName'] },
    });
  });

  it.each(['other', 'company'])(
    'a submission with holder "%s" and the name filled in passes; without the name it names the field',
    async (vehicleHolder) => {
      const citizen = h.citizen();
      const id = (await h.as(citizen.token, 'POST', '/applications', { serviceId: PARKAUSWEIS })).json<{
        id: string;
      }>().id;
      const doc = await h.cleanDocument(citizen.id);
      await h.drain();
      await h.as(citizen.token, 'PATCH', `/applications/${id}`, {
        data: { ...PARK_DATA, vehicleHolder },
        documentIds: [doc],
      });
      const missing = await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
      expect(missing.statusCode).toBe(422);
      expect(missing.json()).toMatchObject({ errors: [{ field: 'holderName' }] });
      await h.as(citizen.token, 'PATCH', `/applications/${id}`, {
        data: { ...PARK_DATA, vehicleHolder, holderName: 'Erika Mustermann' },
      });
      const ok = await h.as(citizen.token, 'POST', `/applications/${id}/submit`);
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({
        status: 'submitted',
        data: { vehicleHolder, holderName: 'Erika Mustermann' },
      });
    },
  );

  it('the seed publishes a fixed demo form as a new version once; drafts keep theirs; an admin version stays', async () => {
    const seed = h.get(SeedService);
    // a restart with unchanged definitions publishes nothing
    expect(await seed.seed()).toEqual({ services: 0, forms: 0 });

    // an installation seeded before the fix: its newest version is the seed's old definition
    const fixed = DEMO_FORMS.bewohnerparkausweis!;
    const oldUi = {
      ...fixed.ui,
      sections: (fixed.ui as Form['ui']).sections.map((section) => ({
        ...section,
        fields: section.fields.map((f) =>
          f.name === 'holderName' ? { ...f, showIf: { field: 'vehicleHolder', equals: 'company' } } : f,
        ),
      })),
    };
    const [latest] = await h.query<{ version: number }>(
      `SELECT max(version)::int AS version FROM forms WHERE service_id = $1`,
      [PARKAUSWEIS],
    );
    const before = defined(latest, 'the latest version').version;
    await h.query(
      `INSERT INTO forms (id, service_id, version, schema, ui, created_by) VALUES ($1, $2, $3, $4, $5, NULL)`,
      [uuidv4(), PARKAUSWEIS, before + 1, JSON.stringify(fixed.schema), JSON.stringify(oldUi)],
    );
    const citizen = h.citizen();
    const draft = await h.as(citizen.token, 'POST', '/applications', { serviceId: PARKAUSWEIS });
    expect(draft.json()).toMatchObject({ formVersion: before + 1 });

    expect(await seed.seed()).toEqual({ services: 0, forms: 1 });
    expect(await seed.seed()).toEqual({ services: 0, forms: 0 });
    const current = (await h.inject(`/services/${PARKAUSWEIS}/form`)).json<Form>();
    expect(current.version).toBe(before + 2);
    expect(uiFields(current).find((f) => f.name === 'holderName')?.showIf).toEqual({
      field: 'vehicleHolder',
      in: ['company', 'other'],
    });
    const draftId = draft.json<{ id: string }>().id;
    expect((await h.as(citizen.token, 'GET', `/applications/${draftId}`)).json()).toMatchObject({
      formVersion: before + 1,
    });
    expect(
      (await h.as(h.citizen().token, 'POST', '/applications', { serviceId: PARKAUSWEIS })).json(),
    ).toMatchObject({ formVersion: before + 2 });

    // a version an admin published is the city's own: the seed leaves it alone
    const admin = h.staff('admin').token;
    const own = await h.as(admin, 'POST', `/admin/services/${DEMO_SERVICE_IDS.meldebescheinigung}/forms`, {
      schema: DEMO_FORMS.meldebescheinigung!.schema,
      ui: { sections: [(DEMO_FORMS.meldebescheinigung!.ui as Form['ui']).sections[0]] },
    });
    expect(own.statusCode).toBe(201);
    expect(await seed.seed()).toEqual({ services: 0, forms: 0 });
  });
});
