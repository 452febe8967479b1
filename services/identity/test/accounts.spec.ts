import * as argon2 from '@node-rs/argon2';
import { ProfileContact1764200000002 } from '../src/migrations/1764200000002-profile-contact';
import { IdentityHarness, refreshCookieOf } from './support/identity';

// the real argon2, observed: which hashes a login verifies against
jest.mock('@node-rs/argon2', () => {
  const actual = jest.requireActual<typeof import('@node-rs/argon2')>('@node-rs/argon2');
  return { ...actual, verify: jest.fn(actual.verify) };
});

const PASSWORD = 'Stadtbücherei-Esslingen-1';

describe('citizen accounts (real Postgres and Redis)', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await IdentityHarness.boot();
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('POST /auth/register', () => {
    it('answers 202, creates an unverified citizen and publishes the verification mail event with a token', async () => {
      const res = await h.post(
        '/auth/register',
        {
          email: '  Erika.Muster@Example.ORG ',
          password: PASSWORD,
          givenName: 'Erika',
          familyName: 'Muster',
        },
        { 'accept-language': 'en-GB,en;q=0.9,de;q=0.5', 'x-request-id': 'req-register-1' },
      );
      expect(res.statusCode).toBe(202);
      expect(res.body).toBe('');
      const [user] = await h.query<{
        email: string;
        email_verified_at: Date | null;
        roles: string[];
        locale: string;
      }>(`SELECT email, email_verified_at, roles, locale FROM ${h.table('users')} WHERE email = $1`, [
        'erika.muster@example.org',
      ]);
      expect(user).toEqual({
        email: 'erika.muster@example.org',
        email_verified_at: null,
        roles: ['citizen'],
        locale: 'en',
      });
      const event = await h.lastEvent('identity.email-verification-requested', 'erika.muster@example.org');
      expect(event.data).toEqual({
        userId: expect.any(String),
        email: 'erika.muster@example.org',
        givenName: 'Erika',
        locale: 'en',
        token: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/),
        expiresAt: expect.any(String),
        alreadyRegistered: false,
      });
      expect(event.trace_id).toBe('req-register-1');
      // the token is stored only as a hash
      const tokens = await h.query<{ token_hash: string }>(
        `SELECT token_hash FROM ${h.table('one_time_tokens')}`,
      );
      expect(tokens.map((t) => t.token_hash)).not.toContain(event.data.token);
    });

    it('answers a known address exactly alike and mails "you already have an account" instead', async () => {
      await h.citizen('known@example.org');
      const before = await h.events('identity.email-verification-requested');
      const res = await h.post('/auth/register', {
        email: 'KNOWN@example.org',
        password: 'Ganz-anderes-Passwort-9',
        givenName: 'Mallory',
        familyName: 'X',
      });
      expect(res.statusCode).toBe(202);
      expect(res.body).toBe('');
      const after = await h.events('identity.email-verification-requested');
      expect(after).toHaveLength(before.length + 1);
      expect(after[after.length - 1]?.data).toMatchObject({
        email: 'known@example.org',
        alreadyRegistered: true,
        token: '',
      });
      const [count] = await h.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${h.table('users')} WHERE email = 'known@example.org'`,
      );
      expect(count?.n).toBe(1);
      // the stranger's password does not work, the owner's still does
      expect((await h.login('known@example.org', 'Ganz-anderes-Passwort-9')).statusCode).toBe(401);
      expect((await h.login('known@example.org', PASSWORD)).statusCode).toBe(200);
    });

    it('lets only the registration whose mailed link is used set the password (no pre-hijacking)', async () => {
      await h.post('/auth/register', {
        email: 'victim@example.org',
        password: 'Angreifer-Passwort-1',
        givenName: 'Evil',
        familyName: 'Mallory',
      });
      const attackerToken = (await h.lastEvent('identity.email-verification-requested', 'victim@example.org'))
        .data.token;
      await h.post('/auth/register', {
        email: 'victim@example.org',
        password: 'Opfer-Passwort-2026',
        givenName: 'Vera',
        familyName: 'Opfer',
      });
      const victimToken = (await h.lastEvent('identity.email-verification-requested', 'victim@example.org'))
        .data.token;
      expect(victimToken).not.toBe(attackerToken);
      expect((await h.post('/auth/verify-email', { token: victimToken })).statusCode).toBe(204);
      expect((await h.login('victim@example.org', 'Angreifer-Passwort-1')).statusCode).toBe(401);
      const ok = await h.login('victim@example.org', 'Opfer-Passwort-2026');
      expect(ok.statusCode).toBe(200);
      expect(ok.json().user).toMatchObject({ givenName: 'Vera', familyName: 'Opfer' });
      // the other registration's link is dead now
      expect((await h.post('/auth/verify-email', { token: attackerToken })).json()).toMatchObject({
        type: 'invalid-token',
      });
    });

    it('refuses short and common passwords with 422 saying why (with a stable code), and creates nothing', async () => {
      const before = await h.snapshot();
      const short = await h.post('/auth/register', {
        email: 'p1@example.org',
        password: 'kurz-123',
        givenName: 'A',
        familyName: 'B',
      });
      expect(short.statusCode).toBe(422);
      expect(short.headers['content-type']).toContain('application/problem+json');
      expect(short.json()).toMatchObject({
        type: 'validation-failed',
        errors: [
          {
            field: 'password',
            code: 'password-too-short',
            message: 'Das Passwort braucht mindestens 10 Zeichen.',
          },
        ],
      });
      const common = await h.post(
        '/auth/register',
        { email: 'p2@example.org', password: 'Password123', givenName: 'A', familyName: 'B' },
        { 'accept-language': 'en' },
      );
      expect(common.statusCode).toBe(422);
      expect(common.json().errors).toEqual([
        {
          field: 'password',
          code: 'password-common',
          message: expect.stringContaining('commonly used passwords'),
        },
      ]);
      expect(await h.snapshot()).toEqual(before);
    });
  });

  describe('POST /auth/verify-email', () => {
    it('makes the account able to log in; before that login is 403 email-not-verified; the token works once', async () => {
      await h.post('/auth/register', {
        email: 'neu@example.org',
        password: PASSWORD,
        givenName: 'Nina',
        familyName: 'Neu',
      });
      const pending = await h.login('neu@example.org', PASSWORD);
      expect(pending.statusCode).toBe(403);
      expect(pending.json()).toMatchObject({ type: 'email-not-verified', status: 403 });
      const { token, userId } = (
        await h.lastEvent('identity.email-verification-requested', 'neu@example.org')
      ).data;
      const verified = await h.post('/auth/verify-email', { token });
      expect(verified.statusCode).toBe(204);
      expect((await h.login('neu@example.org', PASSWORD)).statusCode).toBe(200);
      const again = await h.post('/auth/verify-email', { token });
      expect(again.statusCode).toBe(400);
      expect(again.json()).toMatchObject({ type: 'invalid-token' });
      expect((await h.events('identity.profile-changed', userId)).length).toBeGreaterThanOrEqual(1);
    });

    it('refuses an expired token and an unknown one', async () => {
      await h.post('/auth/register', {
        email: 'spaet@example.org',
        password: PASSWORD,
        givenName: 'S',
        familyName: 'P',
      });
      const { token } = (await h.lastEvent('identity.email-verification-requested', 'spaet@example.org'))
        .data;
      await h.query(
        `UPDATE ${h.table('one_time_tokens')} SET expires_at = now() - interval '1 second' WHERE purpose = 'email-verification'`,
      );
      expect((await h.post('/auth/verify-email', { token })).json()).toMatchObject({
        type: 'invalid-token',
        status: 400,
      });
      expect((await h.post('/auth/verify-email', { token: 'no-such-token' })).json()).toMatchObject({
        type: 'invalid-token',
      });
      expect((await h.login('spaet@example.org', PASSWORD)).json()).toMatchObject({
        type: 'email-not-verified',
      });
    });
  });

  describe('POST /auth/login', () => {
    it('answers 200 with the access token, its lifetime and the user, and sets the refresh cookie', async () => {
      const id = await h.citizen('login@example.org');
      const res = await h.login('LOGIN@Example.org ', PASSWORD);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        accessToken: expect.any(String),
        expiresIn: 600,
        user: {
          id,
          email: 'login@example.org',
          givenName: 'Erika',
          familyName: 'Muster',
          roles: ['citizen'],
        },
      });
      expect(refreshCookieOf(res)?.value).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    });

    it('answers 401 invalid-credentials for a wrong password and an unknown address alike', async () => {
      await h.citizen('falsch@example.org');
      const wrong = await h.login('falsch@example.org', 'Nicht-das-Passwort-1');
      const unknown = await h.login('niemand@example.org', 'Nicht-das-Passwort-1');
      for (const res of [wrong, unknown]) {
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({
          type: 'invalid-credentials',
          title: expect.any(String),
          status: 401,
          instance: '/auth/login',
        });
      }
    });

    it('spends one argon2id verification of the same cost on an unknown address (no timing difference)', async () => {
      await h.citizen('kosten@example.org');
      const verify = jest.mocked(argon2.verify);
      verify.mockClear();
      await h.login('kosten@example.org', 'Nicht-das-Passwort-1');
      await h.login('unbekannt-kosten@example.org', 'Nicht-das-Passwort-1');
      expect(verify).toHaveBeenCalledTimes(2);
      const [known = '', unknown = ''] = verify.mock.calls.map(([hash]) => String(hash)); // two, as just checked
      const cost = (hash: string): string => hash.split('$').slice(1, 4).join('$');
      expect(cost(known)).toBe('argon2id$v=19$m=1024,t=1,p=1');
      expect(cost(unknown)).toBe(cost(known));
      expect(unknown).not.toBe(known);
    });
  });

  describe('forgotten password', () => {
    it('answers 202 for known and unknown addresses; only a known one gets a reset mail event', async () => {
      const id = await h.citizen('vergessen@example.org');
      const before = (await h.events('identity.password-reset-requested')).length;
      const known = await h.post('/auth/password/forgot', { email: 'Vergessen@example.org' });
      const unknown = await h.post('/auth/password/forgot', { email: 'gibtsnicht@example.org' });
      expect([known.statusCode, unknown.statusCode]).toEqual([202, 202]);
      expect(known.body).toBe(unknown.body);
      const events = await h.events('identity.password-reset-requested');
      expect(events).toHaveLength(before + 1);
      expect(events[events.length - 1]?.data).toMatchObject({
        userId: id,
        email: 'vergessen@example.org',
        token: expect.any(String),
      });
    });

    it('resets the password with the token once, and ends every session of the account', async () => {
      await h.citizen('reset@example.org');
      const first = await h.login('reset@example.org', PASSWORD);
      const second = await h.login('reset@example.org', PASSWORD);
      await h.post('/auth/password/forgot', { email: 'reset@example.org' });
      const { token } = (await h.lastEvent('identity.password-reset-requested', 'reset@example.org')).data;

      const weak = await h.post('/auth/password/reset', { token, password: 'qwertyuiop' });
      expect(weak.statusCode).toBe(422);
      expect(weak.json().errors[0]).toMatchObject({ field: 'password' });

      expect(
        (await h.post('/auth/password/reset', { token, password: 'Neues-Passwort-Esslingen' })).statusCode,
      ).toBe(204);
      expect((await h.login('reset@example.org', PASSWORD)).statusCode).toBe(401);
      expect((await h.login('reset@example.org', 'Neues-Passwort-Esslingen')).statusCode).toBe(200);
      for (const session of [first, second]) {
        const refreshed = await h.post('/auth/refresh', { refreshToken: refreshCookieOf(session)?.value });
        expect(refreshed.statusCode).toBe(401);
        expect(refreshed.json()).toMatchObject({ type: 'invalid-refresh-token' });
      }
      expect(
        (await h.post('/auth/password/reset', { token, password: 'Noch-ein-Passwort-2026' })).json(),
      ).toMatchObject({
        type: 'invalid-token',
      });
    });
  });

  describe('mails per address (issue 14, defect 8)', () => {
    const verificationMails = async (email: string) =>
      (await h.events('identity.email-verification-requested')).filter((e) => e.data.email === email);

    it('7 registrations and 7 forgotten-password requests for one address mail it 3 + 3 times; every answer is 202', async () => {
      const id = await h.citizen('opfer@example.org'); // the first verification mail
      const answers: number[] = [];
      for (let i = 0; i < 7; i++) {
        const email = i % 2 === 0 ? 'opfer@example.org' : '  Opfer@Example.ORG ';
        answers.push(
          (await h.post('/auth/register', { email, password: PASSWORD, givenName: 'A', familyName: 'B' }))
            .statusCode,
        );
        answers.push((await h.post('/auth/password/forgot', { email })).statusCode);
      }
      expect(answers).toEqual(Array(14).fill(202));
      expect(await verificationMails('opfer@example.org')).toHaveLength(3);
      expect(await h.events('identity.password-reset-requested', id)).toHaveLength(3);
      // another address is not affected
      await h.citizen('nachbar@example.org');
      await h.post('/auth/password/forgot', { email: 'nachbar@example.org' });
      expect(await h.events('identity.password-reset-requested')).toContainEqual(
        expect.objectContaining({ data: expect.objectContaining({ email: 'nachbar@example.org' }) }),
      );
      // an hour later (moved in the database) the address may be mailed again
      await h.query(`UPDATE ${h.table('address_mails')} SET at = at - interval '61 minutes'`);
      await h.post('/auth/password/forgot', { email: 'opfer@example.org' });
      expect(await h.events('identity.password-reset-requested', id)).toHaveLength(4);
    });

    it('parallel registrations of a new address create one account and mail it at most 3 times', async () => {
      const answers = await Promise.all(
        Array.from({ length: 7 }, (_, i) =>
          h.post('/auth/register', {
            email: 'flut@example.org',
            password: `${PASSWORD}-${i}`,
            givenName: 'Erika',
            familyName: 'Muster',
          }),
        ),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(Array(7).fill(202));
      expect(await verificationMails('flut@example.org')).toHaveLength(3);
      expect(
        await h.query(`SELECT id FROM ${h.table('users')} WHERE email = 'flut@example.org'`),
      ).toHaveLength(1);
    });
  });

  describe('names (issue 14, defect 8: no message in a mail greeting)', () => {
    const hostile = [
      'Erika, klicken Sie hier: https://phish.example/login',
      'Erika www.buergeramt-esslingen.de',
      'buergeramt-esslingen.de',
      'Erika Mustermann rufen Sie 0711 123456 an',
      'Max2',
      'erika@example.org',
      'Erika!',
      'Erika / Max',
      '<b>Erika</b>',
      '-Erika',
      'Erika--Maria',
      'Erika\u0000',
      'É'.repeat(101),
    ];

    it.each(hostile)(
      'registration refuses the name %j with 422 on the field, nothing changed',
      async (name) => {
        const before = await h.snapshot();
        for (const field of ['givenName', 'familyName']) {
          const res = await h.post('/auth/register', {
            email: 'name@example.org',
            password: PASSWORD,
            givenName: 'Erika',
            familyName: 'Muster',
            [field]: name,
          });
          expect(res.statusCode).toBe(422);
          expect(res.headers['content-type']).toContain('application/problem+json');
          expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([field]);
        }
        expect(await h.snapshot()).toEqual(before);
      },
    );

    it('PATCH /me refuses the same names, and takes real ones of many languages (white space tidied)', async () => {
      await h.citizen('namen@example.org');
      const token = await h.accessToken('namen@example.org', PASSWORD);
      const before = await h.snapshot();
      for (const name of hostile) {
        const res = await h.as(token, 'PATCH', '/me', { familyName: name });
        expect(res.statusCode).toBe(422);
        expect(res.json()).toMatchObject({ type: 'validation-failed', errors: [{ field: 'familyName' }] });
      }
      expect(await h.snapshot()).toEqual(before);
      for (const [given, family] of [
        ['Anne-Marie', "O'Brien"],
        ['J. R. R.', 'Tolkien'],
        ['María José', 'Müller-Lüdenscheidt'],
        ['Nguyễn', 'Thị Minh'],
        ['Zoë', 'D’Angelo Jr.'],
        ['Ørjan', 'Ødegård'],
        ['明', '王'],
        ['A', 'B'],
      ]) {
        const res = await h.as(token, 'PATCH', '/me', { givenName: given, familyName: family });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ givenName: given, familyName: family });
      }
      const tidied = await h.as(token, 'PATCH', '/me', { givenName: ' Erika \t  Maria\n' });
      expect(tidied.json()).toMatchObject({ givenName: 'Erika Maria' });
    });
  });

  describe('/me', () => {
    it('shows and changes my profile, and publishes identity.profile-changed', async () => {
      const id = await h.citizen('profil@example.org');
      const token = await h.accessToken('profil@example.org', PASSWORD);
      const me = await h.as(token, 'GET', '/me');
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        id,
        email: 'profil@example.org',
        emailVerified: true,
        roles: ['citizen'],
        mfaEnabled: false,
      });
      const patched = await h.as(token, 'PATCH', '/me', { givenName: '  Erika Maria ', locale: 'en' });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ givenName: 'Erika Maria', familyName: 'Muster', locale: 'en' });
      const events = await h.events('identity.profile-changed', id);
      expect(events[events.length - 1]?.data).toEqual({
        userId: id,
        email: 'profil@example.org',
        givenName: 'Erika Maria',
        familyName: 'Muster',
        locale: 'en',
        roles: ['citizen'],
      });
    });

    it('keeps an optional phone number and postal address: absent keeps, null erases, not in any event', async () => {
      const id = await h.citizen('kontakt@example.org');
      const token = await h.accessToken('kontakt@example.org', PASSWORD);
      expect((await h.as(token, 'GET', '/me')).json()).toMatchObject({ phone: null, address: null });

      const set = await h.as(token, 'PATCH', '/me', {
        phone: ' +49 (711) 3512-0 ',
        address: { street: ' Rathausplatz 2 ', postalCode: '73728', city: 'Esslingen am Neckar' },
      });
      expect(set.statusCode).toBe(200);
      const contact = {
        phone: '+49 (711) 3512-0',
        address: { street: 'Rathausplatz 2', postalCode: '73728', city: 'Esslingen am Neckar' },
      };
      expect(set.json()).toMatchObject(contact);
      expect((await h.as(token, 'GET', '/me')).json()).toMatchObject(contact);

      // a change of the name alone keeps them
      const renamed = await h.as(token, 'PATCH', '/me', { familyName: 'Neumann' });
      expect(renamed.json()).toMatchObject({ familyName: 'Neumann', ...contact });

      // other formats people write
      for (const phone of ['0711/3512-0', '(0711) 35 12 0', '+44 20 7946 0958', '0151.23456789']) {
        const res = await h.as(token, 'PATCH', '/me', { phone });
        expect({ phone, status: res.statusCode }).toEqual({ phone, status: 200 });
      }

      // null erases each, independently
      const noPhone = await h.as(token, 'PATCH', '/me', { phone: null });
      expect(noPhone.json()).toMatchObject({ phone: null, address: contact.address });
      const none = await h.as(token, 'PATCH', '/me', { address: null });
      expect(none.json()).toMatchObject({ phone: null, address: null });
      const [row] = await h.query<Record<string, unknown>>(
        `SELECT phone, address_street, address_postal_code, address_city FROM ${h.table('users')} WHERE id = $1`,
        [id],
      );
      expect(row).toEqual({
        phone: null,
        address_street: null,
        address_postal_code: null,
        address_city: null,
      });

      // data minimisation: the other services' read models never receive them
      for (const event of await h.events('identity.profile-changed', id)) {
        expect(Object.keys(event.data)).not.toEqual(expect.arrayContaining(['phone']));
        expect(Object.keys(event.data)).not.toEqual(expect.arrayContaining(['address']));
      }
    });

    it('refuses a partial address, a malformed phone number and over-long parts with 422 naming the field', async () => {
      await h.citizen('kontakt-falsch@example.org');
      const token = await h.accessToken('kontakt-falsch@example.org', PASSWORD);
      await h.as(token, 'PATCH', '/me', { phone: '0711 1234567' });
      const before = await h.snapshot();
      const [rowBefore] = await h.query(
        `SELECT * FROM ${h.table('users')} WHERE email = 'kontakt-falsch@example.org'`,
      );
      const address = { street: 'Rathausplatz 2', postalCode: '73728', city: 'Esslingen' };
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ address: { street: 'Rathausplatz 2', postalCode: '73728' } }, 'address.city'],
        [{ address: { ...address, street: '   ' } }, 'address.street'],
        [{ address: { ...address, postalCode: '' } }, 'address.postalCode'],
        [{ address: { ...address, street: 'x'.repeat(201) } }, 'address.street'],
        [{ address: { ...address, postalCode: '1'.repeat(21) } }, 'address.postalCode'],
        [{ address: { ...address, postalCode: '73728; DROP' } }, 'address.postalCode'],
        [{ address: { ...address, city: 'x'.repeat(101) } }, 'address.city'],
        [{ address: { ...address, country: 'DE' } }, 'address.country'],
        [{ address: 'Rathausplatz 2, 73728 Esslingen' }, 'address'],
        [{ phone: 'call me maybe' }, 'phone'],
        [{ phone: '1234' }, 'phone'],
        [{ phone: '+49 711 ' + '1'.repeat(40) }, 'phone'],
        [{ phone: '0711 123456 ext. 5' }, 'phone'],
        [{ phone: '49+711123456' }, 'phone'],
        [{ phone: '' }, 'phone'],
        [{ phone: 711123456 }, 'phone'],
      ];
      for (const [payload, field] of cases) {
        const res = await h.as(token, 'PATCH', '/me', payload);
        expect({ payload, status: res.statusCode }).toEqual({ payload, status: 422 });
        expect(res.json()).toMatchObject({ type: 'validation-failed' });
        expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(field);
      }
      expect(await h.snapshot()).toEqual(before);
      const [rowAfter] = await h.query(
        `SELECT * FROM ${h.table('users')} WHERE email = 'kontakt-falsch@example.org'`,
      );
      expect(rowAfter).toEqual(rowBefore);
      // the database refuses a partial address too, whoever writes it
      await expect(
        h.query(
          `UPDATE ${h.table('users')} SET address_street = 'Nur Straße 1' WHERE email = 'kontakt-falsch@example.org'`,
        ),
      ).rejects.toThrow(/users_address_complete/);
    });

    it('migrates phone and address in and out again (reversible)', async () => {
      const migration = new ProfileContact1764200000002();
      const runner = h.dataSource.createQueryRunner();
      const columns = async (): Promise<string[]> =>
        (
          await h.query<{ column_name: string }>(
            `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'users'
             AND column_name IN ('phone', 'address_street', 'address_postal_code', 'address_city') ORDER BY 1`,
            [h.service.schema.schema],
          )
        ).map((c) => c.column_name);
      try {
        expect(await columns()).toEqual(['address_city', 'address_postal_code', 'address_street', 'phone']);
        await migration.down(runner);
        expect(await columns()).toEqual([]);
        await migration.up(runner);
        expect(await columns()).toEqual(['address_city', 'address_postal_code', 'address_street', 'phone']);
      } finally {
        await runner.release();
      }
    });

    it('needs a token (401) and a person (a forged or missing one is refused)', async () => {
      expect((await h.inject('/me')).json()).toMatchObject({ status: 401, type: 'unauthorized' });
      expect((await h.as('not-a-jwt', 'GET', '/me')).statusCode).toBe(401);
    });

    it('DELETE /me erases the account, publishes identity.account-deleted, and the old token finds nothing (404)', async () => {
      const id = await h.citizen('loeschen@example.org');
      const login = await h.login('loeschen@example.org', PASSWORD);
      const token = login.json<{ accessToken: string }>().accessToken;
      await h.as(token, 'PATCH', '/me', {
        phone: '0711 1234567',
        address: { street: 'Löschweg 1', postalCode: '73728', city: 'Esslingen' },
      });
      const del = await h.as(token, 'DELETE', '/me');
      expect(del.statusCode).toBe(204);
      expect(await h.query(`SELECT id FROM ${h.table('users')} WHERE id = $1`, [id])).toEqual([]);
      // phone and address lived in that row, and no event ever carried them
      expect(
        await h.query(
          `SELECT id FROM ${h.table('outbox')} WHERE data::text LIKE '%1234567%' OR data::text LIKE '%Löschweg%'`,
        ),
      ).toEqual([]);
      expect(await h.query(`SELECT id FROM ${h.table('refresh_tokens')} WHERE user_id = $1`, [id])).toEqual(
        [],
      );
      expect(await h.query(`SELECT id FROM ${h.table('one_time_tokens')} WHERE user_id = $1`, [id])).toEqual(
        [],
      );
      const [event] = await h.events('identity.account-deleted', id);
      expect(event?.data).toEqual({ userId: id });
      expect((await h.as(token, 'GET', '/me')).statusCode).toBe(404);
      expect(
        (await h.post('/auth/refresh', { refreshToken: refreshCookieOf(login)?.value })).statusCode,
      ).toBe(401);
      expect((await h.login('loeschen@example.org', PASSWORD)).statusCode).toBe(401);
      // the address can be registered afresh
      await h.citizen('loeschen@example.org');
    });
  });

  describe('bad input', () => {
    const big = 'x'.repeat(10 * 1024);
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      [
        'register: email missing',
        '/auth/register',
        { password: PASSWORD, givenName: 'A', familyName: 'B' },
        'email',
      ],
      [
        'register: malformed email',
        '/auth/register',
        { email: 'not-an-address', password: PASSWORD, givenName: 'A', familyName: 'B' },
        'email',
      ],
      [
        'register: email with two @',
        '/auth/register',
        { email: 'a@b@example.org', password: PASSWORD, givenName: 'A', familyName: 'B' },
        'email',
      ],
      [
        'register: 10 kB email',
        '/auth/register',
        { email: `${big}@example.org`, password: PASSWORD, givenName: 'A', familyName: 'B' },
        'email',
      ],
      [
        'register: 10 kB password',
        '/auth/register',
        { email: 'big@example.org', password: big, givenName: 'A', familyName: 'B' },
        'password',
      ],
      [
        'register: 10 kB name',
        '/auth/register',
        { email: 'big@example.org', password: PASSWORD, givenName: big, familyName: 'B' },
        'givenName',
      ],
      [
        'register: number as name',
        '/auth/register',
        { email: 'n@example.org', password: PASSWORD, givenName: 42, familyName: 'B' },
        'givenName',
      ],
      [
        'register: empty name',
        '/auth/register',
        { email: 'n@example.org', password: PASSWORD, givenName: '   ', familyName: 'B' },
        'givenName',
      ],
      [
        'register: unknown locale',
        '/auth/register',
        { email: 'n@example.org', password: PASSWORD, givenName: 'A', familyName: 'B', locale: 'fr' },
        'locale',
      ],
      [
        'register: unknown field',
        '/auth/register',
        { email: 'n@example.org', password: PASSWORD, givenName: 'A', familyName: 'B', roles: ['admin'] },
        'roles',
      ],
      [
        'login: password as number',
        '/auth/login',
        { email: 'a@example.org', password: 1234567890 },
        'password',
      ],
      ['login: 10 kB totp', '/auth/login', { email: 'a@example.org', password: PASSWORD, totp: big }, 'totp'],
      ['verify: token missing', '/auth/verify-email', {}, 'token'],
      ['verify: 10 kB token', '/auth/verify-email', { token: big }, 'token'],
      ['forgot: malformed email', '/auth/password/forgot', { email: 'x' }, 'email'],
      ['reset: password missing', '/auth/password/reset', { token: 'abc' }, 'password'],
      ['refresh: token as object', '/auth/refresh', { refreshToken: { a: 1 } }, 'refreshToken'],
      ['mfa enroll: token as array', '/auth/mfa/enroll', { enrollmentToken: ['a'] }, 'enrollmentToken'],
    ];

    it.each(cases)(
      '%s → 422 problem+json naming the field, nothing changed',
      async (_name, url, payload, field) => {
        const before = await h.snapshot();
        const res = await h.post(url, payload);
        expect(res.statusCode).toBe(422);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ type: 'validation-failed', status: 422 });
        expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(field);
        expect(await h.snapshot()).toEqual(before);
      },
    );

    it('PATCH /me with wrong types or a 10 kB name changes nothing', async () => {
      await h.citizen('patch-bad@example.org');
      const token = await h.accessToken('patch-bad@example.org', PASSWORD);
      const before = await h.snapshot();
      for (const payload of [
        { givenName: big },
        { familyName: 7 },
        { locale: 'xx' },
        { email: 'other@example.org' },
      ]) {
        const res = await h.as(token, 'PATCH', '/me', payload);
        expect(res.statusCode).toBe(422);
        expect(res.json()).toMatchObject({ type: 'validation-failed' });
      }
      expect(await h.snapshot()).toEqual(before);
    });

    it('a body that is not JSON is refused as problem+json', async () => {
      const res = await h.inject({
        method: 'POST',
        url: '/auth/login',
        payload: '{"email":',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
  });
});
