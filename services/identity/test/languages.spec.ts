import { IdentityHarness } from './support/identity';

const PASSWORD = 'Stadtbücherei-Esslingen-1';

interface Problem {
  type: string;
  title: string;
  detail?: string;
  errors?: { field: string; message: string; code?: string }[];
}

/**
 * API.md: `Accept-Language` (de default, en) chooses the language of texts in responses. Identity's
 * problems (title, detail, every errors[].message) follow it (issue 14, defect 10).
 */
describe('identity answers in the language asked for (real Postgres and Redis)', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await IdentityHarness.boot({ MFA_REQUIRED: 'false' });
  });

  afterAll(async () => {
    await h?.close();
  });

  const GERMAN = [undefined, 'de', 'de-DE,de;q=0.9,en;q=0.8', 'fr-FR,fr', 'en;q=0.3,de;q=0.7'];
  const ENGLISH = ['en', 'en-GB,en;q=0.9,de;q=0.5', 'fr;q=0.9,en;q=0.8'];

  async function register(body: Record<string, unknown>, language?: string): Promise<Problem> {
    const res = await h.post(
      '/auth/register',
      { email: 'sprache@example.org', password: PASSWORD, givenName: 'Erika', familyName: 'Muster', ...body },
      language ? { 'accept-language': language } : {},
    );
    expect(res.statusCode).toBe(422);
    return res.json<Problem>();
  }

  it.each(GERMAN)('password rules in German (Accept-Language: %s)', async (language) => {
    expect(await register({ password: 'Password123' }, language)).toEqual({
      type: 'validation-failed',
      title: 'Die Anfrage enthält ungültige Angaben',
      status: 422,
      detail: 'Bitte korrigieren Sie die in `errors` genannten Felder.',
      instance: '/auth/register',
      errors: [
        {
          field: 'password',
          code: 'password-common',
          message:
            'Dieses Passwort steht auf einer Liste häufig benutzter Passwörter, die Angreifer zuerst ausprobieren. Bitte wählen Sie ein anderes.',
        },
      ],
    });
    expect((await register({ password: 'kurz' }, language)).errors).toEqual([
      {
        field: 'password',
        code: 'password-too-short',
        message: 'Das Passwort braucht mindestens 10 Zeichen.',
      },
    ]);
    expect((await register({ password: 'sprache@example.org' }, language)).errors).toEqual([
      {
        field: 'password',
        code: 'password-is-email',
        message: 'Das Passwort darf nicht Ihre E-Mail-Adresse sein.',
      },
    ]);
  });

  it.each(ENGLISH)('password rules in English (Accept-Language: %s)', async (language) => {
    const problem = await register({ password: 'Password123' }, language);
    expect(problem).toMatchObject({
      title: 'The request contains invalid data',
      detail: 'Please correct the fields named in `errors`.',
      errors: [
        {
          field: 'password',
          code: 'password-common',
          message:
            'This password is on a list of commonly used passwords that attackers try first. Please choose another.',
        },
      ],
    });
    expect((await register({ password: 'kurz' }, language)).errors?.[0]?.message).toBe(
      'The password needs at least 10 characters.',
    );
  });

  it('field rules of the request body: e-mail format, the name rule and the validator defaults', async () => {
    const cases: [Record<string, unknown>, string, string, string][] = [
      [{ email: 'keine-adresse' }, 'email', 'muss eine E-Mail-Adresse sein', 'must be an e-mail address'],
      [
        { givenName: 'Erika https://phish.example' },
        'givenName',
        'darf nur Buchstaben, Leerzeichen, Bindestriche, Apostrophe und Punkte enthalten (keine Ziffern, Links oder @)',
        'may contain only letters, spaces, hyphens, apostrophes and dots (no digits, links or @)',
      ],
      [{ givenName: 42 }, 'givenName', 'muss ein Text sein', 'givenName must be a string'],
      [{ familyName: '   ' }, 'familyName', 'darf nicht leer sein', 'familyName should not be empty'],
      [
        { familyName: 'x'.repeat(101) },
        'familyName',
        'darf höchstens 100 Zeichen lang sein',
        'familyName must be shorter than or equal to 100 characters',
      ],
      [
        { locale: 'fr' },
        'locale',
        'muss einer dieser Werte sein: de, en',
        'locale must be one of the following values: de, en',
      ],
      [{ roles: ['admin'] }, 'roles', 'ist hier kein zulässiges Feld', 'property roles should not exist'],
    ];
    for (const [body, field, de, en] of cases) {
      expect((await register(body)).errors).toEqual([{ field, message: de }]);
      expect((await register(body, 'en')).errors).toEqual([{ field, message: en }]);
    }
  });

  it('lockout: the 429 says when to try again, in German or English', async () => {
    for (let i = 0; i < 5; i++) await h.login('gesperrt@example.org', 'Falsches-Passwort-1');
    const de = await h.post('/auth/login', { email: 'gesperrt@example.org', password: PASSWORD });
    expect(de.statusCode).toBe(429);
    expect(de.json()).toMatchObject({
      type: 'account-locked',
      title: 'Zu viele fehlgeschlagene Anmeldungen: Das Konto ist eine Zeit lang gesperrt',
      detail:
        'Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in 15 Minuten wieder, oder setzen Sie Ihr Passwort zurück.',
      lockedUntil: expect.any(String),
    });
    const en = await h.post(
      '/auth/login',
      { email: 'gesperrt@example.org', password: PASSWORD },
      { 'accept-language': 'en' },
    );
    expect(en.json()).toMatchObject({
      type: 'account-locked',
      title: 'Too many failed logins: the account is locked for a while',
      detail: 'Too many failed logins. Try again in 15 minute(s), or reset your password.',
    });
    expect(en.headers['retry-after']).toBeDefined();
  });

  it('wrong credentials, invalid and expired tokens, a reset with a weak password', async () => {
    const wrong = await h.post('/auth/login', { email: 'niemand@example.org', password: PASSWORD });
    expect(wrong.json()).toMatchObject({
      type: 'invalid-credentials',
      title: 'E-Mail-Adresse oder Passwort ist falsch',
    });
    const wrongEn = await h.post(
      '/auth/login',
      { email: 'niemand@example.org', password: PASSWORD },
      { 'accept-language': 'en' },
    );
    expect(wrongEn.json()).toMatchObject({ title: 'E-mail address or password is wrong' });

    const invalid = await h.post('/auth/verify-email', { token: 'gibt-es-nicht' });
    expect(invalid.json()).toMatchObject({
      type: 'invalid-token',
      status: 400,
      title: 'Der Link oder das Token ist ungültig oder abgelaufen',
      detail: 'Der Link ist ungültig, wurde schon benutzt oder ist abgelaufen.',
    });
    const invalidEn = await h.post(
      '/auth/verify-email',
      { token: 'gibt-es-nicht' },
      { 'accept-language': 'en' },
    );
    expect(invalidEn.json()).toMatchObject({
      detail: 'The link is invalid, was already used or has expired.',
    });

    const id = await h.citizen('ablauf@example.org');
    await h.post('/auth/password/forgot', { email: 'ablauf@example.org' });
    const { token } = (await h.lastEvent('identity.password-reset-requested', 'ablauf@example.org')).data;
    const weak = await h.post('/auth/password/reset', { token, password: 'qwertyuiop' });
    expect(weak.json<Problem>().errors).toEqual([
      { field: 'password', code: 'password-common', message: expect.stringContaining('häufig benutzter') },
    ]);
    await h.query(
      `UPDATE ${h.table('one_time_tokens')} SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [id],
    );
    const expired = await h.post(
      '/auth/password/reset',
      { token, password: 'Neues-Passwort-Esslingen' },
      { 'accept-language': 'en' },
    );
    expect(expired.json()).toMatchObject({
      type: 'invalid-token',
      detail: 'The link is invalid, was already used or has expired.',
    });
  });

  it('not found and conflicts, and the token endpoint keeps RFC 6749 error_description in ASCII English', async () => {
    const admin = await h.admin();
    const missing = await h.as(admin.token, 'GET', '/admin/users/0190a0a0-0000-7000-8000-000000000000');
    expect(missing.json()).toMatchObject({
      type: 'not-found',
      title: 'Nicht gefunden',
      detail: 'Es gibt kein Konto von Mitarbeitenden mit dieser ID.',
    });
    const malformedId = await h.as(admin.token, 'DELETE', '/admin/api-clients/kein-uuid');
    expect(malformedId.json()).toMatchObject({
      type: 'not-found',
      detail: 'Hier ist nichts, oder es gehört nicht Ihnen.',
    });

    const token = await h.inject({
      method: 'POST',
      url: '/auth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'de' },
      payload: 'grant_type=client_credentials&client_id=cl_x&client_secret=y',
    });
    expect(token.json()).toMatchObject({
      type: 'invalid-client',
      title: 'Die Client-Authentifizierung ist fehlgeschlagen',
      detail: 'Unbekannter Client oder falsches Geheimnis.',
      error: 'invalid_client',
      error_description: 'Unknown client or wrong secret.',
    });
  });
});
