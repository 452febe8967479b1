import { defined } from '@buergeramt/testing';
import {
  type Answer,
  book,
  call,
  type Citizen,
  DEMO,
  eventually,
  expectStatus,
  guestBooking,
  login,
  newCitizen,
  newClient,
  newStaff,
  problemIssues,
  services,
  submitOnceScanned,
  uniqueEmail,
  uploadDocument,
} from './support';

/**
 * Who may do what, cell by cell: representative operations on each kind of resource (rows) against every
 * kind of caller (columns), each cell the status API.md and the services' access rules give:
 * another citizen's resource is 404 (never 403), no credentials 401, logged in without the role or scope
 * 403, a clerk of another location 403 `location-not-assigned` (appointments and the office are per
 * location; cases and documents are not). Every 4xx is problem+json.
 *
 * Columns: the citizen who owns the row's resource; another citizen; a guest holding the manage token
 * of a guest booking (as `?token=` where a route takes one, elsewhere as a bearer token, which it is
 * not); no credentials; a clerk of the location; a clerk of another location; the demo supervisor and
 * admin (all locations); a machine client with every scope (appointments:read, applications:read,
 * applications:write, tickets:write; registered as the location's kiosk) and one with only
 * catalogue:read. The suite creates its own location (open around the clock, offering one service the
 * browser journeys do not book), staff, clients, citizens, bookings, applications and documents.
 */
const COLUMNS = [
  'owner',
  'other citizen',
  'guest with token',
  'no credentials',
  'clerk here',
  'clerk elsewhere',
  'supervisor',
  'admin',
  'client with scope',
  'client without scope',
] as const;
type Column = (typeof COLUMNS)[number];
/** An expected status, several that all mean the same for access, or null: the cell does not apply. */
type Cell = number | number[] | null;

interface Target {
  path: string;
  /** the manage token a guest sends (`?token=`) */
  guestToken?: string;
}

