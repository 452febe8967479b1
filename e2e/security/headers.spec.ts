import { defined } from '@buergeramt/testing';
import { BASE_URL } from '../support/journey';
import {
  type Answer,
  book,
  call,
  type Citizen,
  guestBooking,
  newCitizen,
  services,
  uploadDocument,
} from './support';

/**
 * What every answer tells the browser, through the gateway as a browser meets it: the security headers
 * on the app's pages, its assets, the API documentation and every API answer (errors included); personal
 * answers are never stored by a browser or proxy (`Cache-Control: no-store`, decisions §20), public reads
 * are (ETag, `public, max-age`, 304 on a matching If-None-Match); a document's content is served with its
 * own, stricter policy (`default-src 'none'; sandbox`, decisions §19).
 */
describe('security headers and caching (through the gateway)', () => {
  let citizen: Citizen;
  let appointmentId: string;
  let documentId: string;
  let guest: { id: string; token: string };
  let onlineSlug: string;
  let assetPath: string;

  beforeAll(async () => {
    const catalogue = await services();
    const bookable =
      catalogue.find((s) => s.slug === 'beglaubigung') ?? catalogue.find((s) => s.appointmentRequired)!;
    onlineSlug = catalogue.find((s) => s.onlineApplication)!.slug;
    citizen = await newCitizen('kopfzeilen');
    const [appointment, document, guestAppointment, index] = await Promise.all([
      book(bookable.id, { token: citizen.token, pick: 11 }),
      uploadDocument(citizen.token),
      guestBooking(bookable.id, 13),
      call('GET', `${BASE_URL()}/`),
    ]);
    appointmentId = appointment.id;
    documentId = document;
    guest = guestAppointment;
    // the app's entry script, as index.html names it (hashed file name)
    assetPath = defined(
      /<script type="module"[^>]*src="([^"]+\.js)"/.exec(index.text)?.[1],
      'the entry script in index.html',
    );
  });

  /** What is missing or wrong in an answer's security headers. */
  function headerIssues(answer: Answer): string[] {
    const h = answer.headers;
    const issues: string[] = [];
    const csp = h.get('content-security-policy') ?? '';
    if (!/(^|;)\s*default-src /.test(csp)) issues.push(`no default-src in the CSP "${csp}"`);
    if (!csp.includes("frame-ancestors 'none'") && !/\bsandbox\b/.test(csp))
      issues.push(`no frame-ancestors 'none' in the CSP "${csp}"`);
    const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    if (/'unsafe-inline'|'unsafe-eval'/.test(scripts)) issues.push(`script-src allows "${scripts}"`);
    if (h.get('x-content-type-options') !== 'nosniff') issues.push('no X-Content-Type-Options: nosniff');
    const referrer = h.get('referrer-policy') ?? '';
    if (
      !['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(referrer)
    )
      issues.push(`Referrer-Policy "${referrer}"`);
    if (h.get('x-frame-options') !== 'DENY') issues.push(`X-Frame-Options "${h.get('x-frame-options')}"`);
    if (h.has('x-powered-by')) issues.push(`X-Powered-By "${h.get('x-powered-by')}"`);
    if (h.has('server')) issues.push(`Server "${h.get('server')}"`);
    // HSTS only over TLS: this platform is plain http on localhost
    if (h.has('strict-transport-security')) issues.push('HSTS over plain http');
    return issues;
  }

  it('sends the security headers on the app, its assets, the API docs and API answers (errors too)', async () => {
    const token = citizen.token;
    const answers: [string, Answer][] = await Promise.all(
      (
        [
          ['GET', '/', undefined],
          ['GET', '/termine', undefined], // a route of the app (served as index.html)
          ['GET', assetPath, undefined],
          ['GET', '/backoffice/', undefined],
          ['GET', '/api/docs', undefined],
          ['GET', '/api/docs-json', undefined],
          ['GET', '/api/v1/health', undefined],
          ['GET', '/api/v1/config/public', undefined],
          ['GET', '/api/v1/config/logo.svg', undefined],
          ['GET', '/api/v1/services', undefined],
          ['GET', '/api/v1/me', token],
          ['GET', '/api/v1/me', undefined], // 401
          ['GET', '/api/v1/admin/users', token], // 403
          ['GET', '/api/v1/no-such-thing', undefined], // 404
          ['POST', '/api/v1/auth/login', undefined], // 422
          ['GET', `/api/v1/documents/${documentId}/content`, token],
        ] as const
      ).map(async ([method, path, bearer]): Promise<[string, Answer]> => [
        `${method} ${path}`,
        await call(method, `${BASE_URL()}${path}`, {
          token: bearer,
          body: method === 'POST' ? {} : undefined,
        }),
      ]),
    );
    const problems = answers.flatMap(([what, answer]) =>
      headerIssues(answer).map((issue) => `${what} (${answer.status}): ${issue}`),
    );
    expect(problems).toEqual([]);
    // the statuses are the ones meant (the list covers errors on purpose)
    expect(answers.map(([what, answer]) => [what, answer.status])).toEqual([
      ['GET /', 200],
      ['GET /termine', 200],
      [`GET ${assetPath}`, 200],
      ['GET /backoffice/', 200], // the back-office app
      ['GET /api/docs', 200],
      ['GET /api/docs-json', 200],
      ['GET /api/v1/health', 200],
      ['GET /api/v1/config/public', 200],
      ['GET /api/v1/config/logo.svg', 200],
      ['GET /api/v1/services', 200],
      ['GET /api/v1/me', 200],
      ['GET /api/v1/me', 401],
      ['GET /api/v1/admin/users', 403],
      ['GET /api/v1/no-such-thing', 404],
      ['POST /api/v1/auth/login', 422],
      [`GET /api/v1/documents/${documentId}/content`, 200],
    ]);
  });

  it("serves a document's content as an attachment with default-src 'none'; sandbox, never stored", async () => {
    const res = await call('GET', `/documents/${documentId}/content`, { token: citizen.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toMatch(/\bno-store\b/);
    // the city's logo, an image the gateway serves itself, cannot run anything either
    const logo = await call('GET', '/config/logo.svg');
    expect(logo.headers.get('content-security-policy')).toMatch(/^default-src 'none';.*\bsandbox\b/);
  });

  it('marks every personal answer Cache-Control: no-store (errors included)', async () => {
    const own = citizen.token;
    const other = (await newCitizen('kopfzeilen-andere')).token;
    const personal: [string, string, string | undefined][] = [
      ['GET', '/me', own],
      ['GET', '/appointments', own],
      ['GET', `/appointments/${appointmentId}`, own],
      ['GET', `/appointments/${appointmentId}/ics`, own],
      ['GET', `/appointments/${appointmentId}`, other], // 404: not theirs
      ['GET', `/appointments/${guest.id}?token=${guest.token}`, undefined], // guest look-up
      ['GET', `/appointments/${guest.id}/ics?token=${guest.token}`, undefined],
      ['GET', `/appointments/${guest.id}?token=wrong`, undefined], // 404
      ['GET', '/documents', own],
      ['GET', `/documents/${documentId}`, own],
      ['GET', `/documents/${documentId}/content`, own],
      ['GET', '/notifications', own],
      ['GET', '/notifications/preferences', own],
      ['GET', '/applications', own],
      ['GET', '/me', undefined], // 401
    ];
    const answers = await Promise.all(
      personal.map(async ([method, path, token]) => {
        const res = await call(method, path, { token });
        return [
          `${method} ${path.replace(guest.token, '<token>')}`,
          res.status,
          res.headers.get('cache-control'),
        ];
      }),
    );
    const login = await call('POST', '/auth/login', {
      body: { email: citizen.email, password: citizen.password },
    });
    answers.push(['POST /auth/login', login.status, login.headers.get('cache-control')]);
    expect(answers.filter(([, , cacheControl]) => !/\bno-store\b/.test(String(cacheControl)))).toEqual([]);
    expect(answers.map(([what, status]) => [what, status])).toEqual([
      ['GET /me', 200],
      ['GET /appointments', 200],
      [`GET /appointments/${appointmentId}`, 200],
      [`GET /appointments/${appointmentId}/ics`, 200],
      [`GET /appointments/${appointmentId}`, 404],
      [`GET /appointments/${guest.id}?token=<token>`, 200],
      [`GET /appointments/${guest.id}/ics?token=<token>`, 200],
      [`GET /appointments/${guest.id}?token=wrong`, 404],
      ['GET /documents', 200],
      [`GET /documents/${documentId}`, 200],
      [`GET /documents/${documentId}/content`, 200],
      ['GET /notifications', 200],
      ['GET /notifications/preferences', 200],
      ['GET /applications', 200],
      ['GET /me', 401],
      ['POST /auth/login', 200],
    ]);
  });

  it('lets browsers and proxies keep public reads: ETag, public max-age, 304 on If-None-Match', async () => {
    const reads = [
      '/services',
      '/services?q=Ausweis',
      '/services/personalausweis',
      `/services/${onlineSlug}/form`,
      '/locations',
      '/config/public',
      '/config/theme.css',
    ];
    for (const path of reads) {
      const first = await call('GET', path);
      expect([path, first.status]).toEqual([path, 200]);
      expect([path, first.headers.get('cache-control')]).toEqual([
        path,
        expect.stringMatching(/^public, max-age=[1-9]\d*$/),
      ]);
      const etag = first.headers.get('etag');
      expect([path, etag]).toEqual([path, expect.stringMatching(/^"[^"]+"$/)]);
      const again = await call('GET', path, { headers: { 'if-none-match': etag! } });
      expect([path, again.status, again.text]).toEqual([path, 304, '']);
      // the 304 carries the same validator and the security headers like any answer
      expect([path, again.headers.get('etag')]).toEqual([path, etag]);
      expect([path, headerIssues(again)]).toEqual([path, []]);
      // a stale validator gets the whole answer
      const stale = await call('GET', path, { headers: { 'if-none-match': '"stale"' } });
      expect([path, stale.status]).toEqual([path, 200]);
    }
    // GET /transparency is public and cacheable too; its ETag is over a body that says when it was
    // computed (generatedAt), so a revalidation is answered in full rather than with a 304
    const transparency = await call('GET', '/transparency');
    expect(transparency.status).toBe(200);
    expect(transparency.headers.get('cache-control')).toMatch(/^public, max-age=[1-9]\d*$/);
    expect(transparency.headers.get('etag')).toMatch(/^"[^"]+"$/);
    expect(transparency.headers.get('vary')).toMatch(/Accept-Language/i);
  });
});
