import { ALL_SCOPES } from '@buergeramt/contracts';
import { IdentityHarness, refreshCookieOf, totpCode } from './support/identity';
import { defined } from '@buergeramt/testing';

const ADMIN_PASSWORD = 'Verwaltung-Rathaus-2026';
const STAFF_PASSWORD = 'Schalterhalle-Esslingen-7';
const CITIZEN_PASSWORD = 'Stadtbücherei-Esslingen-1';

interface Problem {
  type: string;
  status: number;
  enrollmentToken?: string;
}

describe('staff, MFA, audit and machine clients (real Postgres and Redis, MFA required)', () => {
  let h: IdentityHarness;
  let admin: { id: string; token: string; secret: string };

  /** Lets the next TOTP code be accepted (each time step is accepted once per account). */
  const forgetLastStep = (id: string): Promise<unknown> =>
    h.query(`UPDATE ${h.table('users')} SET totp_last_step = NULL WHERE id = $1`, [id]);

  /** Logs in a staff member who has no TOTP yet through the enrollment; returns the secret. */
  async function enroll(email: string, password: string): Promise<{ secret: string; token: string }> {
    const first = await h.login(email, password);
    expect(first.statusCode).toBe(403);
    const problem = first.json<Problem>();
    expect(problem).toMatchObject({ type: 'mfa-enrollment-required', enrollmentToken: expect.any(String) });
    const enrollmentToken = problem.enrollmentToken!;
    const setup = await h.post('/auth/mfa/enroll', { enrollmentToken });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl } = setup.json<{ secret: string; otpauthUrl: string }>();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(
      (await h.post('/auth/mfa/enroll/confirm', { enrollmentToken, code: totpCode(secret) })).statusCode,
    ).toBe(204);
    const [user] = await h.query<{ id: string }>(`SELECT id FROM ${h.table('users')} WHERE email = $1`, [
      email,
    ]);
    const userId = defined(user, `the account of ${email}`).id;
    await forgetLastStep(userId);
    const login = await h.login(email, password, totpCode(secret));
    expect(login.statusCode).toBe(200);
    return { secret, token: login.json<{ accessToken: string }>().accessToken };
  }

  /** An admin creates a staff member, who sets a password with the invitation and enrolls TOTP. */
  async function staff(
    email: string,
    roles: string[],
    locationIds?: string[],
  ): Promise<{ id: string; token: string; secret: string }> {
    const created = await h.as(admin.token, 'POST', '/admin/users', {
      email,
      givenName: 'Max',
      familyName: 'Muster',
      roles,
      locationIds,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const { token } = (await h.lastEvent('identity.staff-invited', email)).data;
    expect((await h.post('/auth/password/reset', { token, password: STAFF_PASSWORD })).statusCode).toBe(204);
    const enrolled = await enroll(email, STAFF_PASSWORD);
    return { id, ...enrolled };
  }

  beforeAll(async () => {
    h = await IdentityHarness.boot({
      BOOTSTRAP_ADMIN_EMAIL: 'Chefin@Rathaus.example',
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    });
    const [row] = await h.query<{ id: string }>(
      `SELECT id FROM ${h.table('users')} WHERE email = 'chefin@rathaus.example'`,
    );
    const enrolled = await enroll('chefin@rathaus.example', ADMIN_PASSWORD);
    admin = { id: defined(row, 'the bootstrap admin').id, ...enrolled };
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('bootstrap admin and staff MFA', () => {
    it('created the bootstrap admin from the environment, verified, audited', async () => {
      const me = await h.as(admin.token, 'GET', '/me');
      expect(me.json()).toMatchObject({
        email: 'chefin@rathaus.example',
        roles: ['admin'],
        emailVerified: true,
        mfaEnabled: true,
      });
      const audit = await h.query(
        `SELECT action, actor_type FROM ${h.table('audit_log')} WHERE target_id = $1 ORDER BY at`,
        [admin.id],
      );
      expect(audit).toEqual([
        { action: 'admin.bootstrapped', actor_type: 'system' },
        { action: 'staff.mfa-enrolled', actor_type: 'user' },
      ]);
    });

    it('after enrollment a login needs the code: 401 mfa-required without it or with a wrong one', async () => {
      const missing = await h.login('chefin@rathaus.example', ADMIN_PASSWORD);
      expect(missing.statusCode).toBe(401);
      expect(missing.json()).toMatchObject({ type: 'mfa-required' });
      const wrong = await h.login('chefin@rathaus.example', ADMIN_PASSWORD, '000000');
      expect(wrong.json()).toMatchObject({ type: 'mfa-required', reason: 'invalid-code' });
      await forgetLastStep(admin.id);
      const ok = await h.login('chefin@rathaus.example', ADMIN_PASSWORD, totpCode(admin.secret));
      expect(ok.statusCode).toBe(200);
      // the same code does not work twice
      expect(
        (await h.login('chefin@rathaus.example', ADMIN_PASSWORD, totpCode(admin.secret))).json(),
      ).toMatchObject({
        type: 'mfa-required',
      });
      await h.query(`DELETE FROM ${h.table('login_failures')}`);
    });

    it('refuses an unknown enrollment token and a wrong first code', async () => {
      expect((await h.post('/auth/mfa/enroll', { enrollmentToken: 'nope' })).json()).toMatchObject({
        type: 'invalid-token',
        status: 400,
      });
      const created = await h.as(admin.token, 'POST', '/admin/users', {
        email: 'falschcode@rathaus.example',
        givenName: 'F',
        familyName: 'C',
        roles: ['clerk'],
      });
      expect(created.statusCode).toBe(201);
      const { token } = (await h.lastEvent('identity.staff-invited', 'falschcode@rathaus.example')).data;
      await h.post('/auth/password/reset', { token, password: STAFF_PASSWORD });
      const { enrollmentToken } = (
        await h.login('falschcode@rathaus.example', STAFF_PASSWORD)
      ).json<Problem>();
      const notStarted = await h.post('/auth/mfa/enroll/confirm', { enrollmentToken, code: '123456' });
      expect(notStarted.json()).toMatchObject({ type: 'mfa-not-started', status: 409 });
      await h.post('/auth/mfa/enroll', { enrollmentToken });
      const wrong = await h.post('/auth/mfa/enroll/confirm', { enrollmentToken, code: '000000' });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json().errors).toEqual([{ field: 'code', message: expect.any(String) }]);
      // still in enrollment
      expect((await h.login('falschcode@rathaus.example', STAFF_PASSWORD)).json()).toMatchObject({
        type: 'mfa-enrollment-required',
      });
    });

    it('a confirmation with startSession ends in a session like a login (200, the user with locations, the refresh cookie)', async () => {
      const locationId = '0195a000-0000-7000-8000-00000000bbbb';
      const email = 'sofort@rathaus.example';
      const created = await h.as(admin.token, 'POST', '/admin/users', {
        email,
        givenName: 'Sofia',
        familyName: 'Sofort',
        roles: ['clerk'],
        locationIds: [locationId],
      });
      expect(created.statusCode).toBe(201);
      const { token } = (await h.lastEvent('identity.staff-invited', email)).data;
      await h.post('/auth/password/reset', { token, password: STAFF_PASSWORD });
      // a wrong password before: a successful enrollment clears the count as a login does
      const failures = async () =>
        (await h.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${h.table('login_failures')}`))[0]?.n;
      const before = await failures();
      expect((await h.login(email, 'falsch-falsch-falsch')).statusCode).toBe(401);
      expect(await failures()).toBe((before ?? 0) + 1);
      const { enrollmentToken } = (await h.login(email, STAFF_PASSWORD)).json<Problem>();
      const { secret } = (await h.post('/auth/mfa/enroll', { enrollmentToken })).json<{ secret: string }>();

      const confirmed = await h.post('/auth/mfa/enroll/confirm', {
        enrollmentToken,
        code: totpCode(secret),
        startSession: true,
      });
      expect(confirmed.statusCode).toBe(200);
      const session = confirmed.json<{ accessToken: string; expiresIn: number; user: unknown }>();
      expect(session).toMatchObject({
        accessToken: expect.any(String),
        expiresIn: expect.any(Number),
        user: {
          id: created.json<{ id: string }>().id,
          email,
          givenName: 'Sofia',
          familyName: 'Sofort',
          roles: ['clerk'],
          locationIds: [locationId],
        },
      });
      expect((await h.as(session.accessToken, 'GET', '/me')).json()).toMatchObject({ mfaEnabled: true });
      const cookie = refreshCookieOf(confirmed);
      expect(cookie?.header).toMatch(/HttpOnly/i);
      const refreshed = await h.post('/auth/refresh', { refreshToken: cookie?.value });
      expect(refreshed.statusCode).toBe(200);
      expect(refreshed.json()).toMatchObject({ user: { locationIds: [locationId] } });
      expect(await failures()).toBe(before);
      // the token is used up: no second session from it
      const again = await h.post('/auth/mfa/enroll/confirm', {
        enrollmentToken,
        code: totpCode(secret),
        startSession: true,
      });
      expect(again.json()).toMatchObject({ type: 'invalid-token', status: 400 });
      expect(refreshCookieOf(again)).toBeNull();
      // an admin's answer has no locationIds (all locations)
      await forgetLastStep(admin.id);
      const adminLogin = await h.login('chefin@rathaus.example', ADMIN_PASSWORD, totpCode(admin.secret));
      expect(adminLogin.json<{ user: object }>().user).not.toHaveProperty('locationIds');
    });
  });

  describe('/admin/users', () => {
    it('POST creates a staff account with roles and locations and mails an invitation; the invitation sets the password', async () => {
      const locationId = '0195a000-0000-7000-8000-00000000aaaa';
      const res = await h.as(admin.token, 'POST', '/admin/users', {
        email: 'Neu.Clerk@Rathaus.example',
        givenName: 'Clara',
        familyName: 'Clerk',
        roles: ['clerk'],
        locationIds: [locationId],
      });
      expect(res.statusCode).toBe(201);
      const created = res.json<{ id: string }>();
      expect(created).toMatchObject({
        email: 'neu.clerk@rathaus.example',
        roles: ['clerk'],
        locationIds: [locationId],
        status: 'invited',
        mfaEnabled: false,
      });
      const invitation = await h.lastEvent('identity.staff-invited', 'neu.clerk@rathaus.example');
      expect(invitation.data).toMatchObject({
        userId: created.id,
        givenName: 'Clara',
        roles: ['clerk'],
        token: expect.any(String),
      });
      expect(
        (await h.post('/auth/password/reset', { token: invitation.data.token, password: STAFF_PASSWORD }))
          .statusCode,
      ).toBe(204);
      const { token } = await enroll('neu.clerk@rathaus.example', STAFF_PASSWORD);
      const claims = JSON.parse(Buffer.from(defined(token.split('.')[1]), 'base64url').toString()) as Record<
        string,
        unknown
      >;
      expect(claims).toMatchObject({ typ: 'user', roles: ['clerk'], locationIds: [locationId] });
      const audit = await h.query<{ action: string; actor_id: string }>(
        `SELECT action, actor_id FROM ${h.table('audit_log')} WHERE target_id = $1 ORDER BY at`,
        [created.id],
      );
      expect(audit).toEqual([
        { action: 'staff.created', actor_id: admin.id },
        { action: 'staff.password-set', actor_id: created.id },
        { action: 'staff.mfa-enrolled', actor_id: created.id },
      ]);
    });

    it('POST refuses a taken address (409) and bad roles (422)', async () => {
      const taken = await h.as(admin.token, 'POST', '/admin/users', {
        email: 'chefin@rathaus.example',
        givenName: 'A',
        familyName: 'B',
        roles: ['clerk'],
      });
      expect(taken.json()).toMatchObject({ type: 'email-taken', status: 409 });
      const before = await h.snapshot();
      for (const roles of [['citizen'], [], ['root'], 'admin']) {
        const res = await h.as(admin.token, 'POST', '/admin/users', {
          email: 'x@rathaus.example',
          givenName: 'A',
          familyName: 'B',
          roles,
        });
        expect(res.statusCode).toBe(422);
        expect(res.json().errors[0]).toMatchObject({ field: 'roles' });
      }
      const badLocation = await h.as(admin.token, 'POST', '/admin/users', {
        email: 'x@rathaus.example',
        givenName: 'A',
        familyName: 'B',
        roles: ['clerk'],
        locationIds: ['nope'],
      });
      expect(badLocation.json().errors[0]).toMatchObject({ field: 'locationIds' });
      expect(await h.snapshot()).toEqual(before);
    });

    it('GET lists staff (not citizens) with cursor pagination, GET /{id} shows one', async () => {
      await h.citizen('buergerin@example.org', CITIZEN_PASSWORD);
      const first = await h.as(admin.token, 'GET', '/admin/users?limit=2');
      expect(first.statusCode).toBe(200);
      const page = first.json<{ items: { email: string; id: string }[]; nextCursor: string | null }>();
      expect(page.items).toHaveLength(2);
      expect(page.nextCursor).toEqual(expect.any(String));
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await h.as(
          admin.token,
          'GET',
          `/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        const body = res.json<{ items: { email: string }[]; nextCursor: string | null }>();
        all.push(...body.items.map((i) => i.email));
        cursor = body.nextCursor;
      } while (cursor);
      expect(all).toContain('chefin@rathaus.example');
      expect(all).not.toContain('buergerin@example.org');
      expect(new Set(all).size).toBe(all.length);
      const listed = defined(page.items[0], 'a listed account');
      expect((await h.as(admin.token, 'GET', `/admin/users/${listed.id}`)).json()).toMatchObject({
        id: listed.id,
      });
      expect((await h.as(admin.token, 'GET', '/admin/users?limit=0')).statusCode).toBe(422);
      expect((await h.as(admin.token, 'GET', '/admin/users?cursor=bogus')).statusCode).toBe(422);
    });

    it('a citizen account or an unknown id is 404 for /admin/users/{id}', async () => {
      const citizenId = await h.citizen('nicht-staff@example.org', CITIZEN_PASSWORD);
      for (const id of [citizenId, '0195a000-0000-7000-8000-00000000ffff', 'not-a-uuid']) {
        const res = await h.as(admin.token, 'GET', `/admin/users/${id}`);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ type: 'not-found' });
        expect((await h.as(admin.token, 'PATCH', `/admin/users/${id}`, { givenName: 'X' })).statusCode).toBe(
          404,
        );
        expect((await h.as(admin.token, 'POST', `/admin/users/${id}/disable`)).statusCode).toBe(404);
      }
    });

    it('PATCH changes roles and locations (audited with before/after), and refuses to remove the last admin', async () => {
      const clerk = await staff('aufstieg@rathaus.example', ['clerk']);
      const patched = await h.as(admin.token, 'PATCH', `/admin/users/${clerk.id}`, {
        roles: ['supervisor'],
        locationIds: null,
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ roles: ['supervisor'], locationIds: null });
      const [entry] = await h.query<{ details: Record<string, unknown> }>(
        `SELECT details FROM ${h.table('audit_log')} WHERE target_id = $1 AND action = 'staff.updated'`,
        [clerk.id],
      );
      expect(entry?.details).toEqual({ roles: { from: ['clerk'], to: ['supervisor'] } });

      const demote = await h.as(admin.token, 'PATCH', `/admin/users/${admin.id}`, { roles: ['clerk'] });
      expect(demote.json()).toMatchObject({ type: 'last-admin', status: 409 });
      const disableSelf = await h.as(admin.token, 'POST', `/admin/users/${admin.id}/disable`);
      expect(disableSelf.json()).toMatchObject({ type: 'last-admin' });
    });

    it('disable ends every session and refuses logins (403 account-disabled); enable lets them back', async () => {
      const clerk = await staff('gesperrt@rathaus.example', ['clerk']);
      await forgetLastStep(clerk.id);
      const session = await h.login('gesperrt@rathaus.example', STAFF_PASSWORD, totpCode(clerk.secret));
      const res = await h.as(admin.token, 'POST', `/admin/users/${clerk.id}/disable`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'disabled' });
      expect(
        (await h.post('/auth/refresh', { refreshToken: refreshCookieOf(session)!.value })).statusCode,
      ).toBe(401);
      const login = await h.login('gesperrt@rathaus.example', STAFF_PASSWORD);
      expect(login.json()).toMatchObject({ type: 'account-disabled', status: 403 });
      expect((await h.as(admin.token, 'POST', `/admin/users/${clerk.id}/enable`)).json()).toMatchObject({
        status: 'active',
      });
      await forgetLastStep(clerk.id);
      expect(
        (await h.login('gesperrt@rathaus.example', STAFF_PASSWORD, totpCode(clerk.secret))).statusCode,
      ).toBe(200);
      const actions = await h.query<{ action: string }>(
        `SELECT action FROM ${h.table('audit_log')} WHERE target_id = $1 ORDER BY at`,
        [clerk.id],
      );
      expect(actions.map((a) => a.action)).toEqual(
        expect.arrayContaining(['staff.disabled', 'staff.enabled']),
      );
    });

    it('resetting TOTP ends every session, and the person enrolls again at the next log-in (audited)', async () => {
      const clerk = await staff('neues-handy@rathaus.example', ['clerk']);
      await forgetLastStep(clerk.id);
      const session = await h.login('neues-handy@rathaus.example', STAFF_PASSWORD, totpCode(clerk.secret));
      expect(session.statusCode).toBe(200);
      const res = await h.as(admin.token, 'POST', `/admin/users/${clerk.id}/mfa/reset`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: clerk.id, mfaEnabled: false, status: 'active' });
      // the session is over
      expect(
        (await h.post('/auth/refresh', { refreshToken: refreshCookieOf(session)!.value })).statusCode,
      ).toBe(401);
      // the old code no longer logs in: the person enrolls a new secret
      await forgetLastStep(clerk.id);
      const old = await h.login('neues-handy@rathaus.example', STAFF_PASSWORD, totpCode(clerk.secret));
      expect(old.json()).toMatchObject({ type: 'mfa-enrollment-required' });
      const again = await enroll('neues-handy@rathaus.example', STAFF_PASSWORD);
      expect(again.secret).not.toBe(clerk.secret);
      const [row] = await h.query<{ details: unknown; actor_id: string }>(
        `SELECT details, actor_id FROM ${h.table('audit_log')} WHERE target_id = $1 AND action = 'staff.mfa-reset'`,
        [clerk.id],
      );
      expect(row).toEqual({ details: { wasEnabled: true }, actor_id: admin.id });
      // a citizen's account or an unknown id is not staff: 404
      expect(
        (await h.as(admin.token, 'POST', `/admin/users/01939f4e-0000-7000-8000-000000000000/mfa/reset`))
          .statusCode,
      ).toBe(404);
    });

    it('needs an admin: 401 without a token, 403 for a clerk, a supervisor and a citizen (supervisors only read the staff list)', async () => {
      expect((await h.inject('/admin/users')).statusCode).toBe(401);
      const clerk = await staff('nur-clerk@rathaus.example', ['clerk']);
      const supervisor = await staff('nur-leitung@rathaus.example', ['supervisor']);
      await h.citizen('nur-buerger@example.org', CITIZEN_PASSWORD);
      const citizen = await h.accessToken('nur-buerger@example.org', CITIZEN_PASSWORD);
      expect((await h.as(supervisor.token, 'GET', '/admin/users')).statusCode).toBe(200);
      expect((await h.as(supervisor.token, 'GET', `/admin/users/${clerk.id}`)).statusCode).toBe(200);
      for (const token of [clerk.token, supervisor.token, citizen]) {
        if (token !== supervisor.token) {
          const list = await h.as(token, 'GET', '/admin/users');
          expect(list.statusCode).toBe(403);
          expect(list.json()).toMatchObject({ type: 'forbidden' });
        }
        expect((await h.as(token, 'PATCH', `/admin/users/${clerk.id}`, { givenName: 'X' })).statusCode).toBe(
          403,
        );
        expect((await h.as(token, 'POST', `/admin/users/${clerk.id}/mfa/reset`)).statusCode).toBe(403);
        expect(
          (
            await h.as(token, 'POST', '/admin/users', {
              email: 'x@y.example',
              givenName: 'A',
              familyName: 'B',
              roles: ['admin'],
            })
          ).statusCode,
        ).toBe(403);
        expect((await h.as(token, 'GET', '/admin/api-clients')).statusCode).toBe(403);
      }
    });

    it('staff may not delete themselves through DELETE /me (403), nor switch TOTP off while MFA is required (409)', async () => {
      const clerk = await staff('bleibt@rathaus.example', ['clerk']);
      expect((await h.as(clerk.token, 'DELETE', '/me')).statusCode).toBe(403);
      await forgetLastStep(clerk.id);
      const off = await h.as(clerk.token, 'DELETE', '/me/mfa/totp', { code: totpCode(clerk.secret) });
      expect(off.json()).toMatchObject({ type: 'mfa-mandatory', status: 409 });
      expect((await h.as(clerk.token, 'GET', '/me')).json()).toMatchObject({ mfaEnabled: true });
    });

    it('staff names follow the rule of names: no links, digits or @ (422 on the field, nothing changed)', async () => {
      const before = await h.snapshot();
      for (const [field, value] of [
        ['givenName', 'Max https://phish.example'],
        ['familyName', 'Muster, bitte rufen Sie 0711 123456 an'],
        ['givenName', 'rathaus-esslingen.de'],
        ['familyName', 'it@rathaus'],
      ] as const) {
        const res = await h.as(admin.token, 'POST', '/admin/users', {
          email: 'name-regel@rathaus.example',
          givenName: 'Max',
          familyName: 'Muster',
          roles: ['clerk'],
          [field]: value,
        });
        expect(res.statusCode).toBe(422);
        expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([field]);
      }
      expect(await h.snapshot()).toEqual(before);
      const clerk = await staff('name-patch@rathaus.example', ['clerk']);
      const refused = await h.as(admin.token, 'PATCH', `/admin/users/${clerk.id}`, {
        familyName: 'Muster www.phish.example',
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ errors: [{ field: 'familyName' }] });
      const renamed = await h.as(admin.token, 'PATCH', `/admin/users/${clerk.id}`, {
        givenName: "  Anne-Marie   O'Neil ",
      });
      expect(renamed.json()).toMatchObject({ givenName: "Anne-Marie O'Neil", familyName: 'Muster' });
    });
  });

  describe('audit log', () => {
    it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
      const [row] = await h.query<{ id: string }>(`SELECT id FROM ${h.table('audit_log')} LIMIT 1`);
      if (!row) throw new Error('the audit log is empty');
      await expect(
        h.query(`UPDATE ${h.table('audit_log')} SET action = 'forged' WHERE id = $1`, [row.id]),
      ).rejects.toThrow(/append-only/);
      await expect(h.query(`DELETE FROM ${h.table('audit_log')} WHERE id = $1`, [row.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(h.query(`TRUNCATE ${h.table('audit_log')}`)).rejects.toThrow(/append-only/);
      expect(await h.query(`SELECT action FROM ${h.table('audit_log')} WHERE id = $1`, [row.id])).not.toEqual(
        [{ action: 'forged' }],
      );
    });
  });

  describe('optional TOTP for citizens', () => {
    it('set up, confirmed, then needed at login, and switched off again', async () => {
      const id = await h.citizen('totp-buerger@example.org', CITIZEN_PASSWORD);
      const token = await h.accessToken('totp-buerger@example.org', CITIZEN_PASSWORD);
      const setup = await h.as(token, 'POST', '/me/mfa/totp');
      expect(setup.statusCode).toBe(200);
      const { secret } = setup.json<{ secret: string }>();
      const wrong = await h.as(token, 'POST', '/me/mfa/totp/confirm', { code: '000000' });
      expect(wrong.statusCode).toBe(422);
      expect((await h.as(token, 'POST', '/me/mfa/totp/confirm', { code: totpCode(secret) })).statusCode).toBe(
        204,
      );
      expect((await h.as(token, 'GET', '/me')).json()).toMatchObject({ mfaEnabled: true });
      expect((await h.as(token, 'POST', '/me/mfa/totp')).json()).toMatchObject({
        type: 'mfa-already-enabled',
        status: 409,
      });
      expect((await h.login('totp-buerger@example.org', CITIZEN_PASSWORD)).json()).toMatchObject({
        type: 'mfa-required',
        status: 401,
      });
      await forgetLastStep(id);
      expect((await h.login('totp-buerger@example.org', CITIZEN_PASSWORD, totpCode(secret))).statusCode).toBe(
        200,
      );
      // the secret is sealed at rest
      const [row] = await h.query<{ totp_secret: string }>(
        `SELECT totp_secret FROM ${h.table('users')} WHERE id = $1`,
        [id],
      );
      expect(row?.totp_secret).toMatch(/^v1\./);
      expect(row?.totp_secret).not.toContain(secret);
      await forgetLastStep(id);
      expect((await h.as(token, 'DELETE', '/me/mfa/totp', { code: totpCode(secret) })).statusCode).toBe(204);
      expect((await h.login('totp-buerger@example.org', CITIZEN_PASSWORD)).statusCode).toBe(200);
    });

    /** A code the authenticator app does not show now (nor one step before or after). */
    function wrongCode(secret: string): string {
      const valid = [-30_000, 0, 30_000].map((shift) => totpCode(secret, Date.now() + shift));
      for (let n = 0; ; n++) {
        const code = String(n).padStart(6, '0');
        if (!valid.includes(code)) return code;
      }
    }

    async function citizenWithTotp(email: string): Promise<{ id: string; token: string; secret: string }> {
      const id = await h.citizen(email, CITIZEN_PASSWORD);
      const token = await h.accessToken(email, CITIZEN_PASSWORD);
      const { secret } = (await h.as(token, 'POST', '/me/mfa/totp')).json<{ secret: string }>();
      expect((await h.as(token, 'POST', '/me/mfa/totp/confirm', { code: totpCode(secret) })).statusCode).toBe(
        204,
      );
      await forgetLastStep(id);
      return { id, token, secret };
    }

    it('switching TOTP off needs the current code: none or a wrong one is 422 on code and changes nothing', async () => {
      const { id, token, secret } = await citizenWithTotp('totp-aus@example.org');
      const before = await h.snapshot();
      for (const body of [undefined, {}, { code: wrongCode(secret) }, { code: 123456 }]) {
        const res = await h.as(token, 'DELETE', '/me/mfa/totp', body);
        expect(res.statusCode).toBe(422);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['code']);
      }
      expect(await h.snapshot()).toEqual(before);
      expect((await h.as(token, 'GET', '/me')).json()).toMatchObject({ mfaEnabled: true });
      expect((await h.login('totp-aus@example.org', CITIZEN_PASSWORD)).json()).toMatchObject({
        type: 'mfa-required',
      });
      await forgetLastStep(id);
      expect((await h.as(token, 'DELETE', '/me/mfa/totp', { code: totpCode(secret) })).statusCode).toBe(204);
      expect((await h.as(token, 'GET', '/me')).json()).toMatchObject({ mfaEnabled: false });
    });

    it('wrong codes count as failed logins: a stolen access token cannot guess its way to switching TOTP off', async () => {
      const { id, token, secret } = await citizenWithTotp('totp-raten@example.org');
      for (let i = 0; i < 5; i++) {
        expect((await h.as(token, 'DELETE', '/me/mfa/totp', { code: wrongCode(secret) })).statusCode).toBe(
          422,
        );
      }
      const locked = await h.as(token, 'DELETE', '/me/mfa/totp', { code: totpCode(secret) });
      expect(locked.statusCode).toBe(429);
      expect(locked.json()).toMatchObject({ type: 'account-locked' });
      expect((await h.as(token, 'GET', '/me')).json()).toMatchObject({ mfaEnabled: true });
      // the owner is told, as after five wrong passwords
      expect(await h.events('identity.account-locked', id)).toHaveLength(1);
    });
  });

  describe('machine clients', () => {
    it('admin CRUD: the secret is shown once and stored hashed; delete revokes', async () => {
      const created = await h.as(admin.token, 'POST', '/admin/api-clients', {
        name: 'Meldewesen',
        scopes: ['applications:read', 'catalogue:read'],
      });
      expect(created.statusCode).toBe(201);
      const client = created.json<{ id: string; clientId: string; clientSecret: string }>();
      expect(client).toMatchObject({
        name: 'Meldewesen',
        scopes: ['applications:read', 'catalogue:read'],
        clientId: expect.stringMatching(/^cl_/),
      });
      expect(client.clientSecret.length).toBeGreaterThanOrEqual(40);
      const list = await h.as(admin.token, 'GET', '/admin/api-clients');
      expect(list.json().items).toEqual([
        expect.objectContaining({ id: client.id, clientId: client.clientId }),
      ]);
      expect(list.body).not.toContain(client.clientSecret);
      const [row] = await h.query<Record<string, string>>(
        `SELECT * FROM ${h.table('api_clients')} WHERE id = $1`,
        [client.id],
      );
      expect(JSON.stringify(row)).not.toContain(client.clientSecret);
      const audit = await h.query<{ action: string }>(
        `SELECT action FROM ${h.table('audit_log')} WHERE target_id = $1`,
        [client.id],
      );
      expect(audit).toEqual([{ action: 'api-client.created' }]);

      expect((await h.as(admin.token, 'DELETE', `/admin/api-clients/${client.id}`)).statusCode).toBe(204);
      expect((await h.as(admin.token, 'DELETE', `/admin/api-clients/${client.id}`)).statusCode).toBe(404);
      expect((await h.as(admin.token, 'GET', '/admin/api-clients')).json().items).toEqual([]);
      const token = await h.inject({
        method: 'POST',
        url: '/auth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
        }).toString(),
      });
      expect(token.json()).toMatchObject({ type: 'invalid-client', status: 401, error: 'invalid_client' });
    });

    it('creates a client with every scope of ALL_SCOPES (a kiosk: tickets:write), and its token carries them', async () => {
      for (const scopes of [[...ALL_SCOPES], ...ALL_SCOPES.map((scope) => [scope])]) {
        const created = await h.as(admin.token, 'POST', '/admin/api-clients', { name: 'Kiosk', scopes });
        expect(created.statusCode).toBe(201);
        const client = created.json<{ clientId: string; clientSecret: string; scopes: string[] }>();
        expect(client.scopes).toEqual(scopes);
        const token = await h.inject({
          method: 'POST',
          url: '/auth/token',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: client.clientId,
            client_secret: client.clientSecret,
          }).toString(),
        });
        expect(token.statusCode).toBe(200);
        expect(token.json()).toMatchObject({ scope: scopes.join(' ') });
      }
      expect((await h.as(admin.token, 'GET', '/admin/api-clients')).json().items).toContainEqual(
        expect.objectContaining({ name: 'Kiosk', scopes: ['tickets:write'] }),
      );
    });

    it('POST /admin/api-clients refuses unknown scopes and 10 kB names with 422', async () => {
      const before = await h.snapshot();
      for (const payload of [
        { name: 'X', scopes: ['admin'] },
        { name: 'x'.repeat(10240), scopes: ['catalogue:read'] },
        { name: 'X' },
        { name: 'X', scopes: [] },
      ]) {
        expect((await h.as(admin.token, 'POST', '/admin/api-clients', payload)).statusCode).toBe(422);
      }
      expect(await h.snapshot()).toEqual(before);
    });

    describe('POST /auth/token (client credentials, RFC 6749 §4.4)', () => {
      let client: { clientId: string; clientSecret: string };
      const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
        h.inject({
          method: 'POST',
          url: '/auth/token',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          payload: new URLSearchParams(fields).toString(),
        });

      beforeAll(async () => {
        client = (
          await h.as(admin.token, 'POST', '/admin/api-clients', {
            name: 'Fachverfahren',
            scopes: ['applications:read', 'applications:write'],
          })
        ).json();
      });

      it('grants every scope of the client when none is asked for', async () => {
        const res = await form({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
        });
        expect(res.statusCode).toBe(200);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.json()).toEqual({
          access_token: expect.any(String),
          token_type: 'Bearer',
          expires_in: 600,
          scope: 'applications:read applications:write',
        });
        const payload = JSON.parse(
          Buffer.from(
            defined(res.json<{ access_token: string }>().access_token.split('.')[1]),
            'base64url',
          ).toString(),
        ) as Record<string, unknown>;
        expect(payload).toMatchObject({
          sub: client.clientId,
          typ: 'client',
          scope: 'applications:read applications:write',
          aud: 'buergeramt',
        });
        expect(payload.roles).toBeUndefined();
      });

      it('grants the requested subset, with HTTP Basic client authentication too', async () => {
        const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
        const res = await form(
          { grant_type: 'client_credentials', scope: 'applications:read' },
          { authorization: `Basic ${basic}` },
        );
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ scope: 'applications:read' });
      });

      it('refuses a scope the client does not hold (400 invalid-scope)', async () => {
        const res = await form({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
          scope: 'applications:read catalogue:read',
        });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ type: 'invalid-scope', error: 'invalid_scope' });
      });

      it('refuses a wrong secret, an unknown client and another grant type', async () => {
        const wrong = await form({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: 'wrong',
        });
        expect(wrong.statusCode).toBe(401);
        expect(wrong.json()).toMatchObject({ type: 'invalid-client' });
        expect(
          (
            await form({
              grant_type: 'client_credentials',
              client_id: 'cl_unknown',
              client_secret: client.clientSecret,
            })
          ).statusCode,
        ).toBe(401);
        expect((await form({ grant_type: 'client_credentials' })).statusCode).toBe(401);
        const password = await form({
          grant_type: 'password',
          client_id: client.clientId,
          client_secret: client.clientSecret,
        });
        expect(password.json()).toMatchObject({
          type: 'unsupported-grant-type',
          status: 400,
          error: 'unsupported_grant_type',
        });
        expect((await form({ client_id: client.clientId })).statusCode).toBe(422);
      });

      it('ignores parameters it does not know, such as audience and resource (RFC 6749 §3.2)', async () => {
        const res = await form({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
          scope: 'applications:read',
          audience: 'https://api.buergeramt.example',
          resource: 'https://api.buergeramt.example/api/v1',
          foo: 'bar',
        });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ token_type: 'Bearer', scope: 'applications:read' });
        // what it knows is still checked: the grant type, the client, its scopes
        const other = await form({ grant_type: 'password', audience: 'x', username: 'a', password: 'b' });
        expect(other.json()).toMatchObject({
          type: 'unsupported-grant-type',
          error: 'unsupported_grant_type',
        });
        expect((await form({ audience: 'x' })).statusCode).toBe(422);
        const tooLong = await form({
          grant_type: 'client_credentials',
          scope: 'x'.repeat(600),
          audience: 'x',
        });
        expect(tooLong.json()).toMatchObject({ status: 422, errors: [{ field: 'scope' }] });
      });

      it("a client's token carries scopes, not roles: the platform guards give it 403 on people's routes", async () => {
        const res = await form({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
        });
        const token = res.json<{ access_token: string }>().access_token;
        expect((await h.as(token, 'GET', '/me')).json()).toMatchObject({ status: 403, type: 'forbidden' });
        expect((await h.as(token, 'GET', '/admin/users')).statusCode).toBe(403);
        expect((await h.as(token, 'GET', '/admin/api-clients')).statusCode).toBe(403);
      });
    });
  });
});