interface Row {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  target: () => Target;
  body?: () => unknown;
  /** the expected status of each column, in the order of COLUMNS */
  cells: Cell[];
  /** the request changes its resource: each cell expected to succeed acts on one of its own */
  fresh?: (column: Column) => Promise<Target>;
  /** the cells run one after another (they change shared state, e.g. the queue) */
  sequential?: boolean;
}

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('the access matrix: every kind of caller against every kind of resource', () => {
  const tokens = {} as Record<Column, string | undefined>;
  let admin: string;
  let owner: Citizen;
  /** the suite's own location, its counter, and the service it offers */
  let L: string;
  let C: string;
  let S: string;
  let onlineServiceId: string;
  let appointment: { id: string; start: string };
  let guest: { id: string; token: string };
  let submitted: string;
  let draft: string;
  let looseDocument: string;
  let attachedDocument: string;
  let notification: string;
  let kioskElsewhere: string;

  const bookHere = (token?: string, pick = 0) =>
    book(S, {
      token,
      locationId: L,
      pick,
      contact: token ? undefined : { name: 'Gustav Gast', email: uniqueEmail('gast') },
    });

  /** A citizen's Meldebescheinigung, submitted (with `documentIds` attached): its id. */
  async function submittedApplication(citizen: Citizen, documentIds: string[] = []): Promise<string> {
    const created = await call('POST', '/applications', {
      token: citizen.token,
      body: { serviceId: onlineServiceId },
    });
    expectStatus(created, 201, 'POST /applications');
    const id = (created.json as { id: string }).id;
    const data = {
      applicant: { givenName: 'Erika', familyName: 'Prüfung', birthDate: '1980-04-01' },
      kind: 'einfach',
      purpose: 'Vorlage beim Arbeitgeber',
    };
    // the applications service learns of an uploaded document through an event: a moment later
    await eventually('the draft takes the documents', async () => {
      const res = await call('PATCH', `/applications/${id}`, {
        token: citizen.token,
        body: { data, documentIds },
      });
      if (res.status === 200) return true;
      if (res.status !== 422 || documentIds.length === 0) expectStatus(res, 200, 'PATCH /applications/{id}');
      return undefined;
    });
    expectStatus(await submitOnceScanned(citizen.token, id), 200, 'submit');
    return id;
  }

  beforeAll(async () => {
    [admin, tokens.supervisor] = await Promise.all([login(DEMO.admin), login(DEMO.supervisor)]);
    tokens.admin = admin;
    const catalogue = await services();
    S = (catalogue.find((s) => s.slug === 'fischereischein') ?? catalogue.find((s) => s.appointmentRequired)!)
      .id;
    onlineServiceId = catalogue.find((s) => s.slug === 'meldebescheinigung')!.id;
    const demoLocation = defined(
      ((await call('GET', '/locations')).json as { items: { id: string }[] }).items[0],
      'a demo location',
    ).id;

    // a location of the suite's own, open around the clock every day, offering S
    const created = await call('POST', '/admin/locations', {
      token: admin,
      body: {
        name: 'Sicherheitstest-Amt',
        address: { street: 'Prüfweg 1', postalCode: '73728', city: 'Esslingen am Neckar' },
      },
    });
    expectStatus(created, 201, 'POST /admin/locations');
    L = (created.json as { id: string }).id;
    const counter = await call('POST', `/admin/locations/${L}/counters`, {
      token: admin,
      body: { name: 'Prüfschalter' },
    });
    expectStatus(counter, 201, 'POST counters');
    C = (counter.json as { id: string }).id;
    const ranges = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' }));
    expectStatus(
      await call('PUT', `/admin/locations/${L}/opening-hours`, { token: admin, body: { ranges } }),
      200,
      'hours',
    );
    const offered = await call('PUT', `/admin/locations/${L}/services/${S}`, {
      token: admin,
      body: { durationMinutes: 15, maxFutureBookingsPerPerson: 50 },
    });
    expectStatus(offered, 200, 'PUT services');

    const [ownerCitizen, other, clerkHere, clerkElsewhere, client, clientNoScope, kiosk] = await Promise.all([
      newCitizen('matrix-eigen'),
      newCitizen('matrix-andere'),
      newStaff(admin, ['clerk'], [L]),
      newStaff(admin, ['clerk'], [demoLocation]),
      newClient(admin, ['appointments:read', 'applications:read', 'applications:write', 'tickets:write']),
      newClient(admin, ['catalogue:read']),
      newClient(admin, ['tickets:write']),
    ]);
    owner = ownerCitizen;
    Object.assign(tokens, {
      owner: owner.token,
      'other citizen': other.token,
      'clerk here': clerkHere.token,
      'clerk elsewhere': clerkElsewhere.token,
      'client with scope': client.token,
      'client without scope': clientNoScope.token,
    });
    kioskElsewhere = kiosk.token;
    const kioskHere = await call('PUT', `/admin/locations/${L}/kiosks/${client.clientId}`, {
      token: admin,
      body: { label: 'Eingang' },
    });
    expectStatus(kioskHere, 200, 'register the kiosk');
    const kioskThere = await call('PUT', `/admin/locations/${demoLocation}/kiosks/${kiosk.clientId}`, {
      token: admin,
      body: { label: 'Sicherheitstest' },
    });
    expectStatus(kioskThere, 200, 'register the other kiosk');

    const [booked, guestBooked, loose, attach] = await Promise.all([
      bookHere(owner.token, 3),
      guestBooking(S, 5, L),
      uploadDocument(owner.token, 'lose.png'),
      uploadDocument(owner.token, 'anlage.png'),
    ]);
    appointment = booked;
    guest = guestBooked;
    looseDocument = loose;
    attachedDocument = attach;
    submitted = await submittedApplication(owner, [attachedDocument]);
    const drafted = await call('POST', '/applications', {
      token: owner.token,
      body: { serviceId: onlineServiceId },
    });
    expectStatus(drafted, 201, 'POST /applications');
    draft = (drafted.json as { id: string }).id;
    // staff see the attached document once the documents service has heard of the submission
    await eventually('the attached document is visible to staff', async () =>
      (await call('GET', `/documents/${attachedDocument}`, { token: admin })).status === 200
        ? true
        : undefined,
    );
    notification = await eventually('an inbox entry for the owner', async () => {
      const inbox = await call('GET', '/notifications', { token: owner.token });
      return (inbox.json as { items: { id: string }[] }).items[0]?.id;
    });
  });

  afterAll(async () => {
    // hidden again from residents (the platform lives on for the other test files of this run)
    if (L) await call('PATCH', `/admin/locations/${L}`, { token: admin, body: { active: false } });
  });

  const offGrid = (): string => new Date(Date.parse(appointment.start) + 7 * 60_000).toISOString();

  //                       owner other  guest  anon  clerk  elsewh super  admin  client noscope
  const ROWS: Row[] = [
    // a citizen's appointment at the location
    {
      name: "GET /appointments/{id} (a citizen's booking)",
      method: 'GET',
      target: () => ({ path: `/appointments/${appointment.id}`, guestToken: guest.token }),
      cells: [200, 404, 404, 401, 200, 403, 200, 200, 200, 403],
    },
    {
      name: "GET /appointments/{id}/ics (a citizen's booking)",
      method: 'GET',
      target: () => ({ path: `/appointments/${appointment.id}/ics`, guestToken: guest.token }),
      cells: [200, 404, 404, 401, 200, 403, 200, 200, 200, 403],
    },
    {
      // a start off the slot grid: whoever may move it gets as far as 409 slot-unavailable
      name: "POST /appointments/{id}/reschedule (a citizen's booking)",
      method: 'POST',
      target: () => ({ path: `/appointments/${appointment.id}/reschedule`, guestToken: guest.token }),
      body: () => ({ start: offGrid() }),
      cells: [409, 404, 404, 401, 409, 403, 409, 409, 403, 403],
    },
    {
      name: "DELETE /appointments/{id} (a citizen's booking)",
      method: 'DELETE',
      target: () => ({ path: `/appointments/${appointment.id}`, guestToken: guest.token }),
      cells: [204, 404, 404, 401, 204, 403, 204, 204, 403, 403],
      fresh: async (column) => {
        const pick = 20 + COLUMNS.indexOf(column);
        return { path: `/appointments/${(await bookHere(owner.token, pick)).id}` };
      },
    },
    // a guest's appointment at the location (no citizen owns it)
    {
      name: "GET /appointments/{id} (a guest's booking)",
      method: 'GET',
      target: () => ({ path: `/appointments/${guest.id}`, guestToken: guest.token }),
      cells: [null, 404, 200, 401, 200, 403, 200, 200, 200, 403],
    },
    {
      name: "POST /appointments/{id}/reschedule (a guest's booking)",
      method: 'POST',
      target: () => ({ path: `/appointments/${guest.id}/reschedule`, guestToken: guest.token }),
      body: () => ({ start: offGrid() }),
      cells: [null, 404, 409, 401, 409, 403, 409, 409, 403, 403],
    },
    {
      name: "DELETE /appointments/{id} (a guest's booking)",
      method: 'DELETE',
      target: () => ({ path: `/appointments/${guest.id}` }),
      cells: [null, 404, 204, 401, 204, 403, 204, 204, 403, 403],
      fresh: async (column) => {
        const pick = 40 + COLUMNS.indexOf(column);
        if (column !== 'guest with token')
          return { path: `/appointments/${(await bookHere(undefined, pick)).id}` };
        const booked = await guestBooking(S, pick, L);
        return { path: `/appointments/${booked.id}`, guestToken: booked.token };
      },
    },
    {
      name: 'GET /appointments (own list)',
      method: 'GET',
      target: () => ({ path: '/appointments' }),
      cells: [200, 200, 401, 401, 403, 403, 403, 403, 403, 403],
    },
    // a citizen's application
    {
      name: 'GET /applications/{id} (submitted)',
      method: 'GET',
      target: () => ({ path: `/applications/${submitted}` }),
      cells: [200, 404, 401, 401, 200, 200, 200, 200, 200, 403],
    },
    {
      name: 'GET /applications/{id} (draft)',
      method: 'GET',
      target: () => ({ path: `/applications/${draft}` }),
      cells: [200, 404, 401, 401, 404, 404, 404, 404, 404, 403],
    },
    {
      name: 'GET /applications/{id}/timeline (submitted)',
      method: 'GET',
      target: () => ({ path: `/applications/${submitted}/timeline` }),
      cells: [200, 404, 401, 401, 200, 200, 200, 200, 403, 403],
    },
    {
      name: 'GET /applications/{id}/messages (submitted)',
      method: 'GET',
      target: () => ({ path: `/applications/${submitted}/messages` }),
      cells: [200, 404, 401, 401, 200, 200, 200, 200, 403, 403],
    },
    {
      name: 'POST /applications/{id}/withdraw (submitted)',
      method: 'POST',
      target: () => ({ path: `/applications/${submitted}/withdraw` }),
      cells: [200, 404, 401, 401, 403, 403, 403, 403, 403, 403],
      // the owner withdraws a draft of their own: the submitted case stays for the other rows
      fresh: async () => {
        const created = await call('POST', '/applications', {
          token: owner.token,
          body: { serviceId: onlineServiceId },
        });
        return { path: `/applications/${(created.json as { id: string }).id}/withdraw` };
      },
    },
    {
      name: 'DELETE /applications/{id} (draft)',
      method: 'DELETE',
      target: () => ({ path: `/applications/${draft}` }),
      cells: [204, 404, 401, 401, 404, 404, 404, 404, 403, 403],
      // the owner deletes a draft of their own: the shared draft stays for the other rows
      fresh: async () => {
        const created = await call('POST', '/applications', {
          token: owner.token,
          body: { serviceId: onlineServiceId },
        });
        return { path: `/applications/${(created.json as { id: string }).id}` };
      },
    },
    {
      name: 'POST /applications/{id}/review (submitted)',
      method: 'POST',
      target: () => ({ path: `/applications/${submitted}/review` }),
      cells: [403, 403, 401, 401, 200, 200, 200, 200, 200, 403],
      fresh: async () => ({ path: `/applications/${await submittedApplication(owner)}/review` }),
    },
    {
      name: 'GET /applications (own list or inbox)',
      method: 'GET',
      target: () => ({ path: '/applications' }),
      cells: [200, 200, 401, 401, 200, 200, 200, 200, 200, 403],
    },
    {
      // the back office's inbox (issue 17): staff only, whatever their location (cases have none)
      name: 'GET /applications/counts',
      method: 'GET',
      target: () => ({ path: '/applications/counts?status=open' }),
      cells: [403, 403, 401, 401, 200, 200, 200, 200, 403, 403],
    },
    {
      name: 'GET /applications/staff',
      method: 'GET',
      target: () => ({ path: '/applications/staff' }),
      cells: [403, 403, 401, 401, 200, 200, 200, 200, 403, 403],
    },
    {
      name: 'GET /applications/{id}/audit (submitted)',
      method: 'GET',
      target: () => ({ path: `/applications/${submitted}/audit` }),
      cells: [403, 403, 401, 401, 403, 403, 200, 200, 403, 403],
    },
    // a citizen's documents: one on its own, one attached to the submitted application
    {
      name: 'GET /documents/{id} (not attached to a case)',
      method: 'GET',
      target: () => ({ path: `/documents/${looseDocument}` }),
      cells: [200, 404, 401, 401, 404, 404, 404, 404, 404, 403],
    },
    {
      name: 'GET /documents/{id}/content (attached to a submitted case)',
      method: 'GET',
      target: () => ({ path: `/documents/${attachedDocument}/content` }),
      cells: [200, 404, 401, 401, 200, 200, 200, 200, 200, 403],
    },
    {
      // the owner reaches the rule that a document of an open case stays: 409 document-in-use
      name: 'DELETE /documents/{id} (attached to a submitted case)',
      method: 'DELETE',
      target: () => ({ path: `/documents/${attachedDocument}` }),
      cells: [409, 404, 401, 401, 403, 403, 403, 403, 403, 403],
    },
    {
      name: 'GET /documents (own list)',
      method: 'GET',
      target: () => ({ path: '/documents' }),
      cells: [200, 200, 401, 401, 200, 200, 200, 200, 403, 403],
    },
    // a citizen's inbox entry
    {
      name: 'POST /notifications/{id}/read',
      method: 'POST',
      target: () => ({ path: `/notifications/${notification}/read` }),
      cells: [204, 404, 401, 401, 404, 404, 404, 404, 403, 403],
    },
    {
      name: 'GET /notifications (own inbox)',
      method: 'GET',
      target: () => ({ path: '/notifications' }),
      cells: [200, 200, 401, 401, 200, 200, 200, 200, 403, 403],
    },
    // administration and statistics
    {
      // supervisors read the configuration (issue 17), admins change it
      name: 'GET /admin/users',
      method: 'GET',
      target: () => ({ path: '/admin/users' }),
      cells: [403, 403, 401, 401, 403, 403, 200, 200, 403, 403],
    },
    {
      // the role is checked before the account: an unknown id is 404 for admins only
      name: 'POST /admin/users/{id}/mfa/reset (unknown account)',
      method: 'POST',
      target: () => ({ path: '/admin/users/01939f4e-0000-7000-8000-000000000000/mfa/reset' }),
      cells: [403, 403, 401, 401, 403, 403, 403, 404, 403, 403],
    },
    {
      // the role is checked before the body: nobody learns the rules of a form they may not send
      name: 'POST /admin/users (empty body)',
      method: 'POST',
      target: () => ({ path: '/admin/users' }),
      body: () => ({}),
      cells: [403, 403, 401, 401, 403, 403, 403, 422, 403, 403],
    },
    {
      name: 'GET /admin/api-clients',
      method: 'GET',
      target: () => ({ path: '/admin/api-clients' }),
      cells: [403, 403, 401, 401, 403, 403, 403, 200, 403, 403],
    },
    {
      name: 'GET /admin/locations/{id}',
      method: 'GET',
      target: () => ({ path: `/admin/locations/${L}` }),
      cells: [403, 403, 401, 401, 403, 403, 200, 200, 403, 403],
    },
    {
      name: 'POST /admin/locations/{id}/closures/preview',
      method: 'POST',
      target: () => ({ path: `/admin/locations/${L}/closures/preview` }),
      body: () => ({ date: day(30) }),
      cells: [403, 403, 401, 401, 403, 403, 403, 200, 403, 403],
    },
    {
      name: 'GET /admin/services',
      method: 'GET',
      target: () => ({ path: '/admin/services' }),
      cells: [403, 403, 401, 401, 403, 403, 200, 200, 403, 403],
    },
    {
      name: 'GET /admin/webhooks',
      method: 'GET',
      target: () => ({ path: '/admin/webhooks' }),
      cells: [403, 403, 401, 401, 403, 403, 403, 200, 403, 403],
    },
    {
      name: 'POST /admin/webhooks/{id}/deliveries/{deliveryId}/redeliver (unknown delivery)',
      method: 'POST',
      target: () => ({
        path: '/admin/webhooks/01939f4e-0000-7000-8000-000000000000/deliveries/01939f4e-0000-7000-8000-000000000001/redeliver',
      }),
      cells: [403, 403, 401, 401, 403, 403, 403, 404, 403, 403],
    },
    {
      name: 'GET /admin/notifications/deliveries',
      method: 'GET',
      target: () => ({ path: '/admin/notifications/deliveries' }),
      cells: [403, 403, 401, 401, 403, 403, 403, 200, 403, 403],
    },
    {
      name: 'GET /stats/appointments',
      method: 'GET',
      target: () => ({ path: `/stats/appointments?from=${day(-7)}&to=${day(0)}` }),
      cells: [403, 403, 401, 401, 403, 403, 200, 200, 200, 403],
    },
    {
      name: 'GET /stats/appointments/check',
      method: 'GET',
      target: () => ({ path: `/stats/appointments/check?from=${day(-7)}&to=${day(0)}&granularity=week` }),
      cells: [403, 403, 401, 401, 403, 403, 200, 200, 200, 403],
    },
    {
      name: 'GET /stats/applications',
      method: 'GET',
      target: () => ({ path: `/stats/applications?from=${day(-7)}&to=${day(0)}` }),
      cells: [403, 403, 401, 401, 403, 403, 200, 200, 403, 403],
    },
    {
      name: 'GET /stats/digitalisation',
      method: 'GET',
      target: () => ({ path: `/stats/digitalisation?from=${day(-7)}&to=${day(0)}&granularity=week` }),
      cells: [403, 403, 401, 401, 403, 403, 200, 200, 403, 403],
    },
    // the office: agenda, walk-in tickets (staff or the location's kiosk), calling, the public queue
    {
      name: 'GET /locations/{id}/agenda',
      method: 'GET',
      target: () => ({ path: `/locations/${L}/agenda` }),
      cells: [403, 403, 401, 401, 200, 403, 200, 200, 200, 403],
    },
    {
      // where staff choose their counter (the back office); people only, no machine client
      name: 'GET /locations/{id}/counters',
      method: 'GET',
      target: () => ({ path: `/locations/${L}/counters` }),
      cells: [403, 403, 401, 401, 200, 403, 200, 200, 403, 403],
    },
    {
      // 409 (location-closed) for whoever may draw one, on a public holiday the office is closed
      name: 'POST /tickets (walk-in at the location)',
      method: 'POST',
      target: () => ({ path: '/tickets' }),
      body: () => ({ locationId: L, serviceId: S }),
      cells: [403, 403, 401, 401, [201, 409], 403, [201, 409], [201, 409], [201, 409], 403],
    },
    {
      // 200 with the ticket called, or 204 when nobody waits
      name: 'POST /locations/{id}/counters/{counterId}/call-next',
      method: 'POST',
      target: () => ({ path: `/locations/${L}/counters/${C}/call-next` }),
      cells: [403, 403, 401, 401, [200, 204], 403, [200, 204], [200, 204], 403, 403],
      sequential: true,
    },
    {
      name: 'GET /locations/{id}/queue (public)',
      method: 'GET',
      target: () => ({ path: `/locations/${L}/queue` }),
      // a guest's manage token sent as a bearer token is an invalid token: 401 even on a public route
      cells: [200, 200, 401, 200, 200, 200, 200, 200, 200, 200],
    },
  ];

  /** One cell: the column's credentials against the row's (or the cell's own) resource. */
  async function run(row: Row, column: Column, target: Target): Promise<Answer> {
    let path = target.path;
    let token = tokens[column];
    const headers: Record<string, string> = {};
    if (column === 'guest with token') {
      token = undefined;
      // where the route takes a manage token it is sent as `?token=`, elsewhere it is tried as a bearer
      if (target.guestToken) path += `${path.includes('?') ? '&' : '?'}token=${target.guestToken}`;
      else headers.authorization = `Bearer ${guest.token}`;
    }
    return call(row.method, path, { token, headers, body: row.body?.() });
  }

  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const answers = new Map<Column, Answer>();
    const cell = async (column: Column, index: number): Promise<void> => {
      const expected = row.cells[index];
      if (expected === null) return;
      const succeeds = [expected].flat().some((status) => status !== undefined && status < 300);
      const target = row.fresh && succeeds ? await row.fresh(column) : row.target();
      answers.set(column, await run(row, column, target));
    };
    if (row.sequential) for (const [i, column] of COLUMNS.entries()) await cell(column, i);
    else await Promise.all(COLUMNS.map((column, i) => cell(column, i)));

    // the whole row at once, so a failure shows every cell that differs
    const actual = Object.fromEntries(
      COLUMNS.map((column, i) => {
        const expected = row.cells[i];
        const status = answers.get(column)?.status ?? null;
        // a cell with several acceptable statuses shows as expected when it got one of them
        return [
          column,
          Array.isArray(expected) && status !== null && expected.includes(status) ? expected : status,
        ];
      }),
    );
    expect(actual).toEqual(Object.fromEntries(COLUMNS.map((column, i) => [column, row.cells[i]])));
    const malformed = [...answers].flatMap(([column, answer]) =>
      answer.status >= 400 ? problemIssues(answer).map((issue) => `${column}: ${issue}`) : [],
    );
    expect(malformed).toEqual([]);
  });

  it("refuses a kiosk at another location's tickets (tickets:write is per registered location)", async () => {
    const res = await call('POST', '/tickets', {
      token: kioskElsewhere,
      body: { locationId: L, serviceId: S },
    });
    expect(res.status).toBe(403);
    expect(problemIssues(res)).toEqual([]);
  });

  it('refuses forged, tampered and foreign tokens with 401, on public routes too', async () => {
    const [header = '', payload] = owner.token.split('.');
    const claims = JSON.parse(
      Buffer.from(defined(payload, "the owner token's payload"), 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const promoted = encode({ ...claims, roles: ['admin'] });
    const signature = owner.token.split('.')[2];
    const forged = {
      // the owner's own token with admin written into it, signature kept
      'roles changed': `${header}.${promoted}.${signature}`,
      // no signature at all
      'alg none': `${encode({ alg: 'none', typ: 'JWT' })}.${promoted}.`,
      // HS256 "signed" with the public key material an attacker can fetch (algorithm confusion)
      'alg HS256': `${encode({ alg: 'HS256', typ: 'JWT' })}.${promoted}.${signature}`,
      // an unknown key id
      'unknown kid': `${encode({ ...JSON.parse(Buffer.from(header, 'base64url').toString('utf8')), kid: 'forged-kid' })}.${payload}.${signature}`,
      expired: `${header}.${encode({ ...claims, exp: 1_000_000 })}.${signature}`,
      'another audience': `${header}.${encode({ ...claims, aud: 'somewhere-else' })}.${signature}`,
      'not a JWT': 'Sicherheitstest',
      "a guest's manage token": guest.token,
    };
    const answers: [string, string, number][] = [];
    for (const [label, token] of Object.entries(forged)) {
      for (const path of ['/me', '/admin/users', '/services']) {
        const res = await call('GET', path, { token });
        answers.push([label, path, res.status]);
        expect(problemIssues(res)).toEqual([]);
      }
    }
    expect(answers.filter(([, , status]) => status !== 401)).toEqual([]);
    // and the real token still works
    expect((await call('GET', '/me', { token: owner.token })).status).toBe(200);
  });
});
